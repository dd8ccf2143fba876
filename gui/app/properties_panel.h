#pragma once
// The Properties dock: everything about the selected node, with its producers one click away.
#include "gui/app/model_document.h"
#include "gui/app/model_mapping.h"
#include "gui/app/model_module_analysis.h"
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
  // The model against the operator mapping: a node's "target" section (its class, the target
  // ops, the entry's note, a fallback's reason with the node's own values), a group's share of
  // ops that map. Null leaves the section out. The mapping must outlive the panel's use of it.
  void setMapping(const ModelMapping* mapping);
  // An op-by-op module analysis of the document: a node's "module analysis" section (the
  // status of the innermost analysed module around it and, for a failed op, its module and
  // error), a group's status. Null leaves the section out. It must outlive the panel's use.
  void setModuleAnalysis(const ModelModuleAnalysis* analysis);
  void showNode(int node); // -1 clears
  void showGroup(int group);
  // A graph input (decoder48's `memory`): its shape and who reads it, by group.
  void showGraphInput(int input);
  // A diagram item: an op's node, a collapsed group, a graph input, a stub's value, or nothing
  // for the others (-1 clears).
  void showItem(int item);
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
  void addTargetRows(int node);
  void addGroupTargetRows(int group);
  void addModuleAnalysisRows(int node);
  void addSourceRows(const ir::Node& n);
  // A row that goes to `node` when clicked.
  QTreeWidgetItem* addNodeLink(QTreeWidgetItem* parent, const QString& key, int node);
  // Who reads a value: one row per reader, or by module group when there are many in many.
  void addConsumerRows(QTreeWidgetItem* value_row, const std::vector<ir::Use>& uses);
  void addGroupModuleAnalysisRows(int group);
  // Text in the failed-status red, readable in either theme.
  QColor failedInk() const;
  // Text in the fallback colour, readable in either theme.
  QColor fallbackInk() const;
  // Whether the node lies in the group, at any depth.
  bool inGroup(int node, int group) const;

  const ModelDocument* document_ = nullptr;
  const RunResult* run_ = nullptr;
  const ModelMapping* mapping_ = nullptr;
  const ModelModuleAnalysis* module_analysis_ = nullptr;
  int node_ = -1;
  int group_ = -1; // the group shown instead of a node, or -1
  QLabel* title_;
  QTreeWidget* tree_;
  QPushButton* copy_;
};

} // namespace irscope::app
