#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/run_report.h"
#include "cli/shared_options.h"
#include "core/reference_module_paths.h"
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "core/verification.h"
#include "io/npy.h"

#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct VerifyArguments {
  std::string model;
  std::string weights;
  std::string reference;
  std::vector<std::string> expected;
  ModelInputOptions inputs;
  std::string dtype;
  int threads = 1;
  ir::Tolerance tolerance;
  bool json = false;
};

int runVerify(const VerifyArguments& args) {
  const ir::Tolerance tolerance = args.tolerance;
  ir::Graph graph;
  io::NamedTensors weights;
  std::vector<ir::TensorData> inputs;
  std::vector<ir::TensorData> expected;
  std::vector<std::pair<std::string, ir::TensorData>> reference_intermediates;
  std::string weights_file;
  try {
    io::ModelSource source = io::loadModel(args.model, runSourceOptions(args.inputs, args.weights));
    graph = std::move(source.model.graph);
    weights = std::move(source.weights);
    weights_file = source.weights_file;
    inputs = std::move(source.inputs);
    if (!args.reference.empty()) {
      // The original model, run on the same inputs, recording every tensor it computes.
      torchscript::ExtractionOptions options;
      options.input_values = inputs;
      options.keep_intermediates = true;
      torchscript::Extraction reference = torchscript::extractTorchScript(args.reference, options);
      expected = std::move(reference.outputs);
      reference_intermediates = std::move(reference.intermediates);
      // So that the first divergence can name its module, which torch_ir JSON does not record.
      ir::adoptReferenceModulePaths(graph, reference.graph);
    } else {
      for (const std::string& file : args.expected)
        expected.push_back(io::readNpy(file));
    }
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }

  ir::VerificationReport report;
  const ir::IntermediateChecker checker(std::move(reference_intermediates), tolerance);
  torchscript::ExecutionOptions options;
  options.model_file = args.model;
  options.weights_file = weights_file;
  options.input_files = args.inputs.npy_files;
  options.dtype = args.dtype;
  options.threads = args.threads;
  if (checker.size() > 0)
    options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
      checker.check(node, output, graph.nodes[node].outputs[output].name, values, report);
    };
  torchscript::ExecutionResult result;
  try {
    result = torchscript::executeIr(graph, weights, inputs, options);
    ir::compareOutputs(expected, result.outputs, tolerance, report);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  if (args.json)
    std::cout << ir::toJson(report, graph).dump(2) << '\n';
  else
    std::cout << ir::toText(report, graph) << "  Tolerance: " << toleranceText(tolerance) << '\n';
  if (result.first_non_finite)
    std::cerr << "note: " << nonFiniteMessage(args.model, graph, *result.first_non_finite) << '\n';
  return report.is_valid ? kExitOk : kExitInvalid;
}

} // namespace

Action addVerifyCommand(CLI::App& app) {
  auto args = std::make_shared<VerifyArguments>();
  CLI::App* command = app.add_subcommand(
      "verify", "Run an IR and compare its outputs with the original model's; exit 0 when they "
                "agree, 1 when not, 2 when something cannot be read");
  command->add_option("MODEL", args->model, kModelArgumentHelp)->required();
  addWeightsOption(*command, args->weights);
  auto* reference = command->add_option(
      "--reference", args->reference,
      "The original TorchScript model; its intermediates are compared too, by tensor name");
  command->add_option("--expected", args->expected, "Expected outputs as .npy files, in order")
      ->take_all()
      ->excludes(reference);
  addModelInputOptions(*command, args->inputs);
  addDtypeOption(*command, args->dtype);
  addThreadsOption(*command, args->threads);
  addToleranceOptions(*command, args->tolerance);
  addJsonFlag(*command, args->json);
  command->callback([args] {
    if (args->reference.empty() && args->expected.empty())
      throw CLI::RequiredError("--reference or --expected");
  });
  return [args]() { return runVerify(*args); };
}

} // namespace irscope::cli
