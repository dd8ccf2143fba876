#pragma once
#include "core/graph.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace irscope::io {

// Limits that keep hostile files from exhausting the machine. The largest real torch_ir files
// are tens of megabytes (a 10k-node model is 7.5 MB), so these leave ample room.
inline constexpr uint64_t kMaxTorchIrFileBytes = uint64_t{1} << 30; // 1 GiB
inline constexpr size_t kMaxJsonDepth = 256;

// Reads a torch_ir IR JSON file as the Python package writes it. Unknown keys are kept (see
// ir::Graph) so that writing the graph back reproduces the file.
// Throws LoadError, whose message names the file and the JSON path of the problem.
ir::Graph readTorchIrFile(const std::filesystem::path& path);

// The same, from text in memory; `source_name` stands for the file in error messages.
ir::Graph parseTorchIrJson(std::string_view json, const std::string& source_name);

} // namespace irscope::io
