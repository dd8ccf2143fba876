#pragma once
// What `irscope MODEL [options]` asks of the window once it starts: open the model, then select,
// colour, run, verify, analyse it and compare it with another, and take a screenshot once all
// of that is done. Anything
// asked for that fails is one line on stderr, and the exit code says so.
#include "gui/app/app_options.h"

#include <QObject>

namespace irscope::app {

class MainWindow;

class CommandLineSession : public QObject {
  Q_OBJECT
public:
  CommandLineSession(MainWindow& window, AppOptions options, QObject* parent = nullptr);

  // Opens the model, if one was given.
  void start();
  // 0 when everything asked for went through, else 1.
  int exitCode() const { return failed_ ? 1 : 0; }

private:
  void onOpened();
  void onRunEnded();
  void onAnalysisEnded();
  void onCompareEnded();
  void fail(const QString& message);
  void screenshotWhenSettled();

  MainWindow& window_;
  AppOptions options_;
  bool opened_ = false;
  bool run_done_;
  bool analysis_done_;
  bool compare_done_;
  bool screenshot_scheduled_ = false;
  bool failed_ = false;
};

} // namespace irscope::app
