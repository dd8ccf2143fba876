#pragma once
// The Changes dock of a comparison: every change (changed, added, removed) with the nodes of
// both sides and what changed, grouped by module in execution order, then the weights that
// changed, filtered by class with one toggle per class. Choosing a node's change asks for it on
// both canvases.
#include "gui/app/model_comparison.h"

#include <QDockWidget>
#include <memory>

class QLabel;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace irscope::app {

class ChangesDock : public QDockWidget {
  Q_OBJECT
public:
  explicit ChangesDock(QWidget* parent = nullptr);

  // Lists the comparison's changes; null empties the list. It must outlive its use.
  void setComparison(const ModelComparison* comparison);
  // Shows or hides the changes of one class.
  void setClassShown(ir::ChangeClass change, bool shown);
  // Makes the entry's row current (a node chosen on a canvas); no signal.
  void showEntry(int entry);
  QTreeWidget* tree() const { return tree_; }
  // The node entries listed now, in order (weights left out), for tests.
  std::vector<int> listedEntries() const;

signals:
  void entryChosen(int entry); // into ModelComparison::diff.nodes

private:
  void rebuild();

  const ModelComparison* comparison_ = nullptr;
  QLabel* summary_;
  QToolButton* toggles_[3] = {}; // changed, added, removed
  QTreeWidget* tree_;
};

} // namespace irscope::app
