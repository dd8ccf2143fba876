#include "gui/app/job_indicator.h"

#include "gui/app/background_job.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>

namespace irscope::app {

JobIndicator::JobIndicator(BackgroundJob& job, const QString& format, const QString& cancel_text,
                           QWidget* parent)
    : QWidget(parent), bar_(new QProgressBar(this)), cancel_(new QPushButton(cancel_text, this)) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(bar_);
  layout->addWidget(cancel_);
  bar_->setMaximumWidth(200);
  bar_->setFormat(format);
  hide();
  connect(cancel_, &QPushButton::clicked, &job, &BackgroundJob::cancel);
  connect(&job, &BackgroundJob::started, this, [this] { bar_->setRange(0, 0); });
  connect(&job, &BackgroundJob::progressShown, this, &QWidget::show);
  connect(&job, &BackgroundJob::progress, this, [this](int done, int total, const QString&) {
    bar_->setRange(0, total); // 0 to 0 while there is no measure: a busy bar
    bar_->setValue(done);
  });
  connect(&job, &BackgroundJob::ended, this, &QWidget::hide);
}

} // namespace irscope::app
