#pragma once
// The Operators dock: one row per op type with its node count, configurations, target ops,
// mapping status and score; expanding an op lists its configurations (a one-line summary of the
// arguments, the class and, for a fallback, why). Choosing an op marks all its nodes, choosing
// a configuration just that configuration's. Sortable by any column, filtered by op or target.
#include "gui/app/model_mapping.h"

#include <QDockWidget>
#include <memory>
#include <vector>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace irscope::app {

class OpCountDelegate;

// "[1,64,112,112] float32 · kernel_size [3,3] · stride [2,2]": a configuration's arguments
// (ir::nodeArguments) on one line, tensors as shape and dtype, other arguments by name.
QString configurationSummary(const Json& arguments);

class OperatorsDock : public QDockWidget {
  Q_OBJECT
public:
  // The target ops come last, where a long list has room.
  enum Column { Op, Count, Configurations, Score, Status, Target, kColumnCount };

  explicit OperatorsDock(QWidget* parent = nullptr);

  // Lists the mapped model's ops; null empties the tree. Which ops are open, the current row,
  // the filter and the sort order stay across calls (a new mapping, say).
  void setMapping(std::shared_ptr<const ModelMapping> mapping);
  QTreeWidget* tree() const { return tree_; }
  QLineEdit* filter() const { return filter_; }
  QTreeWidgetItem* opItem(const QString& op) const;
  // Wide enough for every column but the target ops, and those up to a point.
  int preferredWidth() const;
  // Opens the op's row, makes it current and scrolls to it, without choosing it (nothing is
  // marked or selected); false when the model has no such op.
  bool showOp(const QString& op);
  // The nodes a row stands for, in graph order: every node of an op, or of one configuration.
  std::vector<int> nodesOf(const QTreeWidgetItem* item) const;

signals:
  void opChosen(const QString& op);
  void configurationChosen(const std::vector<int>& nodes);

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  void fill();
  // The Op column as wide as the counts beside it leave (op names are cut in the middle, their
  // tooltips whole), until the user sizes it.
  void fitOpColumn();
  void choose(QTreeWidgetItem* item);
  void applyFilter();
  const ir::OpCoverage* coverageOf(const QTreeWidgetItem* item) const;

  std::shared_ptr<const ModelMapping> mapping_;
  QTreeWidget* tree_;
  QLineEdit* filter_;
  OpCountDelegate* counts_;
  // A click that made its row current has already chosen it (see the constructor).
  bool chosen_by_press_ = false;
  int op_column_natural_ = 0;      // what the op names need
  bool op_column_by_user_ = false; // the user dragged its edge: leave it
  bool sizing_op_column_ = false;  // the dock itself sizes it
};

} // namespace irscope::app
