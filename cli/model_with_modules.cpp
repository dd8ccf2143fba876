#include "cli/model_with_modules.h"

#include "io/model_source.h"

#include <stdexcept>

namespace irscope::cli {

ModelWithModules loadModelWithModules(const std::string& model_file, const std::string& weights,
                                      const ModelInputOptions& inputs, bool run_data) {
  const io::ModelSourceOptions options =
      run_data ? runSourceOptions(inputs, weights) : modelSourceOptions(inputs, weights);
  io::ModelSource source = io::loadModel(model_file, options);
  ModelWithModules loaded;
  loaded.model = std::move(source.model);
  loaded.weights = std::move(source.weights);
  loaded.weights_file = std::move(source.weights_file);
  if (run_data)
    loaded.inputs = std::move(source.inputs);
  loaded.tree = ir::buildModuleTree(loaded.model.graph, loaded.model.topology);
  try {
    loaded.modules = ir::findUniqueModules(loaded.model.graph, loaded.model.topology, loaded.tree);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(model_file + ": " + error.what());
  }
  return loaded;
}

} // namespace irscope::cli
