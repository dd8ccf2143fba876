#pragma once
// The path above the canvas to what is selected: model › module › submodule › node, each module
// a link that goes to its group.
#include <QLabel>

namespace irscope::app {

struct ModelDocument;

class BreadcrumbBar : public QLabel {
  Q_OBJECT
public:
  explicit BreadcrumbBar(QWidget* parent = nullptr);
  // The path to the diagram item (-1: the model alone); nothing without a document.
  void showPath(const ModelDocument* document, int item);

signals:
  void rootClicked();
  void groupClicked(int group);
};

} // namespace irscope::app
