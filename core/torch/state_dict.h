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

// The same for torch.save's bytes held in memory (a .pt2 archive's serialized_state_dict.pt);
// `source_name` names them in messages.
std::vector<std::pair<std::string, ir::TensorData>>
readStateDictBytes(const std::string& bytes, const std::string& source_name);

// torch.save's bytes of tensors nested in tuples, lists and dicts (a .pt2 archive's example
// inputs, saved as (args, kwargs)), flattened depth first in order. Nones are skipped; any other
// value is refused.
std::vector<ir::TensorData> readSavedTensorsBytes(const std::string& bytes,
                                                  const std::string& source_name);

} // namespace irscope::torchscript
