#pragma once
// Comparing the open model with another: File > Compare With... reads a second model of any
// kind through the loader File > Open uses, pairs its nodes with the open one's and classes them
// (core/graph_diff.h), on a background job, and shows it on a second canvas beside the first.
// Selecting a node on either canvas selects its partner on the other, and panning or zooming
// one moves the other. View > Overlay Changes shows B alone, coloured by change class, with
// dashed ghosts for A's removed nodes. The Changes dock lists every change; Pair Properties
// shows both sides of a node; Tools > Run Both runs both models on the same inputs and adds each
// pair's numeric difference. Exit Compare (Esc) returns to one canvas.
//
// The canvases follow each other by the partner of the node nearest the centre: the other
// canvas shows that partner where this one shows the node, at the same zoom. Following by
// relative position would drift as soon as one side has a layer the other lacks (every box
// below it moves), while a partner is the same place in the model on both sides; with no paired
// node in view, relative position is the fallback.
#include "core/verdict.h"
#include "gui/app/background_job.h"
#include "gui/app/model_comparison.h"
#include "gui/render/heat_map.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QSplitter;
class QWidget;

namespace irscope::app {

class ChangesDock;
class GraphView;
class PairProperties;
class Workbench;

class DiffWorkflow : public QObject {
  Q_OBJECT
public:
  explicit DiffWorkflow(Workbench& bench, QObject* parent = nullptr);

  // The canvas area: the window's canvas and, beside it in a splitter, the compared model's
  // canvas (hidden until a comparison), each under a line naming its model while comparing.
  QWidget* buildCanvasArea(QWidget* parent);
  // File > Compare With... and Exit Compare, View > Overlay Changes, Tools > Run Both.
  void addActions();
  // For the window to place: the Changes dock (left) and the Pair Properties dock (right).
  ChangesDock* changesDock() const { return changes_; }
  QDockWidget* pairDock() const { return pair_dock_; }

  // Compares the open model with the model in `path`, in the background.
  void compareWith(const QString& path);
  void exitCompare();
  // One canvas coloured by change class (B, with A's removed nodes as ghosts), or two.
  void setOverlay(bool on);
  // Runs both models on the same inputs and compares every pair's outputs, in the background.
  void runBoth(const ir::VerdictRule& rule = {});
  // Shows a change on both canvases and in Pair Properties.
  void goToEntry(int entry);
  void stop();

  bool comparing() const { return comparison_ != nullptr; }
  bool overlay() const { return overlay_; }
  bool busy() const { return job_.busy() || run_job_.busy() || relayout_job_.busy(); }
  // Null while not comparing.
  const ModelComparison* comparison() const { return comparison_.get(); }
  GraphView& comparedCanvas() const { return *other_; }
  PairProperties& pairProperties() const { return *pair_; }
  // The ghost box of each removed node in the overlay, by diff entry (the same order as
  // comparedCanvas().ghostBoxes()).
  const std::vector<int>& ghostEntries() const { return ghost_entries_; }
  // The last failure of Compare With... or Run Both; empty after a success.
  const QString& lastError() const { return last_error_; }

signals:
  void compareEnded(); // a comparison is shown, or it failed or was cancelled
  void runBothEnded(); // likewise for Run Both

protected:
  // A click on a ghost box in the overlay chooses its removed node; a new theme darkens the
  // compared canvas as the window darkens its own.
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  GraphView& canvasOf(DiffSide side) const;
  void showComparison(std::shared_ptr<const ModelComparison> comparison);
  void onDocumentChanged(bool new_content);
  void applyColours();
  void restoreColours();
  void updateLabels();
  void updateActions();
  void onItemSelected(DiffSide side, int item);
  // Selects the entry's node on `side`'s canvas (nothing when that side has none).
  void selectOn(DiffSide side, int entry, bool focus);
  void follow(DiffSide from);
  void relayoutCompared(int reveal_group, int select_node);

  Workbench& bench_;
  BackgroundJob job_;
  BackgroundJob run_job_;
  BackgroundJob relayout_job_;
  std::shared_ptr<const ModelComparison> comparison_;
  int generation_ = -1; // the session's content the comparison was made against
  bool overlay_ = false;
  bool syncing_ = false; // one canvas is being moved or selected after the other
  int pending_b_node_ = -1;
  QPointF press_at_;           // where a click on the compared canvas began
  render::HeatMap saved_heat_; // the open model's colouring, back on Exit Compare
  std::vector<int> ghost_entries_;
  QString last_error_;

  QSplitter* splitter_ = nullptr;
  QWidget* column_a_ = nullptr;
  QLabel* label_a_ = nullptr;
  QLabel* label_b_ = nullptr;
  QWidget* column_b_ = nullptr;
  GraphView* other_ = nullptr;
  ChangesDock* changes_;
  PairProperties* pair_;
  QDockWidget* pair_dock_;
  QAction* compare_ = nullptr;
  QAction* exit_ = nullptr;
  QAction* overlay_action_ = nullptr;
  QAction* run_both_ = nullptr;
};

} // namespace irscope::app
