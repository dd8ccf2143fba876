#pragma once
// The safetensors format (github.com/huggingface/safetensors): an 8-byte little-endian header
// size, a JSON header mapping each tensor's name to its dtype, shape and byte range, then the
// bytes. Debian packages no C++ implementation, so this is a small one.
#include "core/tensor_data.h"

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

using ir::TensorData;

struct SafetensorsFile {
  std::vector<std::pair<std::string, TensorData>> tensors; // in header order
  std::map<std::string, std::string> metadata;             // the optional "__metadata__"
};

// Checks what the format requires: known dtypes, byte ranges that match shape and dtype,
// lie inside the file, do not overlap and leave no gaps. Throws LoadError.
SafetensorsFile readSafetensors(const std::filesystem::path& path);

// The bytes the reference implementation writes for these tensors: data ordered by element size
// (largest first) then name, the header listing them in that order and padded with spaces to a
// multiple of 8 bytes.
std::string safetensorsBytes(const SafetensorsFile& file);
void writeSafetensors(const SafetensorsFile& file, const std::filesystem::path& path);

} // namespace irscope::io
