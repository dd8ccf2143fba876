#pragma once
// The Properties dock: everything about the selected node, with its producers one click away.
#include "gui/app/model_document.h"

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QPushButton;

namespace irscope::app {

class PropertiesPanel : public QWidget {
  Q_OBJECT
public:
  explicit PropertiesPanel(QWidget* parent = nullptr);

  void setDocument(const ModelDocument* document);
  void showNode(int node); // -1 clears
  void showGroup(int group);
  int shownNode() const { return node_; }
  QTreeWidget* tree() const { return tree_; }
  // The node as torch_ir JSON, as "Copy as JSON" puts it on the clipboard.
  QString nodeJson() const;

signals:
  void nodeRequested(int node); // a producer or consumer was clicked

private:
  QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& key, const QString& value);

  const ModelDocument* document_ = nullptr;
  int node_ = -1;
  QLabel* title_;
  QTreeWidget* tree_;
  QPushButton* copy_;
};

} // namespace irscope::app
