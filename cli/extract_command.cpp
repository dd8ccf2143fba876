#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "core/model_summary.h"
#include "core/validation.h"
#include "io/atomic_file.h"
#include "io/model_source.h"
#include "io/safetensors.h"
#include "io/torch_ir_writer.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct ExtractArguments {
  std::string model;
  ModelInputOptions inputs;
  std::string output = "-";
  std::string weights_out;
  bool no_weights = false;
  std::string name;
};

// The weights file that goes with the IR: --weights-out, else OUT.safetensors beside -o OUT.json,
// where `run`, `verify` and the app look for it. None for the IR written to stdout.
std::string weightsFileFor(const ExtractArguments& args, bool to_file) {
  if (args.no_weights)
    return {};
  if (!args.weights_out.empty())
    return args.weights_out;
  if (!to_file)
    return {};
  return std::filesystem::path(args.output).replace_extension(".safetensors").string();
}

int runExtract(const ExtractArguments& args) {
  const bool to_file = !args.output.empty() && args.output != "-";
  const std::string weights_out = weightsFileFor(args, to_file);
  const auto start = std::chrono::steady_clock::now();
  io::ModelSource source;
  try {
    io::ModelSourceOptions options = modelSourceOptions(args.inputs);
    // IR JSON in: its weights go out too when they are beside it.
    options.want_weights = weights_out.empty() ? io::ModelSourceOptions::Weights::None
                                               : io::ModelSourceOptions::Weights::IfFound;
    // An invalid extraction is an irscope bug, reported below rather than as a bad file.
    options.check_structure = false;
    source = io::loadModel(args.model, options);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  ir::Graph& graph = source.model.graph;
  if (!args.name.empty())
    graph.model_name = args.name;
  // The extractor's output must be a valid IR; anything else is an irscope bug worth reporting
  // rather than a file worth writing.
  const std::vector<ir::Problem>& problems = source.model.problems;
  if (!problems.empty()) {
    const bool extracted = source.kind != io::ModelKind::TorchIrJson;
    reportError(
        args.model + ": " + (extracted ? "the extracted IR" : "the IR") + " is invalid (" +
        ir::describe(problems.front()) + ")" +
        (extracted ? "; please report this" : "; `irscope-cli validate` lists every problem"));
    return kExitInvalid;
  }
  const bool write_weights = !weights_out.empty() && !source.weights_file.empty();
  try {
    const std::string json = io::writeTorchIrJson(graph);
    if (write_weights) {
      // The IR and its weights are a pair: both are written whole, or neither is replaced.
      const std::string weights = io::safetensorsBytes({source.weights, {}});
      if (to_file)
        io::writeFilesAtomically({{weights_out, weights}, {args.output, json}});
      else
        io::writeFileAtomically(weights_out, weights);
    } else if (to_file) {
      io::writeFileAtomically(args.output, json);
    }
    if (!to_file)
      writeOutput(args.output, json);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  for (const std::string& note : source.notes)
    std::cerr << "note: " << args.model << ": " << note << '\n';
  if (!weights_out.empty() && !write_weights)
    std::cerr << "note: " << args.model << ": no weights beside it, so none written to "
              << weights_out << '\n';
  const ir::ModelSummary summary = ir::summarize(graph);
  std::cerr << args.model << ": " << graph.nodes.size() << " ops, " << graph.weights.size()
            << " weights (" << summary.unique_parameters << " parameters), " << graph.outputs.size()
            << " output" << (graph.outputs.size() == 1 ? "" : "s") << ", in "
            << static_cast<int>(seconds * 1000) << " ms";
  if (write_weights)
    std::cerr << "; weights in " << weights_out;
  std::cerr << '\n';
  return kExitOk;
}

} // namespace

Action addExtractCommand(CLI::App& app) {
  auto args = std::make_shared<ExtractArguments>();
  CLI::App* command = app.add_subcommand(
      "extract", "Write a model's torch_ir IR JSON, and its weights beside it as "
                 "OUT.safetensors: a TorchScript model is run on example inputs and recorded, a "
                 ".pt2 archive read");
  command->add_option("MODEL", args->model, kModelArgumentHelp)->required();
  addModelInputOptions(*command, args->inputs);
  command->add_option("-o,--output", args->output, "IR JSON to write ('-' for stdout)")
      ->capture_default_str();
  auto* weights_out = command->add_option(
      "--weights-out", args->weights_out,
      "Write the weights (.safetensors, keyed by state_dict name) here (default: OUT.safetensors "
      "beside -o OUT.json; none for stdout)");
  command->add_flag("--no-weights", args->no_weights, "Write the IR only, no weights file")
      ->excludes(weights_out);
  command->add_option("--name", args->name, "model_name to record (default: the file's stem)");
  return [args]() { return runExtract(*args); };
}

} // namespace irscope::cli
