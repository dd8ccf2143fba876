#pragma once
// The Modules dock: the model's groups as a tree, with each one's ops, parameters and what it
// is; a click asks for the group to be shown.
#include "gui/app/model_document.h"

#include <QDockWidget>

class QTreeWidget;

namespace irscope::app {

class ModulesDock : public QDockWidget {
  Q_OBJECT
public:
  explicit ModulesDock(QWidget* parent = nullptr);

  // Lists the document's groups; null empties the tree.
  void setDocument(const ModelDocument* document);
  QTreeWidget* tree() const { return tree_; }

signals:
  void groupClicked(int group);

private:
  QTreeWidget* tree_;
};

} // namespace irscope::app
