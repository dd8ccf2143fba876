#include "gui/app/paired_run.h"

#include "core/paired_outputs.h"
#include "core/torch/ir_execution.h"
#include "io/model_source.h"

#include <QThread>

namespace irscope::app {

namespace {

// A side's weights, and for A the inputs both run on, read as irscope-cli diff --run reads
// them: a TorchScript file runs once more on the shapes it was opened with.
io::ModelSource readForRun(const ModelDocument& document, bool want_inputs) {
  io::ModelSourceOptions options;
  options.want_weights = io::ModelSourceOptions::Weights::Required;
  options.want_inputs = want_inputs;
  if (document.from_torchscript)
    options.inputs.specs = document.input_specs;
  return io::loadModel(document.path.toStdString(), options);
}

void stopIfCancelled(const std::atomic<bool>& cancel) {
  if (cancel)
    throw torchscript::ExecutionCancelled();
}

} // namespace

std::shared_ptr<const ModelComparison>
runComparedModels(const ModelComparison& comparison, const ir::VerdictRule& rule,
                  const std::atomic<bool>& cancel,
                  const std::function<void(size_t, size_t)>& progress) {
  progress(0, 0);
  io::ModelSource a = readForRun(*comparison.a, true);
  stopIfCancelled(cancel);
  io::ModelSource b = readForRun(*comparison.b, false);
  stopIfCancelled(cancel);
  const ir::Graph& graph_a = comparison.a->model.graph;
  const ir::Graph& graph_b = comparison.b->model.graph;

  auto result = std::make_shared<ModelComparison>(comparison);
  ir::DiffOptions options;
  options.weights_a = &a.weights;
  options.weights_b = &b.weights;
  result->diff = ir::diffGraphs(graph_a, graph_b, options);
  ir::PairedOutputs paired(result->diff, rule);

  const size_t total = graph_a.nodes.size() + graph_b.nodes.size();
  auto execution = [&](const ModelDocument& document, const io::ModelSource& source,
                       size_t before) {
    torchscript::ExecutionOptions run;
    run.model_file = document.path.toStdString();
    run.weights_file = source.weights_file;
    run.threads = std::max(1, QThread::idealThreadCount());
    run.progress = [&, before](size_t done, size_t) {
      progress(before + done, total);
      return !cancel;
    };
    return run;
  };
  torchscript::ExecutionOptions run_a = execution(*comparison.a, a, 0);
  run_a.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
    paired.recordA(node, output, values);
  };
  torchscript::executeIr(graph_a, a.weights, a.inputs, run_a);
  stopIfCancelled(cancel);
  torchscript::ExecutionOptions run_b = execution(*comparison.b, b, graph_a.nodes.size());
  run_b.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
    paired.compareB(node, output, values);
  };
  // B on A's inputs, so that the numbers differ only by what the models do.
  torchscript::executeIr(graph_b, b.weights, a.inputs, run_b);
  return result;
}

} // namespace irscope::app
