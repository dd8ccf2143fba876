#pragma once
// torch_ir's IR JSON records no module paths, but irscope's extraction of the original TorchScript
// model does. When a verify has that extraction at hand, the IR's nodes borrow its module paths,
// so that "first divergence: conv2d_3" can also say "in res_block2.conv1".
#include "core/graph.h"

#include <cstddef>

namespace irscope::ir {

// Each node of `graph` without a module path takes the module path and class of the node of
// `reference` that produces a tensor of the same name with the same op. Returns how many did.
size_t adoptReferenceModulePaths(Graph& graph, const Graph& reference);

} // namespace irscope::ir
