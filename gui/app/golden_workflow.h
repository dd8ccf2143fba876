#pragma once
// Writing golden data: Tools > Golden Data runs the open model and writes its inputs, outputs
// and intermediates to a golden folder (the reference-outputs layout), on a background job with
// progress and Cancel in the status bar. Comparing with such a folder is a run (RunWorkflow).
#include "gui/app/background_job.h"
#include "gui/app/golden_dialog.h"

#include <QObject>

class QAction;

namespace irscope::app {

class Workbench;

class GoldenWorkflow : public QObject {
  Q_OBJECT
public:
  explicit GoldenWorkflow(Workbench& bench, QObject* parent = nullptr);

  void addActions(); // Tools > Golden Data

  // Writes the open model's golden folder on a worker, as Tools > Golden Data does once its
  // dialog is accepted (and, for a folder that already holds golden data, the user has agreed to
  // overwrite it). The status bar says what was written; a failure ends in the error dialog.
  // Emits goldenDataEnded however it ends, except when refused because another write is still
  // running.
  void writeGoldenData(const GoldenChoices& choices);
  // The dialog, the question before overwriting, then writeGoldenData.
  void writeGoldenDataInteractively();
  bool writingGoldenData() const { return job_.busy(); }
  // Stops an IR JSON model's write between nodes; a TorchScript model's is written whole.
  void cancelGoldenData() { job_.cancel(); }
  void stop() { job_.cancelAndWait(); }

signals:
  void goldenDataEnded(); // a golden data write finished, failed or was cancelled

private:
  void updateAction();

  Workbench& bench_;
  BackgroundJob job_;
  QString folder_; // being written
  QAction* action_ = nullptr;
};

} // namespace irscope::app
