#pragma once
// What `modules` and `analyze` start from: a model with module paths (TorchScript and .pt2 give
// them; IR JSON must carry them), its unique modules and, for the cpu backends, the weights and
// inputs to run it on. Read through io::loadModel as every command's model.
#include "cli/model_input_options.h"
#include "core/module_tree.h"
#include "core/tensor_data.h"
#include "core/unique_modules.h"
#include "io/model_file.h"
#include "io/weights_file.h"

#include <string>
#include <vector>

namespace irscope::cli {

struct ModelWithModules {
  io::OpenedModel model;
  ir::ModuleTree tree;
  ir::UniqueModules modules;
  io::NamedTensors weights; // with run_data only
  std::string weights_file;
  std::vector<ir::TensorData> inputs; // with run_data only
};

// Throws std::exception with one line naming the file at fault: unreadable model, no module
// paths, and with `run_data` a missing weights file or unusable inputs.
ModelWithModules loadModelWithModules(const std::string& model_file, const std::string& weights,
                                      const ModelInputOptions& inputs, bool run_data);

} // namespace irscope::cli
