#pragma once
// Running and verifying: Tools > Run Model (its dialog, then the run on a background job with
// progress and Cancel), Compare with Golden (a run verified against a golden folder), Go to
// First Divergence and First NaN/Inf, and the verdict in the status bar. What a run finds goes
// to ModelSession, where Properties, the colouring and the Weights dock pick it up.
#include "gui/app/background_job.h"
#include "gui/app/run_choices.h"

#include <QObject>

class QAction;
class QLabel;

namespace irscope::app {

class Workbench;

class RunWorkflow : public QObject {
  Q_OBJECT
public:
  explicit RunWorkflow(Workbench& bench, QObject* parent = nullptr);

  // Adds Run Model, Cancel Run, Compare with Golden and the Go to actions to the Tools menu.
  void addActions();

  // Runs the open model with these choices on a worker, as Tools > Run Model does once its
  // dialog is accepted: nothing is checked here that the run itself does not check, so a bad
  // choice ends in the error dialog, and the model stays open. A run started while another
  // runs replaces it. Emits runEnded.
  void runModel(const RunChoices& choices);
  // Tools > Run Model: the dialog, pre-filled for this model, then runModel.
  void runInteractively();
  bool running() const { return job_.busy(); }
  // The run stops between nodes or reads and ends as cancelled.
  void cancelRun() { job_.cancel(); }
  // Stops the run and waits for its worker.
  void stop() { job_.cancelAndWait(); }

  // Runs the open model on a golden folder's inputs and verifies it against the folder's
  // outputs and, when it has nodes/, every intermediate: with the last run's weights and dtype,
  // else the remembered ones. A folder with no metadata.json ends in the error dialog. As Tools >
  // Compare with Golden does once a folder is chosen; emits runEnded.
  void compareWithGolden(const QString& folder);
  void compareWithGoldenInteractively();

  // Select the node where the last verify first left tolerance (or the first to produce NaN or
  // Inf) and zoom to it, opening the groups around it. False when there is none.
  bool goToFirstDivergence();
  bool goToFirstNonFinite();

  // The last run's verdict as the status bar shows it; empty when there is none.
  QString verdictText() const;
  // How the last run ended, for a caller that must report it (the command line): empty when it
  // finished, else the one line it failed or was cancelled with.
  const QString& lastRunError() const { return last_error_; }

signals:
  void runEnded(); // a run finished, failed or was cancelled

private:
  void showVerdict();
  void updateActions();

  Workbench& bench_;
  BackgroundJob job_;
  QString last_error_;
  int generation_ = 0; // the session's content generation when the run started
  QLabel* verdict_;
  QAction* run_action_ = nullptr;
  QAction* cancel_run_ = nullptr;
  QAction* compare_golden_ = nullptr;
  QAction* first_divergence_ = nullptr;
  QAction* first_non_finite_ = nullptr;
};

} // namespace irscope::app
