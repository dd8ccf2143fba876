#pragma once
// Reads a torch.save(model.state_dict()) file without Python.
#include "core/tensor_data.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace irscope::torchscript {

// Name -> tensor, in the file's order. Throws ExtractionError naming the file and the problem:
// not a zip, truncated, a TorchScript model rather than a state_dict, values that are not tensors.
std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& file);

} // namespace irscope::torchscript
