#pragma once
// A zoo model saved with torch.jit.save's C++ twin and extracted by irscope, on its declared
// example inputs (seeded): what the zoo tests start from.
#include "core/torch/torchscript_extraction.h"
#include "tests/models/model_zoo.h"

#include <filesystem>

namespace irscope::testing::zoo {

inline torchscript::Extraction extractZooModel(const ZooModel& model,
                                               const std::filesystem::path& directory) {
  torchscript::ExtractionOptions options;
  for (size_t i = 0; i < model.input_shapes.size(); ++i)
    options.input_specs.push_back({model.input_shapes[i], model.input_dtypes[i]});
  options.model_name = model.name;
  return torchscript::extractTorchScript(saveModel(model, directory), options);
}

} // namespace irscope::testing::zoo
