#pragma once
// Opening and laying out: File > Open, Open Recent and Reload, a reload when the file changes
// on disk, the input shapes a TorchScript file is asked for, and every relayout of the open
// model (a group opened or closed, View > Expand All, Collapse to Top Level, Show Weights).
// Reading and layout run as one background job; the model already open stays until the new
// one is ready.
#include "core/input_spec.h"
#include "gui/app/background_job.h"
#include "layout/diagram.h"

#include <QObject>
#include <QString>
#include <vector>

class QAction;
class QFileSystemWatcher;
class QMenu;

namespace irscope::app {

class Workbench;

class DocumentWorkflow : public QObject {
  Q_OBJECT
public:
  explicit DocumentWorkflow(Workbench& bench, QObject* parent = nullptr);

  // Adds Open, Open Recent and Reload to the File menu, and Expand All, Collapse to Top Level,
  // Show Weights and Shared-Value Stubs to the View menu.
  void addFileActions();
  void addViewActions();

  // Opens a model in the background. A TorchScript file first asks for its input shapes (read
  // on a worker, since that loads the whole file).
  void openFile(const QString& path);
  // Runs a TorchScript file on inputs of these shapes and shows what it did.
  void openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs);
  // The open model again, from its file; a TorchScript model with the shapes it was run on.
  void reload();
  // The open model laid out with other options.
  void relayout(layout::DiagramOptions options);
  // The open model's options with `group` and every group around it open.
  layout::DiagramOptions optionsRevealing(int group) const;

  bool loading() const { return job_.busy() || describe_job_.busy(); }
  // Whether a model is waiting to be opened.
  bool pendingOpen() const { return !pending_path_.isEmpty(); }
  // Stops opening and laying out, and waits for the worker.
  void stop();

signals:
  void loadFailed(QString message); // opening or laying out failed; the open model stays
  void loadCancelled();

private:
  void startOpen(const QString& path, std::vector<ir::InputSpec> inputs);
  void askInputShapesThenOpen(const QString& path);
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void watch();

  Workbench& bench_;
  BackgroundJob job_;
  BackgroundJob describe_job_;
  QFileSystemWatcher* watcher_;
  QString pending_path_; // the file being opened; empty for a relayout
  QMenu* recent_menu_ = nullptr;
  QAction* show_weights_ = nullptr;
  QAction* stubs_ = nullptr; // View > Shared-Value Stubs
};

} // namespace irscope::app
