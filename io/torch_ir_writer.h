#pragma once
#include "core/graph.h"

#include <filesystem>
#include <string>

namespace irscope::io {

// The graph as torch_ir JSON, laid out as Python's json.dump(indent=2) lays it out, with keys
// in torch_ir's order and any unknown keys after them. A file the Python package wrote comes
// back byte for byte.
std::string writeTorchIrJson(const ir::Graph& graph);

// Writes the file atomically (see atomic_file.h).
void writeTorchIrFile(const ir::Graph& graph, const std::filesystem::path& path);

} // namespace irscope::io
