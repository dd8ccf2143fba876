#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "core/input_spec.h"
#include "core/model_summary.h"
#include "core/topology.h"
#include "core/torch/torchscript_extraction.h"
#include "core/validation.h"
#include "io/atomic_file.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_writer.h"

#include <chrono>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct ExtractArguments {
  std::string model;
  std::vector<std::string> input_shapes;
  std::vector<std::string> input_files;
  uint64_t seed = 0;
  std::string output = "-";
  std::string weights_out;
  std::string name;
};

int runExtract(const ExtractArguments& args) {
  torchscript::ExtractionOptions options;
  options.seed = args.seed;
  options.model_name = args.name;
  options.keep_weight_data = !args.weights_out.empty();
  try {
    for (const std::string& text : args.input_shapes)
      options.input_specs.push_back(ir::parseInputSpec(text));
    for (const std::string& file : args.input_files)
      options.input_values.push_back(io::readNpy(file));
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }

  const auto start = std::chrono::steady_clock::now();
  torchscript::Extraction extraction;
  try {
    extraction = torchscript::extractTorchScript(args.model, options);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The extractor's output must be a valid IR; anything else is an irscope bug worth reporting
  // rather than a file worth writing.
  const ir::Graph& graph = extraction.graph;
  const std::vector<ir::Problem> problems = ir::validate(graph, ir::buildTopology(graph));
  if (!problems.empty()) {
    reportError(args.model + ": the extracted IR is invalid (" + ir::describe(problems.front()) +
                "); please report this");
    return kExitInvalid;
  }
  try {
    const std::string json = io::writeTorchIrJson(graph);
    const bool to_file = !args.output.empty() && args.output != "-";
    if (!args.weights_out.empty()) {
      // The IR and its weights are a pair: both are written whole, or neither is replaced.
      const std::string weights = io::safetensorsBytes({extraction.weight_data, {}});
      if (to_file)
        io::writeFilesAtomically({{args.weights_out, weights}, {args.output, json}});
      else
        io::writeFileAtomically(args.weights_out, weights);
    } else if (to_file) {
      io::writeFileAtomically(args.output, json);
    }
    if (!to_file)
      writeOutput(args.output, json);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  for (const std::string& note : extraction.notes)
    std::cerr << "note: " << args.model << ": " << note << '\n';
  const ir::ModelSummary summary = ir::summarize(graph);
  std::cerr << args.model << ": " << graph.nodes.size() << " ops, " << graph.weights.size()
            << " weights (" << summary.unique_parameters << " parameters), " << graph.outputs.size()
            << " output" << (graph.outputs.size() == 1 ? "" : "s") << ", in "
            << static_cast<int>(seconds * 1000) << " ms\n";
  return kExitOk;
}

} // namespace

Action addExtractCommand(CLI::App& app) {
  auto args = std::make_shared<ExtractArguments>();
  CLI::App* command = app.add_subcommand(
      "extract", "Run a TorchScript model on example inputs and write its torch_ir IR JSON");
  command->add_option("MODEL", args->model, "TorchScript file (torch.jit.save)")->required();
  command
      ->add_option("--input-shape", args->input_shapes,
                   "Shape of one input, e.g. 1x3x224x224 or 1x128:int64; repeat for each input. "
                   "Values are seeded random (integers are 0 or 1)")
      ->take_all();
  command->add_option("--inputs", args->input_files, "Input values as .npy files, one per input")
      ->take_all()
      ->excludes(command->get_option("--input-shape"));
  command->add_option("--seed", args->seed, "Seed for the random inputs")->capture_default_str();
  command->add_option("-o,--output", args->output, "IR JSON to write ('-' for stdout)")
      ->capture_default_str();
  command->add_option("--weights-out", args->weights_out,
                      "Also write the weights as .safetensors, keyed by state_dict name");
  command->add_option("--name", args->name, "model_name to record (default: the file's stem)");
  return [args]() { return runExtract(*args); };
}

} // namespace irscope::cli
