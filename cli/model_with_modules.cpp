#include "cli/model_with_modules.h"

#include "core/torch/torchscript_extraction.h"
#include "io/input_file.h"
#include "io/model_inputs.h"
#include "io/npy.h"

#include <filesystem>
#include <stdexcept>

namespace irscope::cli {

ModelWithModules loadModelWithModules(const std::string& model_file, const std::string& weights,
                                      const ModelInputOptions& inputs, bool run_data) {
  ModelWithModules loaded;
  if (io::isZipArchive(model_file)) {
    torchscript::ExtractionOptions options;
    const io::InputChoice choice = inputs.choice();
    options.input_specs = choice.specs;
    options.seed = choice.seed;
    for (const std::string& npy : choice.npy_files)
      options.input_values.push_back(io::readNpy(npy));
    options.keep_weight_data = run_data && weights.empty();
    torchscript::Extraction extraction = torchscript::extractTorchScript(model_file, options);
    loaded.model = io::checkModel(std::move(extraction.graph), model_file);
    loaded.weights = std::move(extraction.weight_data);
    loaded.weights_file = model_file;
    loaded.inputs = std::move(extraction.inputs);
  } else {
    loaded.model = io::openModel(model_file);
  }
  loaded.tree = ir::buildModuleTree(loaded.model.graph, loaded.model.topology);
  try {
    loaded.modules = ir::findUniqueModules(loaded.model.graph, loaded.model.topology, loaded.tree);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(model_file + ": " + error.what());
  }
  if (run_data && loaded.inputs.empty() && !loaded.model.graph.inputs.empty())
    loaded.inputs = io::loadInputs(loaded.model.graph, inputs.choice());
  if (run_data && !weights.empty()) {
    loaded.weights = io::readWeightsFile(weights);
    loaded.weights_file = weights;
  } else if (run_data && loaded.weights_file.empty()) {
    const std::filesystem::path beside = io::weightsBeside(model_file);
    if (beside.empty())
      throw std::runtime_error(model_file + ": no weights given, and no " +
                               std::filesystem::path(model_file).stem().string() +
                               ".safetensors beside it; use --weights");
    loaded.weights = io::readWeightsFile(beside);
    loaded.weights_file = beside.string();
  }
  return loaded;
}

} // namespace irscope::cli
