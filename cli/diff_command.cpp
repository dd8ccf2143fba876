// irscope-cli diff A B: what changed between two models, node by node and weight by weight
// (core/graph_diff.h), and with --run by how much each paired node's outputs differ on the same
// inputs. The JSON schema is in core/graph_diff_report.h.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/graph_diff.h"
#include "core/graph_diff_report.h"
#include "core/paired_outputs.h"
#include "core/torch/ir_execution.h"
#include "io/atomic_file.h"
#include "io/diff_report_html.h"
#include "io/model_source.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct DiffArguments {
  std::string model_a;
  std::string model_b;
  std::string weights_a;
  std::string weights_b;
  ModelInputOptions inputs;
  bool run = false;
  std::string dtype;
  int threads = 1;
  ir::Tolerance tolerance;
  double pcc = 0;
  CLI::Option* pcc_option = nullptr; // unless given, the threshold follows the dtype
  bool json = false;
  std::string html_dir;
};

io::ModelSource loadSide(const std::string& model, const std::string& weights,
                         const ModelInputOptions& inputs, bool run,
                         const std::vector<ir::InputSpec>& fallback_specs) {
  io::ModelSourceOptions options =
      run ? runSourceOptions(inputs, weights) : modelSourceOptions(inputs, weights);
  if (!run)
    options.want_weights = io::ModelSourceOptions::Weights::IfFound;
  // Without inputs of its own, B is run (TorchScript must run to be recorded) on A's shapes.
  if (options.inputs.npy_files.empty() && options.inputs.specs.empty())
    options.inputs.specs = fallback_specs;
  return io::loadModel(model, options);
}

torchscript::ExecutionOptions executionOptions(const DiffArguments& args, const std::string& model,
                                               const io::ModelSource& source) {
  torchscript::ExecutionOptions options;
  options.model_file = model;
  options.weights_file = source.weights_file;
  options.input_files = args.inputs.npy_files;
  options.dtype = args.dtype;
  options.threads = args.threads;
  return options;
}

int runDiff(const DiffArguments& args) {
  io::ModelSource a, b;
  try {
    a = loadSide(args.model_a, args.weights_a, args.inputs, args.run, {});
    b = loadSide(args.model_b, args.weights_b, args.inputs, args.run,
                 io::declaredInputSpecs(a.model.graph));
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  ir::DiffOptions options;
  if (!a.weights.empty() && !b.weights.empty()) {
    options.weights_a = &a.weights;
    options.weights_b = &b.weights;
  }
  ir::GraphDiff diff = ir::diffGraphs(a.model.graph, b.model.graph, options);

  if (args.run) {
    // Both on A's inputs, so that the numbers differ only by what the models do.
    ir::VerdictRule rule{args.tolerance, std::nullopt};
    if (args.pcc_option->count())
      rule.pcc = args.pcc;
    ir::PairedOutputs paired(diff, rule);
    try {
      torchscript::ExecutionOptions run_a = executionOptions(args, args.model_a, a);
      run_a.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
        paired.recordA(node, output, values);
      };
      torchscript::executeIr(a.model.graph, a.weights, a.inputs, run_a);
      torchscript::ExecutionOptions run_b = executionOptions(args, args.model_b, b);
      run_b.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
        paired.compareB(node, output, values);
      };
      torchscript::executeIr(b.model.graph, b.weights, a.inputs, run_b);
    } catch (const std::exception& error) {
      reportError(error.what());
      return kExitUnreadable;
    }
  }

  const ir::DiffSides sides{a.model.graph, b.model.graph, args.model_a, args.model_b};
  const Json json = ir::toJson(diff, sides);
  if (!args.html_dir.empty()) {
    try {
      std::filesystem::create_directories(args.html_dir);
      io::writeFileAtomically(std::filesystem::path(args.html_dir) / "diff.html",
                              io::diffReportHtml(json));
    } catch (const std::exception& error) {
      reportError(args.html_dir + ": cannot write diff.html: " + error.what());
      return kExitUnreadable;
    }
  }
  if (args.json)
    std::cout << json.dump(2) << '\n';
  else
    std::cout << ir::toText(diff, sides);
  return diff.hasChanges() ? kExitInvalid : kExitOk;
}

} // namespace

Action addDiffCommand(CLI::App& app) {
  auto args = std::make_shared<DiffArguments>();
  CLI::App* command = app.add_subcommand(
      "diff", "Say what changed between two models: nodes paired and classed same, changed, "
              "added or removed, weights compared; exit 0 when nothing changed, 1 when something "
              "did, 2 when something cannot be read");
  command
      ->add_option("A", args->model_a,
                   "The first (old, reference) model; " + std::string(kModelArgumentHelp))
      ->required();
  command->add_option("B", args->model_b, "The second (new) model, of any kind")->required();
  command->add_option("--weights-a", args->weights_a,
                      "A's weights (default: its own, or NAME.safetensors beside it)");
  command->add_option("--weights-b", args->weights_b,
                      "B's weights (default: its own, or NAME.safetensors beside it)");
  addModelInputOptions(*command, args->inputs, true);
  command->add_flag("--run", args->run,
                    "Run both on the same inputs and compare each paired node's outputs by "
                    "verify's rule (NaN/Inf, PCC by dtype, allclose); names the first pair that "
                    "fails it");
  addDtypeOption(*command, args->dtype);
  addThreadsOption(*command, args->threads);
  addToleranceOptions(*command, args->tolerance);
  args->pcc_option = addPccOption(*command, args->pcc);
  addJsonFlag(*command, args->json);
  command->add_option("--html", args->html_dir,
                      "Also write DIR/diff.html, a self-contained page of the diff");
  return [args]() { return runDiff(*args); };
}

} // namespace irscope::cli
