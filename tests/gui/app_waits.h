#pragma once
// Driving the app's background work from a test: start it, then wait until it has ended, so
// that a test reads the window only once the work is done.
#include "gui/app/document_workflow.h"
#include "gui/app/golden_workflow.h"
#include "gui/app/main_window.h"
#include "gui/app/run_workflow.h"

#include <QSignalSpy>

namespace irscope::app::testing {

inline bool openAndWait(MainWindow& window, const QString& path) {
  QSignalSpy changed(&window, &MainWindow::documentChanged);
  window.documentWorkflow().openFile(path);
  return changed.wait(30000) && !window.documentWorkflow().loading();
}

// Starts a run and waits until it has finished, failed or been cancelled.
inline bool runAndWait(MainWindow& window, const RunChoices& choices) {
  QSignalSpy ended(&window.runWorkflow(), &RunWorkflow::runEnded);
  window.runWorkflow().runModel(choices);
  return (ended.count() > 0 || ended.wait(60000)) && !window.runWorkflow().running();
}

// Starts writing golden data and waits until it has been written, failed or been cancelled.
inline bool writeGoldenAndWait(MainWindow& window, const GoldenChoices& choices) {
  QSignalSpy ended(&window.goldenWorkflow(), &GoldenWorkflow::goldenDataEnded);
  window.goldenWorkflow().writeGoldenData(choices);
  return (ended.count() > 0 || ended.wait(60000)) && !window.goldenWorkflow().writingGoldenData();
}

} // namespace irscope::app::testing
