#pragma once
// Plain geometry a layout produces and a renderer draws. Units are points (1/72 inch); the
// origin is the top-left corner and y grows downwards, as on screen and in SVG.
#include <vector>

namespace irscope::layout {

struct Point {
  double x = 0;
  double y = 0;
};

struct Rect {
  double x = 0; // left
  double y = 0; // top
  double width = 0;
  double height = 0;

  double right() const { return x + width; }
  double bottom() const { return y + height; }
  Point center() const { return {x + width / 2, y + height / 2}; }
  bool overlaps(const Rect& other) const {
    return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
  }
};

// An edge as a cubic Bézier chain: points[0] is the start, then three points per segment
// (two control points and the segment's end). The arrowhead runs from the chain's end to `tip`.
struct EdgePath {
  std::vector<Point> points;
  bool has_arrow = false;
  Point tip;
};

// Where an edge's label goes: beside the middle of its path.
Point labelAnchor(const EdgePath& path);

} // namespace irscope::layout
