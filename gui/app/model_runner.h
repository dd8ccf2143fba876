#pragma once
// Runs the open model through libtorch on a worker thread, and verifies it against a reference
// when asked, so the window never waits. One run at a time: starting another cancels the one
// running (the new one starts once the old one has stopped). Cancelling stops between nodes.
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"
#include "gui/app/run_result.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

namespace irscope::app {

class ModelRunner : public QObject {
  Q_OBJECT
public:
  explicit ModelRunner(QObject* parent = nullptr);
  ~ModelRunner() override;

  // `tag` comes back with the outcome, so the window can drop a result for a model it has since
  // replaced.
  void run(std::shared_ptr<const ModelDocument> document, RunChoices choices, int tag);
  void cancel();
  bool busy() const;

signals:
  // total is 0 while the weights, inputs and reference are read (no measure of progress).
  void progress(int done, int total);
  void finished(std::shared_ptr<const RunResult> result, int tag);
  void failed(QString message, int tag);
  void cancelled(int tag);

private:
  struct Job {
    std::shared_ptr<const ModelDocument> document;
    RunChoices choices;
    int tag = 0;
  };
  struct Outcome {
    std::shared_ptr<const RunResult> result;
    QString error;
    bool cancelled = false;
    int tag = 0;
  };
  void start(Job job);
  void stopCurrent();

  QFutureWatcher<Outcome> watcher_;
  std::optional<Job> pending_; // waits for the cancelled run before it
  std::shared_ptr<std::atomic<bool>> cancel_;
};

} // namespace irscope::app
