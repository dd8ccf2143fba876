#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/run_report.h"
#include "cli/shared_options.h"
#include "core/tensor_values.h"
#include "core/torch/ir_execution.h"
#include "io/npy.h"
#include "io/tensor_file_name.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct RunArguments {
  std::string model;
  std::string weights;
  ModelInputOptions inputs;
  std::string output_dir;
  std::string dtype;
  int threads = 1;
  std::string dump_dir;
  std::string stats_file;
};

int runRun(const RunArguments& args) {
  ir::Graph graph;
  io::NamedTensors weights;
  std::vector<ir::TensorData> inputs;
  torchscript::ExecutionOptions options;
  try {
    io::ModelSource source = io::loadModel(args.model, runSourceOptions(args.inputs, args.weights));
    graph = std::move(source.model.graph);
    weights = std::move(source.weights);
    inputs = std::move(source.inputs);
    options.model_file = args.model;
    options.weights_file = source.weights_file;
    options.input_files = args.inputs.npy_files;
    options.dtype = args.dtype;
    options.threads = args.threads;
    options.statistics = !args.stats_file.empty();
    if (!args.dump_dir.empty()) {
      std::filesystem::create_directories(args.dump_dir);
      options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
        const std::string& name = graph.nodes[node].outputs[output].name;
        io::writeNpy(ir::widenForNumpy(values),
                     std::filesystem::path(args.dump_dir) / io::npyFileNameFor(name));
      };
    }
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }

  torchscript::ExecutionResult result;
  try {
    result = torchscript::executeIr(graph, weights, inputs, options);
    std::filesystem::create_directories(args.output_dir);
    for (size_t i = 0; i < result.outputs.size(); ++i)
      io::writeNpy(ir::widenForNumpy(result.outputs[i]),
                   std::filesystem::path(args.output_dir) / ("out" + std::to_string(i) + ".npy"));
    if (!args.stats_file.empty())
      writeOutput(args.stats_file, statisticsJson(graph, result, args.dtype).dump(2) + "\n");
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  std::cerr << args.model << ": ran " << result.execution_order.size() << " ops in "
            << static_cast<int>(result.seconds * 1000) << " ms; wrote " << result.outputs.size()
            << " output" << (result.outputs.size() == 1 ? "" : "s") << " to " << args.output_dir
            << '\n';
  if (result.first_non_finite) {
    reportError(nonFiniteMessage(args.model, graph, *result.first_non_finite));
    return kExitInvalid;
  }
  return kExitOk;
}

} // namespace

Action addRunCommand(CLI::App& app) {
  auto args = std::make_shared<RunArguments>();
  CLI::App* command = app.add_subcommand(
      "run", "Run a torch_ir IR with its weights through libtorch and write its outputs as .npy");
  command->add_option("MODEL", args->model, kModelArgumentHelp)->required();
  addWeightsOption(*command, args->weights);
  addModelInputOptions(*command, args->inputs);
  command->add_option("-o,--output", args->output_dir, "Folder for out0.npy, out1.npy, ...")
      ->required();
  addDtypeOption(*command, args->dtype);
  addThreadsOption(*command, args->threads);
  command->add_option("--dump-nodes", args->dump_dir,
                      "Write every node output to this folder as TENSOR_NAME.npy");
  command->add_option("--stats", args->stats_file,
                      "Write each node output's statistics (min, max, mean, std, NaN and Inf "
                      "counts, a 32-bin histogram) to this JSON file");
  return [args]() { return runRun(*args); };
}

} // namespace irscope::cli
