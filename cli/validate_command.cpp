#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "core/topology.h"
#include "core/validation.h"
#include "core/weight_check.h"
#include "io/load_error.h"
#include "io/model_file.h"
#include "io/weights_file.h"

#include <iostream>
#include <memory>

namespace irscope::cli {

Action addValidateCommand(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto weights = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check a model's structure; exit 0 valid, 1 invalid, 2 unreadable");
  command->add_option("FILE", *file, "torch_ir IR JSON file")->required();
  command->add_option("--weights", *weights,
                      "Also check that this weights file (.safetensors, or a torch.save "
                      "state_dict .pt) holds every weight, shaped as the graph expects");

  return [file, weights]() {
    ir::Graph graph;
    try {
      graph = io::loadModelFile(*file);
    } catch (const std::exception& error) {
      reportError(error.what());
      return int{kExitUnreadable};
    }
    const ir::Topology topology = ir::buildTopology(graph);
    std::vector<ir::Problem> problems = ir::validate(graph, topology);
    if (!weights->empty()) {
      std::map<std::string, ir::WeightRecord> available;
      try {
        const auto tensors = io::readWeightsFile(*weights);
        for (const auto& [name, tensor] : tensors)
          available[name] = {tensor.dtype, tensor.shape};
      } catch (const std::exception& error) {
        reportError(error.what());
        return int{kExitUnreadable};
      }
      for (ir::Problem& problem : ir::checkWeights(graph, topology, available))
        problems.push_back(std::move(problem));
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
