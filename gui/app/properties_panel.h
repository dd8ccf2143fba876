#pragma once
// The Properties dock: everything about the selected node, with its producers one click away.
#include "gui/app/model_document.h"
#include "gui/app/run_result.h"

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
  // After a run: each output's statistics and histogram, and after a verify its error against
  // the reference. Null clears them. The run must outlive the panel's use of it.
  void setRun(const RunResult* run);
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
  // The run's rows under one output: "values" (statistics and a histogram), "vs reference".
  void addRunRows(QTreeWidgetItem* output_row, int node, size_t output);
  // For a collapsed group after a run: the node its box colour comes from.
  void addGroupRunRows(int group);

  const ModelDocument* document_ = nullptr;
  const RunResult* run_ = nullptr;
  int node_ = -1;
  int group_ = -1; // the group shown instead of a node, or -1
  QLabel* title_;
  QTreeWidget* tree_;
  QPushButton* copy_;
};

} // namespace irscope::app
