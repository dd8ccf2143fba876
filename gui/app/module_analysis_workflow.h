#pragma once
// Op-by-op module analysis: Tools > Analyze Modules runs tt-model-analysis's analysis of the
// open model's unique modules on a background job, with a progress dialog and Cancel; Tools >
// Load Module Analysis lays a unique_modules.json over the model instead. Either way the
// statuses go to ModelSession, and show in the Modules dock, Properties and "Colour by: Module
// Status".
#include "gui/app/background_job.h"
#include "gui/app/module_analysis_choices.h"

#include <QObject>
#include <QPointer>

class QAction;
class QProgressDialog;

namespace irscope::app {

class ModulesDock;
class Workbench;

class ModuleAnalysisWorkflow : public QObject {
  Q_OBJECT
public:
  ModuleAnalysisWorkflow(Workbench& bench, ModulesDock& dock, QObject* parent = nullptr);

  void addActions(); // Tools > Analyze Modules, Load Module Analysis

  // Analyses the open model's unique modules on a worker with these choices, as Tools > Analyze
  // Modules does once its dialog is accepted. A failure ends in the error dialog, and the model
  // (and any earlier analysis) stays. Emits moduleAnalysisEnded however it ends, except when
  // refused because another analysis is still running.
  void analyzeModules(const ModuleAnalysisChoices& choices);
  // The dialog, pre-filled for this model, then analyzeModules.
  void analyzeModulesInteractively();
  bool analyzingModules() const { return job_.busy(); }
  // Stops the analysis at its next progress point (between modules, or between nodes of the
  // float32 run); it ends as cancelled and changes nothing.
  void cancelModuleAnalysis() { job_.cancel(); }
  void stop() { job_.cancelAndWait(); }
  // A unique_modules.json with statuses, laid over the open model by module path. A file that
  // cannot be read, has no statuses or shares no module with the model ends in the error dialog
  // (one line), and nothing changes.
  bool loadModuleAnalysis(const QString& path);
  void loadModuleAnalysisInteractively();
  // Raises the Modules dock, wide enough for its status, MACs and shape columns.
  void showModules();

signals:
  void moduleAnalysisEnded(); // finished, failed or was cancelled
  // The analysis's progress, on the GUI thread: stage "reading", "float32 run" or "modules".
  void moduleAnalysisProgress(QString stage, int done, int total);

private:
  void showProgress(const QString& stage, int done, int total);
  void closeProgress();
  void updateActions();

  Workbench& bench_;
  ModulesDock& dock_;
  BackgroundJob job_;
  QPointer<QProgressDialog> progress_;
  int generation_ = 0; // the session's content generation when the analysis started
  QString backend_;    // the running analysis's backend, for the status bar
  QAction* analyze_ = nullptr;
  QAction* load_ = nullptr;
};

} // namespace irscope::app
