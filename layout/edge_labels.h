#pragma once
// Edge labels (tensor shapes) are placed by irscope beside the middle of their edge
// (labelAnchor). An edge that enters a frame passes its title band, and one that runs past a box
// may put its label on the box; such a label slides along its own edge to the nearest place that
// is clear of frame titles and boxes.
#include "layout/diagram.h"

namespace irscope::layout {

// Where a frame's title is drawn: bold, at its top left (the renderer draws it there).
Rect frameTitleBand(const DiagramFrame& frame);
// What an edge label covers: the renderer draws it with its left middle at `anchor`.
Rect edgeLabelRect(const std::string& label, const Point& anchor);

// Moves every label that meets a frame title, a box (other than its own edge's ends) or a label
// placed before it to the nearest place along its edge that meets none of them, or failing that
// no frame title; a label with no such place stays. A label that would sit on the same text of
// another edge (edges from one value into several ops) is dropped: the shape is said once.
void placeEdgeLabels(Diagram& diagram);

} // namespace irscope::layout
