#pragma once
// Values read far and wide, such as a decoder's `memory` that every layer attends to, are drawn
// as one short stub (a small "memory ↗" port) in each group that reads them, instead of as long
// edges from the producer across the whole graph. This file decides which values, and where
// their stubs go; buildDiagram (diagram.h) draws them.
#include <cstddef>
#include <vector>

namespace irscope::layout {

// A value becomes stubs when its consumers sit in at least this many different groups besides
// the producer's own. "Groups" are counted where the consumers part ways: below the deepest
// module group that holds all of them (nn.TransformerDecoder's `layers` for `memory`), so the
// q/k/v projections and the residual add that read one layer's input count as one layer, not
// as four places. Three is still an edge's job (a block's output into the next block and its
// shortcut); a value read by four or more layers is what turns into a curtain of edges.
inline constexpr size_t kStubMinGroups = 4;

// One stub: the consumers it feeds and the module group it is drawn in.
struct StubSite {
  int group = -1;                // module group whose frame holds the stub; -1 for the top level
  std::vector<size_t> consumers; // indices into the consumer list given to planStubs
};

// Where a value's stubs go. Each consumer is given by its chain of module groups as the diagram
// shows it, innermost first (for a collapsed group's box: that group first, then its parents);
// an empty chain is the top level. Consumers in the producer's own branch keep their edges and
// are in no site. Returns no sites when the consumers meet in fewer than `min_groups` groups
// besides the producer's own: the value is drawn with edges.
std::vector<StubSite> planStubs(const std::vector<std::vector<int>>& consumer_chains,
                                const std::vector<int>& producer_chain,
                                size_t min_groups = kStubMinGroups);

} // namespace irscope::layout
