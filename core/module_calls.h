#pragma once
// A module that runs more than once (a ReLU instance reused inside a block, an RNN cell in a
// loop) would otherwise be one group whose ops sit both before and after other groups, which
// no drawing can lay out as a box. Each run becomes its own group: the second run of
// "layer1.0.relu" is "layer1.0.relu@2".
#include "core/graph.h"

#include <string>

namespace irscope::ir {

// Renames module paths in place. Nodes must be in execution order (as extraction records them):
// a run is a maximal stretch of consecutive nodes inside the same module.
void numberRepeatedModuleCalls(Graph& graph);

// "layer1.0.relu@2" -> "layer1.0.relu": the module whose run a numbered path names.
std::string withoutRunNumbers(const std::string& path);

} // namespace irscope::ir
