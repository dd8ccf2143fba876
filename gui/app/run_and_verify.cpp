#include "gui/app/run_and_verify.h"

#include "core/topology.h"
#include "core/torch/torchscript_extraction.h"
#include "io/model_golden_folder.h"
#include "io/model_inputs.h"
#include "io/npy.h"

#include <QThread>

namespace irscope::app {

namespace {

// What a run compares with: the outputs, and, from a TorchScript reference or a golden folder
// with nodes/, every tensor it recorded.
struct Reference {
  std::vector<ir::TensorData> outputs;
  std::vector<std::pair<std::string, ir::TensorData>> intermediates;
};

// Reading cannot be interrupted midway, so a cancel is honoured between the reads: closing the
// window during a run waits for one read at most.
void stopIfCancelled(const std::atomic<bool>& cancel) {
  if (cancel)
    throw torchscript::ExecutionCancelled();
}

// Without intermediates (expected .npy outputs, a golden folder without nodes/), the outputs'
// comparisons are all there is: they colour the nodes that produce the graph's outputs, so that
// "Error vs Reference" shows where the numbers were checked rather than nothing.
void markOutputErrors(const ir::Topology& topology, const ir::VerificationReport& report,
                      RunResult& result) {
  for (const ir::OutputDetail& detail : report.output_details) {
    if (detail.index >= topology.graph_outputs.size())
      continue;
    const ir::ValueRef source = topology.graph_outputs[detail.index];
    if (source.kind != ir::ValueKind::NodeOutput)
      continue;
    auto& slot =
        result.errors[static_cast<size_t>(source.index)][static_cast<size_t>(source.output)];
    // Two graph outputs may be one node output: keep the worse comparison.
    if (!slot || !(slot->max_diff >= detail.comparison.max_diff))
      slot = detail.comparison;
  }
  result.errors_at_outputs_only = true;
}

} // namespace

std::shared_ptr<const RunResult> runAndVerify(const ModelDocument& document,
                                              const RunChoices& choices,
                                              const std::atomic<bool>& cancel,
                                              const RunProgress& progress) {
  const ir::Graph& graph = document.model.graph;
  const std::string model_file = document.path.toStdString();
  auto result = std::make_shared<RunResult>();
  result->choices = choices;
  progress(0, 0);

  io::InputChoice input_choice;
  std::vector<ir::TensorData> inputs;
  Reference reference;
  if (choices.reference == RunChoices::Reference::GoldenFolder) {
    // The folder's inputs, whatever the choices say, and its outputs and node outputs as the
    // reference.
    const std::filesystem::path folder = choices.golden_folder.toStdString();
    io::ModelGoldenData golden = io::readModelGolden(folder, true);
    if (golden.inputs.size() != graph.inputs.size())
      throw std::runtime_error(folder.string() + ": holds " + std::to_string(golden.inputs.size()) +
                               " inputs; " + model_file + " takes " +
                               std::to_string(graph.inputs.size()));
    for (size_t i = 0; i < golden.inputs.size(); ++i)
      input_choice.npy_files.push_back((folder / ("input" + std::to_string(i) + ".npy")).string());
    inputs = std::move(golden.inputs);
    reference = {std::move(golden.outputs), std::move(golden.nodes)};
  } else {
    if (choices.inputs == RunChoices::Inputs::NpyFiles)
      for (const QString& file : choices.input_files)
        input_choice.npy_files.push_back(file.toStdString());
    input_choice.seed = choices.seed;
    inputs = io::loadInputs(graph, input_choice);
  }
  stopIfCancelled(cancel);

  io::NamedTensors weights;
  const bool torchscript_reference = choices.reference == RunChoices::Reference::TorchScript;
  if (document.from_torchscript) {
    // The file holds the weights, and it is the reference: one extraction gives both, run on
    // the same inputs as the IR.
    torchscript::ExtractionOptions options;
    options.input_values = inputs;
    options.keep_weight_data = true;
    options.keep_intermediates = torchscript_reference;
    torchscript::Extraction extraction = torchscript::extractTorchScript(model_file, options);
    weights = std::move(extraction.weight_data);
    if (torchscript_reference)
      reference = {std::move(extraction.outputs), std::move(extraction.intermediates)};
    result->weights = summarizeWeights(weights, document.path);
  } else {
    if (choices.weights_file.isEmpty())
      throw std::runtime_error(model_file + ": no weights file chosen");
    weights = io::readWeightsFile(choices.weights_file.toStdString());
    result->weights = summarizeWeights(weights, choices.weights_file);
    stopIfCancelled(cancel);
    if (torchscript_reference) {
      torchscript::ExtractionOptions options;
      options.input_values = inputs;
      options.keep_intermediates = true;
      torchscript::Extraction extraction =
          torchscript::extractTorchScript(choices.reference_file.toStdString(), options);
      reference = {std::move(extraction.outputs), std::move(extraction.intermediates)};
    }
  }
  if (choices.reference == RunChoices::Reference::ExpectedOutputs)
    for (const QString& file : choices.expected_files)
      reference.outputs.push_back(io::readNpy(file.toStdString()));
  stopIfCancelled(cancel);

  ir::VerificationReport report;
  const ir::IntermediateChecker checker(std::move(reference.intermediates),
                                        {choices.rtol, choices.atol});
  torchscript::ExecutionOptions options;
  options.model_file = model_file;
  options.weights_file =
      document.from_torchscript ? model_file : choices.weights_file.toStdString();
  options.input_files = input_choice.npy_files;
  options.dtype = choices.dtype.toStdString();
  options.threads = std::max(1, QThread::idealThreadCount());
  options.statistics = true;
  if (checker.size() > 0)
    options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
      checker.check(node, output, graph.nodes[node].outputs[output].name, values, report);
    };
  int last_percent = -1;
  options.progress = [&](size_t done, size_t total) {
    // Only whole percents cross to the GUI thread: a 10k-op model would queue 10k events.
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent != last_percent) {
      last_percent = percent;
      progress(percent, 100);
    }
    return !cancel;
  };
  torchscript::ExecutionResult run = document.runs->run(graph, weights, inputs, options);

  result->statistics.resize(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    result->statistics[n].resize(graph.nodes[n].outputs.size());
  for (torchscript::NodeOutputStatistics& entry : run.statistics)
    result->statistics[entry.node][entry.output] = std::move(entry.statistics);
  result->first_non_finite = run.first_non_finite;
  result->ops_run = run.execution_order.size();
  result->seconds = run.seconds;
  if (choices.verifies()) {
    ir::compareOutputs(reference.outputs, run.outputs, {choices.rtol, choices.atol}, report);
    result->errors.resize(graph.nodes.size());
    for (size_t n = 0; n < graph.nodes.size(); ++n)
      result->errors[n].resize(graph.nodes[n].outputs.size());
    for (const ir::IntermediateError& error : report.intermediates)
      result->errors[error.node][error.output] = error.comparison;
    if (report.intermediates.empty())
      markOutputErrors(document.model.topology, report, *result);
    result->verdict =
        ir::decideVerdict(report, ir::VerdictRule{{choices.rtol, choices.atol}, choices.pcc});
    result->verification = std::move(report);
  }
  return result;
}

} // namespace irscope::app
