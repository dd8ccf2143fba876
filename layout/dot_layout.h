#pragma once
#include "layout/box_graph.h"

namespace irscope::layout {

// Lays one level of boxes out with Graphviz's dot engine (libgvc), keeping each box's size.
// The graph must have no frames: nested groups are layoutNested's job (nested_layout.h).
// Thread-safe: calls into libgvc are serialised. Throws std::runtime_error if dot fails.
BoxLayout layoutWithDot(const BoxGraph& graph, const DotSettings& settings);

} // namespace irscope::layout
