#include "core/single_tensor_cuts.h"

#include <algorithm>
#include <cstdint>

namespace irscope::ir {

std::vector<size_t> singleTensorCuts(const Graph& graph, const Topology& topology) {
  const std::vector<int32_t>& order = topology.topological_order;
  const size_t count = order.size();
  std::vector<int64_t> position(graph.nodes.size(), -1);
  for (size_t p = 0; p < count; ++p)
    position[order[p]] = static_cast<int64_t>(p);
  // live(p) = values defined at or before p and used after p. delta[p] adds values defined at p
  // and removes values whose last use is p.
  std::vector<int64_t> delta(count + 1, 0);
  int64_t live_before_start = 0;
  auto track = [&](int64_t defined, int64_t last_use) {
    if (last_use <= defined)
      return; // never used later
    if (defined < 0)
      ++live_before_start;
    else
      ++delta[defined];
    --delta[std::min<int64_t>(last_use, static_cast<int64_t>(count))];
  };
  const int64_t end = static_cast<int64_t>(count); // "used by a graph output"
  std::vector<int64_t> last_use_of_input(graph.inputs.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    for (size_t o = 0; o < topology.output_consumers[n].size(); ++o) {
      int64_t last = position[n];
      for (const Use& use : topology.output_consumers[n][o])
        last = std::max(last, position[use.node]);
      for (const ValueRef& out : topology.graph_outputs) {
        if (out.kind == ValueKind::NodeOutput && out.index == static_cast<int32_t>(n) &&
            out.output == static_cast<int32_t>(o))
          last = end;
      }
      track(position[n], last);
    }
  }
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    int64_t last = -1;
    for (const Use& use : topology.input_consumers[i])
      last = std::max(last, position[use.node]);
    track(-1, last);
  }
  std::vector<size_t> cuts;
  int64_t live = live_before_start;
  for (size_t p = 0; p + 1 < count; ++p) {
    live += delta[p];
    if (live == 1)
      cuts.push_back(p + 1); // a new segment starts at p + 1
  }
  return cuts;
}

} // namespace irscope::ir
