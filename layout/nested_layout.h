#pragma once
#include "layout/box_graph.h"
#include "layout/layout_cache.h"
#include "layout/layout_control.h"

namespace irscope::layout {

// Lays out a BoxGraph with frames level by level, as Model Explorer does: each frame's inside is
// laid out on its own, deepest first, and its parent then places the frame as one fixed-size
// box. Every dot run is small, so the cost follows the visible boxes rather than the model.
// An edge that crosses frames is routed in pieces (to an exit port at the bottom of each frame
// it leaves, between frames in their common parent, from an entry port at the top of each frame
// it enters) and the pieces are joined into one path. Same contract as layoutWithDot.
// Reports progress per dot run, stops with LayoutCancelled when asked, and switches to cheaper
// settings for oversized levels or past the budget (saying so in `notes`). With a cache, each
// dot run and the whole result are looked up and stored by content hash.
BoxLayout layoutNested(const BoxGraph& graph, const DotSettings& settings,
                       const LayoutControl& control = {}, LayoutCache* cache = nullptr);

} // namespace irscope::layout
