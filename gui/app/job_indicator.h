#pragma once
// A background job in the status bar: a progress bar and a Cancel button, shown once the job has
// run long enough to be worth showing, and gone when it ends.
#include <QWidget>

class QProgressBar;
class QPushButton;

namespace irscope::app {

class BackgroundJob;

class JobIndicator : public QWidget {
  Q_OBJECT
public:
  // `format` is the bar's text ("Running %p%"); while the job reports no total, the bar is busy.
  JobIndicator(BackgroundJob& job, const QString& format, const QString& cancel_text,
               QWidget* parent = nullptr);

private:
  QProgressBar* bar_;
  QPushButton* cancel_;
};

} // namespace irscope::app
