#pragma once
// The Modules dock: the model's groups as a tree, with each one's ops, parameters, MACs, output
// shapes and what it is, under a full_model row when the groups come from module paths. After an
// op-by-op analysis each module shows its status, and a module with failed ops lists them. A
// click on a group asks for it to be shown, a click on a failed op for its node.
#include "gui/app/model_document.h"
#include "gui/app/model_module_analysis.h"

#include <QDockWidget>
#include <vector>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace irscope::app {

class ModulesDock : public QDockWidget {
  Q_OBJECT
public:
  // What an analysis adds first, so that a narrow dock shows it.
  enum Column { Group, Status, Macs, OutputShape, Ops, Params, What, ColumnCount };

  explicit ModulesDock(QWidget* parent = nullptr);

  // Lists the document's groups; null empties the tree. Forgets the analysis. Keeps nothing of
  // the document: a relayout replaces it, and the groups stay the same.
  void setDocument(const ModelDocument* document);
  // Shows each module's status and its failed ops; null clears them. The analysis must be of
  // the document shown (or one with the same content).
  void setAnalysis(const ModelDocument& document, const ModelModuleAnalysis* analysis);
  QTreeWidget* tree() const { return tree_; }
  // "Module paths inferred from weight names", shown when they were.
  QLabel* inferredNote() const { return inferred_note_; }
  // The row of a group by its name ("res_block1", "res_block2.relu@2"), or of the whole model
  // by "full_model"; null when there is none.
  QTreeWidgetItem* groupItem(const QString& name) const;
  // The node a failed op's row points at; -1 for other rows and for a failure without a node.
  static int failedOpNode(const QTreeWidgetItem* item);
  // Wide enough for every column but What, and some of it.
  int preferredWidth() const;

signals:
  void groupClicked(int group);
  void nodeClicked(int node);

private:
  void clearAnalysis();
  void addFailures(QTreeWidgetItem* row, const std::vector<int>& failures,
                   const ModelDocument& document, const ModelModuleAnalysis& analysis);

  QTreeWidget* tree_;
  QLabel* inferred_note_;
  std::vector<QTreeWidgetItem*> items_; // per group
  QStringList group_names_;             // per group
  QTreeWidgetItem* root_ = nullptr;     // full_model, when there are module paths
};

} // namespace irscope::app
