#pragma once
// The window as a workflow sees it: the few things a workflow may ask of it. Each workflow
// (open and lay out, run and verify, golden data, module analysis, operator mapping, export,
// colouring, weights) adds its actions to the menus and its pieces to the status bar through
// this, and shares the model through ModelSession; none knows another, and the window knows
// none of their details. MainWindow implements it.
#include <QString>
#include <vector>

class QDockWidget;
class QMenu;
class QWidget;

namespace irscope::app {

class BackgroundJob;
class GraphView;
class ModelSession;
enum class ColourBy;

class Workbench {
public:
  enum class Menu { File, Edit, View, Tools };

  virtual ~Workbench() = default;

  virtual ModelSession& session() = 0;
  // The canvas: what it shows, for exports and zooming.
  virtual GraphView& canvas() = 0;
  // The canvas an export draws, the one on screen: the window's, or in a comparison's overlay
  // the compared model's (its colours and the removed nodes' ghosts with it).
  virtual GraphView& shownCanvas() = 0;
  // The parent of dialogs.
  virtual QWidget* dialogParent() = 0;
  virtual QMenu* menu(Menu which) = 0;
  // A permanent widget at the right of the status bar.
  virtual void addStatusWidget(QWidget* widget) = 0;

  virtual void showMessage(const QString& message, int timeout_ms = 0) = 0;
  // One line in the status bar and a non-modal dialog; the open model stays.
  virtual void showError(const QString& message) = 0;
  // A progress bar and a Cancel button in the status bar while `job` runs, once it has run long
  // enough to be worth showing. `format` is the bar's text ("Running %p%").
  virtual void trackJob(BackgroundJob& job, const QString& format, const QString& cancel_text) = 0;

  // Selects the node's box (opening the groups around it) and shows its properties.
  virtual void selectNode(int node) = 0;
  // selectNode, then zooms to it once it is drawn.
  virtual void revealAndZoom(int node) = 0;
  // Marks nodes on the canvas; kept across relayouts.
  virtual void markNodes(std::vector<int> nodes) = 0;
  virtual void setColourBy(ColourBy colouring) = 0;
  // Shows the dock, wide enough for `wanted_width` (up to 40% of the window).
  virtual void raiseDock(QDockWidget* dock, int wanted_width) = 0;
};

} // namespace irscope::app
