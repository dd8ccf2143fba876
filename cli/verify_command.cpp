#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/run_report.h"
#include "cli/shared_options.h"
#include "core/reference_module_paths.h"
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "core/verdict.h"
#include "core/verification.h"
#include "io/model_golden_folder.h"
#include "io/npy.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct VerifyArguments {
  std::string model;
  std::string weights;
  std::string reference;
  std::vector<std::string> expected;
  std::string golden;
  ModelInputOptions inputs;
  std::string dtype;
  int threads = 1;
  ir::Tolerance tolerance;
  double pcc = 0;
  CLI::Option* pcc_option = nullptr; // unless given, the threshold follows the dtype
  bool json = false;
};

// What the expected outputs are called in messages: the .npy files, the golden folder's
// outputN.npy, or the reference's output N.
std::string expectedName(const VerifyArguments& args, size_t index) {
  if (index < args.expected.size())
    return args.expected[index];
  if (!args.golden.empty())
    return (std::filesystem::path(args.golden) / ("output" + std::to_string(index) + ".npy"))
        .string();
  return args.reference + ": output " + std::to_string(index);
}

int runVerify(const VerifyArguments& args) {
  const ir::Tolerance tolerance = args.tolerance;
  ir::VerdictRule rule{tolerance, std::nullopt};
  if (args.pcc_option->count())
    rule.pcc = args.pcc;
  ir::Graph graph;
  io::NamedTensors weights;
  std::vector<ir::TensorData> inputs;
  std::vector<ir::TensorData> expected;
  std::vector<std::pair<std::string, ir::TensorData>> reference_intermediates;
  std::string weights_file;
  std::vector<std::string> input_files = args.inputs.npy_files;
  try {
    ModelInputOptions input_options = args.inputs;
    if (!args.golden.empty()) {
      // The folder's inputs, whatever --inputs says: its outputs were computed from them.
      input_options.npy_files.clear();
      input_options.shapes.clear();
      for (size_t i = 0; std::filesystem::exists(std::filesystem::path(args.golden) /
                                                 ("input" + std::to_string(i) + ".npy"));
           ++i)
        input_options.npy_files.push_back(
            (std::filesystem::path(args.golden) / ("input" + std::to_string(i) + ".npy")).string());
      input_files = input_options.npy_files;
    }
    io::ModelSource source =
        io::loadModel(args.model, runSourceOptions(input_options, args.weights));
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
    } else if (!args.golden.empty()) {
      io::ModelGoldenData golden = io::readModelGolden(args.golden, true);
      expected = std::move(golden.outputs);
      reference_intermediates = std::move(golden.nodes);
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
  options.input_files = input_files;
  options.dtype = args.dtype;
  options.threads = args.threads;
  if (checker.size() > 0)
    options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
      checker.check(node, output, graph.nodes[node].outputs[output].name, values, report);
    };
  torchscript::ExecutionResult result;
  try {
    result = torchscript::executeIr(graph, weights, inputs, options);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  // Arrays that cannot be compared are bad input, not a failed comparison.
  for (size_t i = 0; i < expected.size() && i < result.outputs.size(); ++i) {
    const std::string problem = ir::comparabilityProblem(result.outputs[i], expected[i]);
    if (!problem.empty()) {
      reportError(expectedName(args, i) + ": the IR's output " + std::to_string(i) +
                  " cannot be compared with it: " + problem);
      return kExitUnreadable;
    }
  }
  try {
    ir::compareOutputs(expected, result.outputs, tolerance, report);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  const ir::Verdict verdict = ir::decideVerdict(report, rule);
  if (args.json)
    std::cout << ir::toJson(report, verdict, rule, graph).dump(2) << '\n';
  else
    std::cout << ir::toText(report, verdict, rule, graph);
  if (result.first_non_finite)
    std::cerr << "note: " << nonFiniteMessage(args.model, graph, *result.first_non_finite) << '\n';
  switch (verdict.status) {
  case ir::VerdictStatus::Passed:
    return kExitOk;
  case ir::VerdictStatus::PassedWithDivergentIntermediates:
    return kExitDivergentIntermediates;
  case ir::VerdictStatus::Failed:
    break;
  }
  return kExitInvalid;
}

} // namespace

Action addVerifyCommand(CLI::App& app) {
  auto args = std::make_shared<VerifyArguments>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Run an IR and compare its outputs with the original model's. An output passes when its "
      "PCC reaches --pcc, it has no NaN or Inf the reference lacks, and it is allclose within "
      "--rtol/--atol (torch_ir's check, which decides only where it can: not for outputs below "
      "atol, nor below the run dtype's rounding). Exit 0 when every output passes, 1 when one "
      "fails, 2 when something cannot be read or the outputs' shapes differ, 3 when the outputs "
      "pass but an intermediate diverges far (PASSED WITH DIVERGENT INTERMEDIATES: its PCC "
      "below --pcc, or its error above 10% of the reference's largest value)");
  command->add_option("MODEL", args->model, kModelArgumentHelp)->required();
  addWeightsOption(*command, args->weights);
  auto* reference = command->add_option(
      "--reference", args->reference,
      "The original TorchScript model; its intermediates are compared too, by tensor name");
  auto* expected =
      command->add_option("--expected", args->expected, "Expected outputs as .npy files, in order")
          ->take_all()
          ->excludes(reference);
  command
      ->add_option("--golden", args->golden,
                   "A golden folder (irscope-cli golden model): run on its inputs, compare with "
                   "its outputs, and with nodes/ its intermediates too")
      ->excludes(reference)
      ->excludes(expected);
  addModelInputOptions(*command, args->inputs);
  addDtypeOption(*command, args->dtype);
  addThreadsOption(*command, args->threads);
  addToleranceOptions(*command, args->tolerance);
  args->pcc_option = addPccOption(*command, args->pcc);
  addJsonFlag(*command, args->json);
  command->callback([args] {
    if (args->reference.empty() && args->expected.empty() && args->golden.empty())
      throw CLI::RequiredError("--reference, --expected or --golden");
  });
  return [args]() { return runVerify(*args); };
}

} // namespace irscope::cli
