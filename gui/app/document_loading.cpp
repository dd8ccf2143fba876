#include "gui/app/document_loading.h"

#include "gui/app/background_job.h"
#include "gui/app/weight_statistics.h"
#include "io/load_error.h"
#include "io/model_source.h"
#include "layout/default_view.h"

namespace irscope::app {

layout::LayoutControl layoutControl(JobContext& context) {
  layout::LayoutControl control;
  control.cancel = &context.cancelFlag();
  control.budget_seconds = 30;
  control.progress = [&context](size_t done, size_t total) { context.progress(done, total); };
  return control;
}

namespace {

// Everything the window needs about a checked model, built on the worker thread.
std::shared_ptr<ModelDocument> prepareDocument(std::shared_ptr<ModelDocument> document,
                                               const layout::LayoutControl& control,
                                               bool shared_value_stubs) {
  if (document->model.module_paths == ir::ModulePathSource::InferredFromWeightNames)
    document->notes.push_back("module paths inferred from weight names (the file names none)");
  document->modules = layout::displayGroups(document->model.graph, document->model.topology);
  document->summary = ir::summarize(document->model.graph);
  countGroupParameters(*document);
  countEdges(*document);
  document->configurations = std::make_shared<const std::vector<ir::OpConfigurations>>(
      ir::collectConfigurations(document->model.graph));
  document->options = layout::defaultDiagramOptions(document->model.graph, &document->modules);
  document->options.stubs = shared_value_stubs;
  document->diagram =
      layout::buildDiagram(document->model.graph, document->model.topology, document->modules,
                           document->options, {}, control, &layout::LayoutCache::shared());
  indexItems(*document);
  return document;
}

} // namespace

std::shared_ptr<ModelDocument> openDocument(const QString& path, std::vector<ir::InputSpec> inputs,
                                            const layout::LayoutControl& control,
                                            bool shared_value_stubs) {
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
  return prepareDocument(document, control, shared_value_stubs);
}

std::shared_ptr<ModelDocument> relayoutDocument(const ModelDocument& base,
                                                layout::DiagramOptions options,
                                                const layout::LayoutControl& control) {
  auto document = std::make_shared<ModelDocument>(base);
  document->options = std::move(options);
  // The copied topology still refers to nothing outside the copy: it holds indices only.
  document->diagram =
      layout::buildDiagram(document->model.graph, document->model.topology, document->modules,
                           document->options, {}, control, &layout::LayoutCache::shared());
  indexItems(*document);
  return document;
}

} // namespace irscope::app
