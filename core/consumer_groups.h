#pragma once
// Who reads a value, by module: a decoder's `memory` is read by the k and v projections of all
// 48 layers, which reads as 48 groups of two (`layers.0` ... `layers.47`), not as 96 names.
#include "core/module_tree.h"
#include "core/topology.h"

#include <vector>

namespace irscope::ir {

struct ConsumerGroup {
  // The module group the readers share, or -1 for readers at the top level or directly in the
  // group where all of them meet.
  int group = -1;
  std::vector<int32_t> nodes; // each once, in the order given
};

// Groups a value's readers where they part ways: below the deepest module group that holds all
// of them (as layout/shared_values.h places stubs), by the child group each is in. Groups come
// in the order of their first reader.
std::vector<ConsumerGroup> groupConsumers(const ModuleTree& modules, const std::vector<Use>& uses);

} // namespace irscope::ir
