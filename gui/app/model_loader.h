#pragma once
// Opens models and lays them out on a worker thread, so the window never waits. One job at a
// time: starting another cancels the one running and starts once it has stopped (reading a
// JSON file or running a TorchScript model cannot stop midway, and the window does not wait
// for it); the cancelled job's outcome is dropped.
#include "gui/app/model_document.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

namespace irscope::app {

class ModelLoader : public QObject {
  Q_OBJECT
public:
  explicit ModelLoader(QObject* parent = nullptr);
  ~ModelLoader() override;

  // Reads, validates and lays out a model file (io::loadModel: IR JSON or a .pt2 archive).
  void open(const QString& path);
  // Runs a TorchScript file on seeded inputs of these shapes, then as open().
  void openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs);
  // Lays an open model out again with other options (a group expanded, weights shown, ...).
  void relayout(std::shared_ptr<const ModelDocument> document, layout::DiagramOptions options);
  void cancel();
  bool busy() const;

signals:
  void progress(int done, int total);
  void finished(std::shared_ptr<ModelDocument> document);
  void failed(QString message);
  void cancelled();

private:
  struct Outcome {
    std::shared_ptr<ModelDocument> document;
    QString error;
    bool cancelled = false;
  };
  using Job = std::function<Outcome(std::atomic<bool>&, const layout::LayoutControl&)>;
  void start(Job job);
  void launch(Job job);

  QFutureWatcher<Outcome> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::optional<Job> pending_; // waits for the cancelled job before it
};

} // namespace irscope::app
