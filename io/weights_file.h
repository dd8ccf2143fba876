#pragma once
// A model's weights, from any file that holds them: .safetensors, a torch.save state_dict
// (.pt/.pth/.bin) or a torch.export archive (.pt2), told apart by content, not by name. Keyed by
// state_dict name, in file order.
#include "core/tensor_data.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

using NamedTensors = std::vector<std::pair<std::string, ir::TensorData>>;

// Throws LoadError or torchscript::ExtractionError, one line naming the file.
NamedTensors readWeightsFile(const std::filesystem::path& path);

// The model's name as its files share it: "DeepResNet.ts.pt" and "DeepResNet.json" are both
// "DeepResNet".
std::string modelStem(const std::filesystem::path& model);

// The weights file a user most likely means for `model`: NAME.safetensors beside it, then
// NAME.state_dict.pt; empty when neither exists. "resnet.json" -> "resnet.safetensors".
std::filesystem::path weightsBeside(const std::filesystem::path& model);

} // namespace irscope::io
