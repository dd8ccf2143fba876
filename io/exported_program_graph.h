#pragma once
// torch.export's serialized ExportedProgram (the JSON schema of torch/_export/serde/schema.py,
// major version 8) turned into the IR torch_ir writes for the same model. Both .pt2 layouts
// carry this same JSON; io/exported_program.cpp finds it in the archive.
#include "core/graph.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace irscope::io {

// The schema major version this reader knows; PyTorch 2.6 writes 8.2.
inline constexpr int64_t kExportedProgramSchemaMajor = 8;

// torch/_export/serde/schema.py's ScalarType (its own numbering) as irscope's dtype name
// ("float32"), or "" for a code irscope has no name for.
std::string dtypeOfScalarType(int64_t code);

// The graph node for node as the archive has it (torch.export's serializer leaves out getitem
// nodes, so neither are they added here: a multi-output node's consumers name its outputs by
// index). Tensor arguments become inputs in argument order, other arguments attrs by schema
// name; parameters, buffers and lifted constants are weights named by their state_dict keys
// through weight_name_mapping. Each node keeps its module path and class from nn_module_stack,
// and its stack_trace; graph.module_classes holds every module's qualified class.
// Throws LoadError naming `source_name`: malformed JSON, an unknown schema major version,
// dynamic shapes, a node reading a tensor that does not exist, an argument kind torch_ir has no
// form for.
ir::Graph graphFromExportedProgram(std::string_view json, const std::string& source_name,
                                   const std::string& model_name);

} // namespace irscope::io
