#pragma once
// What the app's tests share: settings of their own, and driving the app's background work (start
// it, then wait until it has ended, so that a test reads the window only once the work is done).
#include "gui/app/document_workflow.h"
#include "gui/app/golden_workflow.h"
#include "gui/app/main_window.h"
#include "gui/app/run_workflow.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace irscope::app::testing {

// Settings of this process only: two runs of a suite at once (a developer's and CI's) must not
// remove or overwrite each other's remembered choices in a shared file. For initTestCase.
inline bool keepSettingsIn(const QTemporaryDir& dir) {
  if (!dir.isValid())
    return false;
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
  return true;
}

// Away from the user's files and the layout cache, and with no Run choices remembered by an
// earlier test. For init.
inline void startWithNoRememberedChoices() {
  QStandardPaths::setTestModeEnabled(true);
  qputenv("IRSCOPE_NO_DISK_CACHE", "1");
  QSettings().remove("run/choices");
}

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
