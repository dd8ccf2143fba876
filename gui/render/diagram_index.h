#pragma once
// Finding what a rectangle of a diagram holds without looking at the rest: the canvas draws a
// window onto a graph of 50k ops, and what a frame costs must follow what is on screen, not the
// size of the graph. Plain geometry (no Qt): built once per diagram, read by the painter.
#include "layout/diagram.h"

#include <cstdint>
#include <vector>

namespace irscope::render {

// Rectangles bucketed in a uniform grid. Each box is listed in every cell it meets; a query
// reads the cells its rectangle meets and keeps the boxes that overlap it (Rect::overlaps).
class BoxGrid {
public:
  BoxGrid() = default;
  explicit BoxGrid(std::vector<layout::Rect> boxes);

  // The indices of the boxes that overlap `area`, ascending (the order they were given in,
  // which is the order the painter draws them in).
  std::vector<int> overlapping(const layout::Rect& area) const;
  const layout::Rect& box(int index) const { return boxes_[static_cast<size_t>(index)]; }
  size_t size() const { return boxes_.size(); }

private:
  struct CellRange {
    int first_column = 0, last_column = -1, first_row = 0, last_row = -1;
  };
  CellRange cellsMeeting(const layout::Rect& area) const;

  std::vector<layout::Rect> boxes_;
  layout::Rect extent_;
  double cell_width_ = 1, cell_height_ = 1;
  int columns_ = 0, rows_ = 0;
  std::vector<uint32_t> cell_start_; // entries_[cell_start_[c] .. cell_start_[c + 1]) per cell
  std::vector<int> entries_;
  // Marks boxes already taken during one query (a box sits in several cells). Queries come
  // from the one thread that paints, one at a time.
  mutable std::vector<uint32_t> seen_;
  mutable uint32_t query_ = 0;
};

// What the painter may cover when it draws a thing, beyond its box: the stroke around a box and
// the card stacked behind a collapsed group; an edge's curve (inside its points' hull), its
// arrowhead and pen, and its label at the size the layout estimates text, which is generous.
layout::Rect itemReach(const layout::DiagramItem& item);
layout::Rect edgeReach(const layout::DiagramEdge& edge);
layout::Rect frameReach(const layout::DiagramFrame& frame);

// The items, edges and frames of one diagram by their reach, each in a grid of its own.
struct DiagramIndex {
  explicit DiagramIndex(const layout::Diagram& diagram);

  BoxGrid items, edges, frames;
};

} // namespace irscope::render
