#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "core/topology.h"
#include "core/validation.h"
#include "core/weight_check.h"
#include "io/load_error.h"
#include "io/weights_file.h"

#include <iostream>
#include <memory>

namespace irscope::cli {

Action addValidateCommand(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto weights = std::make_shared<std::string>();
  auto inputs = std::make_shared<ModelInputOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check a model's structure; exit 0 valid, 1 invalid, 2 unreadable");
  command->add_option("FILE", *file, kModelArgumentHelp)->required();
  // Its own help: here the weights are checked, not run.
  command->add_option("--weights", *weights,
                      "Also check that this weights file (.safetensors, or a torch.save "
                      "state_dict .pt) holds every weight, shaped as the graph expects");
  addModelInputOptions(*command, *inputs);

  return [file, weights, inputs]() {
    ir::Graph graph;
    ir::Topology topology;
    std::vector<ir::Problem> problems;
    try {
      io::ModelSourceOptions options = modelSourceOptions(*inputs, *weights);
      options.check_structure = false; // every problem is listed below
      if (!weights->empty())
        options.want_weights = io::ModelSourceOptions::Weights::Required;
      io::ModelSource source = io::loadModel(*file, options);
      graph = std::move(source.model.graph);
      topology = std::move(source.model.topology);
      problems = std::move(source.model.problems);
      if (!weights->empty()) {
        std::map<std::string, ir::WeightRecord> available;
        for (const auto& [name, tensor] : source.weights)
          available[name] = {tensor.dtype, tensor.shape};
        for (ir::Problem& problem : ir::checkWeights(graph, topology, available))
          problems.push_back(std::move(problem));
      }
    } catch (const std::exception& error) {
      reportError(error.what());
      return int{kExitUnreadable};
    }
    for (const ir::Problem& problem : problems)
      std::cout << *file << ": " << ir::describe(problem) << '\n';
    if (problems.empty()) {
      std::cout << *file << ": valid (" << graph.nodes.size() << " nodes, " << graph.weights.size()
                << " weights)\n";
      return int{kExitOk};
    }
    std::cout << *file << ": invalid, " << problems.size() << " problem"
              << (problems.size() == 1 ? "" : "s") << '\n';
    return int{kExitInvalid};
  };
}

} // namespace irscope::cli
