#pragma once
// torch.export archives (.pt2), read without Python and, for the graph, without libtorch:
// PyTorch 2.6's layout (serialized_exported_program.json, serialized_state_dict.pt, ...) and the
// newer PT2 archive layout of PyTorch >= 2.7 (archive_format, models/*.json, data/weights/...):
// its weights either as one torch.save per folder (the older form) or as raw storage files
// described by a config (the current form; io/pt2_archive_tensors.h).
// The graph becomes the IR torch_ir writes for the same model, node for node with the archive.
#include "core/graph.h"
#include "core/tensor_data.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

// True when `path` is a zip archive laid out as a torch.export archive of either layout. Never
// throws; a damaged zip is false here and gets its message from readExportedProgram.
bool isExportedProgramArchive(const std::filesystem::path& path);

// The archive's graph as torch_ir IR: node names, aten.op.overload types, every tensor argument
// an input with its producer, output shapes and dtypes, attrs, weights, weight_name_mapping,
// each node's module path and class (from nn_module_stack) and its stack_trace, and the graph's
// module_classes. Throws LoadError, one line naming the file and the problem.
ir::Graph readExportedProgram(const std::filesystem::path& path);

// The archive's own parameters, buffers and lifted constants, keyed by state_dict name (the
// names the graph's weight_name_mapping points to). Throws LoadError.
std::vector<std::pair<std::string, ir::TensorData>>
readExportedProgramWeights(const std::filesystem::path& path);

// The same two for an archive's bytes in memory (the fuzz harness); `source_name` stands for
// the file in messages and gives the model its name.
ir::Graph readExportedProgramBytes(std::string bytes, const std::string& source_name);
std::vector<std::pair<std::string, ir::TensorData>>
readExportedProgramWeightsBytes(std::string bytes, const std::string& source_name);

// The example inputs the archive was exported with, in the order of the graph's inputs.
// Throws LoadError (also when the archive has none).
std::vector<ir::TensorData> readExportedProgramExampleInputs(const std::filesystem::path& path);

} // namespace irscope::io
