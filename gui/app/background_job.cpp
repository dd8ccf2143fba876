#include "gui/app/background_job.h"

#include "core/one_line.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QtConcurrent>

namespace irscope::app {

void JobContext::stopIfCancelled() const {
  if (cancelled())
    throw JobCancelled();
}

bool JobContext::progress(size_t done, size_t total, const std::string& stage) {
  const int percent = total > 0 ? static_cast<int>(std::min(done, total) * 100 / total) : -1;
  if (!sent_any_ || percent != last_percent_ || stage != last_stage_) {
    sent_any_ = true;
    last_percent_ = percent;
    last_stage_ = stage;
    send_(static_cast<int>(std::min<size_t>(done, INT_MAX)),
          static_cast<int>(std::min<size_t>(total, INT_MAX)), QString::fromStdString(stage));
  }
  return !cancelled();
}

BackgroundJob::BackgroundJob(QString what, QObject* parent, int progress_delay_ms)
    : QObject(parent), what_(std::move(what)), progress_delay_ms_(progress_delay_ms),
      watcher_(new QFutureWatcher<Outcome>(this)) {
  connect(watcher_, &QFutureWatcher<Outcome>::finished, this, &BackgroundJob::onFinished);
}

BackgroundJob::~BackgroundJob() {
  cancelAndWait();
}

bool BackgroundJob::busy() const {
  return watcher_->isRunning() || pending_.has_value();
}

void BackgroundJob::cancel() {
  pending_.reset();
  if (cancel_)
    *cancel_ = true;
}

void BackgroundJob::cancelAndWait() {
  cancel();
  watcher_->waitForFinished();
}

void BackgroundJob::startErased(Work work, Done done) {
  if (watcher_->isRunning()) {
    if (cancel_)
      *cancel_ = true;
    pending_ = Pending{std::move(work), std::move(done)};
    return;
  }
  launch(Pending{std::move(work), std::move(done)});
}

void BackgroundJob::launch(Pending job) {
  const unsigned serial = ++serial_;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  done_ = std::move(job.done);
  QPointer<BackgroundJob> self(this);
  auto send = [self, serial](int done, int total, QString stage) {
    // Queued to the GUI thread; dropped when the job object is gone or runs another job.
    QMetaObject::invokeMethod(
        self.data(),
        [self, serial, done, total, stage] {
          if (self && self->serial_ == serial && self->watcher_->isRunning())
            emit self->progress(done, total, stage);
        },
        Qt::QueuedConnection);
  };
  emit started();
  QTimer::singleShot(progress_delay_ms_, this, [this, serial] {
    if (serial_ == serial && watcher_->isRunning())
      emit progressShown();
  });
  watcher_->setFuture(QtConcurrent::run(
      [flag = cancel_, work = std::move(job.work), send = std::move(send), what = what_]() {
        JobContext context(flag, send);
        Outcome outcome;
        try {
          outcome.result = work(context);
        } catch (const JobCancelled&) {
        } catch (const std::exception& error) {
          outcome.error = QString::fromStdString(ir::oneLine(error.what()));
        } catch (...) {
          // Nothing may reach the event loop: QtConcurrent would rethrow it in result().
          outcome.error = what + QStringLiteral(" failed with an unknown error");
        }
        // Work that noticed the cancel may have thrown anything, or returned half a result.
        outcome.cancelled = *flag;
        return outcome;
      }));
}

void BackgroundJob::onFinished() {
  Outcome outcome = watcher_->result();
  if (pending_) {
    Pending next = std::move(*pending_);
    pending_.reset();
    launch(std::move(next)); // the replaced job's outcome is of no interest
    return;
  }
  Done done = std::exchange(done_, {});
  if (outcome.cancelled)
    emit cancelled();
  else if (!outcome.error.isEmpty())
    emit failed(outcome.error);
  else if (done)
    done(std::move(outcome.result));
  emit ended();
}

} // namespace irscope::app
