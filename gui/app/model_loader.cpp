#include "gui/app/model_loader.h"

#include "gui/app/weight_statistics.h"
#include "io/load_error.h"
#include "io/model_source.h"
#include "layout/default_view.h"

#include <QMetaObject>
#include <QtConcurrent>

namespace irscope::app {

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
    const Outcome outcome = watcher_.result();
    if (pending_) {
      // The job that just ended was cancelled for this one: its outcome is of no interest.
      Job job = std::move(*pending_);
      pending_.reset();
      launch(std::move(job));
      return;
    }
    if (outcome.cancelled)
      emit cancelled();
    else if (outcome.document)
      emit finished(outcome.document);
    else
      emit failed(outcome.error);
  });
}

ModelLoader::~ModelLoader() {
  cancel();
  watcher_.waitForFinished();
}

bool ModelLoader::busy() const {
  return watcher_.isRunning() || pending_.has_value();
}

void ModelLoader::cancel() {
  pending_.reset();
  if (cancel_)
    *cancel_ = true;
}

void ModelLoader::start(Job job) {
  if (watcher_.isRunning()) {
    if (cancel_)
      *cancel_ = true;
    pending_ = std::move(job);
    return;
  }
  launch(std::move(job));
}

void ModelLoader::launch(Job job) {
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancel_;
  QPointer<ModelLoader> self(this);
  watcher_.setFuture(QtConcurrent::run([flag, job, self]() -> Outcome {
    layout::LayoutControl control;
    control.cancel = flag.get();
    control.budget_seconds = 30;
    control.progress = [self](size_t done, size_t total) {
      // Queued to the GUI thread; dropped if the loader is gone.
      QMetaObject::invokeMethod(
          self.data(),
          [self, done, total] {
            if (self)
              emit self->progress(static_cast<int>(done), static_cast<int>(total));
          },
          Qt::QueuedConnection);
    };
    try {
      return job(*flag, control);
    } catch (const layout::LayoutCancelled&) {
      return {nullptr, {}, true};
    } catch (const std::exception& error) {
      return {nullptr, QString::fromStdString(error.what()), false};
    } catch (...) {
      return {nullptr, tr("the model could not be opened (an unknown error)"), false};
    }
  }));
}

namespace {

// Everything the window needs about a checked model, built on the worker thread.
std::shared_ptr<ModelDocument> prepareDocument(std::shared_ptr<ModelDocument> document,
                                               const layout::LayoutControl& control) {
  if (document->model.module_paths == ir::ModulePathSource::InferredFromWeightNames)
    document->notes.push_back("module paths inferred from weight names (the file names none)");
  document->modules = layout::displayGroups(document->model.graph, document->model.topology);
  document->summary = ir::summarize(document->model.graph);
  countGroupParameters(*document);
  countEdges(*document);
  document->configurations = std::make_shared<const std::vector<ir::OpConfigurations>>(
      ir::collectConfigurations(document->model.graph));
  document->options = layout::defaultDiagramOptions(document->model.graph, &document->modules);
  document->diagram =
      layout::buildDiagram(document->model.graph, document->model.topology, document->modules,
                           document->options, {}, control, &layout::LayoutCache::shared());
  indexItems(*document);
  return document;
}

} // namespace

namespace {

// Through the loader every irscope-cli command uses. A model that holds its weights (TorchScript,
// .pt2) hands them over here, so that the Weights dock never reads or runs the model again.
std::shared_ptr<ModelDocument> openDocument(const QString& path, std::vector<ir::InputSpec> inputs,
                                            const layout::LayoutControl& control) {
  auto document = std::make_shared<ModelDocument>();
  document->path = path;
  io::ModelSourceOptions options;
  options.inputs.specs = inputs;
  const io::ModelKind kind = io::modelKindOf(path.toStdString());
  if (kind != io::ModelKind::TorchIrJson)
    options.want_weights = io::ModelSourceOptions::Weights::Required;
  io::ModelSource source = io::loadModel(path.toStdString(), options);
  if (kind != io::ModelKind::TorchIrJson) {
    document->weight_statistics = summarizeWeights(source.weights, path);
    source.weights.clear();
  }
  document->from_torchscript = kind == io::ModelKind::TorchScript;
  if (document->from_torchscript)
    document->input_specs = std::move(inputs);
  document->notes = std::move(source.notes);
  document->model = std::move(source.model);
  return prepareDocument(document, control);
}

} // namespace

void ModelLoader::open(const QString& path) {
  start([path](std::atomic<bool>&, const layout::LayoutControl& control) {
    return Outcome{openDocument(path, {}, control), {}, false};
  });
}

void ModelLoader::openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs) {
  start([path, inputs](std::atomic<bool>&, const layout::LayoutControl& control) {
    return Outcome{openDocument(path, inputs, control), {}, false};
  });
}

void ModelLoader::relayout(std::shared_ptr<const ModelDocument> base,
                           layout::DiagramOptions options) {
  start([base, options](std::atomic<bool>&, const layout::LayoutControl& control) {
    auto document = std::make_shared<ModelDocument>(*base);
    document->options = options;
    // The copied topology still refers to nothing outside the copy: it holds indices only.
    document->diagram =
        layout::buildDiagram(document->model.graph, document->model.topology, document->modules,
                             document->options, {}, control, &layout::LayoutCache::shared());
    indexItems(*document);
    return Outcome{document, {}, false};
  });
}

} // namespace irscope::app
