#pragma once
// The mapping backend of the op-by-op analysis: would a module lower to the target? It passes
// when every op in it is converted (or removed) by the operator mapping; each op configuration
// that falls back to the host, or that the mapping does not know, is a failed op.
#include "core/graph.h"
#include "core/module_status.h"
#include "core/op_mapping.h"

#include <cstdint>
#include <vector>

namespace irscope::ir {

// `nodes` are the module's ops; equal configurations (op and arguments) are reported once.
ModuleTest checkModuleMapping(const Graph& graph, const OpMapping& mapping,
                              const std::vector<int32_t>& nodes);

} // namespace irscope::ir
