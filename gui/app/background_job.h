#pragma once
// The one way the app runs work off the GUI thread: a function on a worker, with progress,
// cancel, a delay before the progress shows, and any error back as one line. Opening, laying
// out, running, golden data, module analysis and weight statistics all go through it, so none
// keeps its own watcher, cancel flag or error routing.
//
// One job at a time per BackgroundJob. Starting another cancels the one running, and the new
// one starts once the old one has stopped: reading a large file cannot stop midway, and the
// window does not wait for it. A replaced job's outcome is dropped without a signal. A job that
// ends after cancel() counts as cancelled, whatever it returned or threw.
#include <QObject>
#include <QString>
#include <any>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

template <typename T> class QFutureWatcher;

namespace irscope::app {

// Thrown by JobContext::stopIfCancelled; the job ends as cancelled.
struct JobCancelled {};

// What the work sees of its job, on the worker thread.
class JobContext {
public:
  bool cancelled() const { return *cancel_; }
  // For work that checks between steps: throws JobCancelled once cancelled.
  void stopIfCancelled() const;
  // `done` of `total` in `stage` (total 0: no measure yet, a busy bar). Crosses to the GUI
  // thread only when the whole percent or the stage changes. Returns !cancelled(), for
  // callbacks that stop their work by returning false.
  bool progress(size_t done, size_t total, const std::string& stage = {});
  // For APIs that take a flag of their own (layout::LayoutControl, the executor).
  const std::atomic<bool>& cancelFlag() const { return *cancel_; }

private:
  friend class BackgroundJob;
  JobContext(std::shared_ptr<std::atomic<bool>> cancel, std::function<void(int, int, QString)> send)
      : cancel_(std::move(cancel)), send_(std::move(send)) {}
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::function<void(int, int, QString)> send_;
  int last_percent_ = -2;
  std::string last_stage_;
  bool sent_any_ = false;
};

class BackgroundJob : public QObject {
  Q_OBJECT
public:
  // `what` names the work in the one message an unknown exception gets ("the run failed with an
  // unknown error"); the progress shows once a job has run for `progress_delay_ms`.
  explicit BackgroundJob(QString what, QObject* parent = nullptr, int progress_delay_ms = 400);
  // Cancels and joins: the work may report to objects that die with the job's owner.
  ~BackgroundJob() override;

  // Runs `work` on a worker; `done` gets its result on the GUI thread, unless the job failed,
  // was cancelled or was replaced.
  template <typename Result>
  void start(std::function<Result(JobContext&)> work, std::function<void(Result)> done) {
    startErased(
        [work = std::move(work)](JobContext& context) -> std::any {
          return std::make_shared<Result>(work(context));
        },
        [done = std::move(done)](std::any result) {
          done(std::move(*std::any_cast<std::shared_ptr<Result>>(result)));
        });
  }
  using Work = std::function<std::any(JobContext&)>;
  using Done = std::function<void(std::any)>;
  void startErased(Work work, Done done);

  // Stops the running job at its next check, and forgets one waiting to start.
  void cancel();
  // cancel(), then waits for the worker: for closing the window and reloading the model.
  void cancelAndWait();
  bool busy() const;

signals:
  void started();       // a job began (also one that replaced another)
  void progressShown(); // it has run for the delay and still runs: time to show the progress
  void progress(int done, int total, QString stage);
  void failed(QString message); // one line
  void cancelled();
  void ended(); // after done, failed or cancelled; not for a replaced job

private:
  struct Outcome {
    std::any result;
    QString error;
    bool cancelled = false;
  };
  struct Pending {
    Work work;
    Done done;
  };
  void launch(Pending job);
  void onFinished();

  QString what_;
  int progress_delay_ms_;
  QFutureWatcher<Outcome>* watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  Done done_;
  std::optional<Pending> pending_; // waits for the cancelled job before it
  unsigned serial_ = 0;            // which job's progress is current
};

} // namespace irscope::app
