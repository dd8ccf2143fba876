#include "layout/geometry.h"

#include <algorithm>

namespace irscope::layout {

Point labelAnchor(const EdgePath& path) {
  if (path.points.empty())
    return {};
  // Every third point of the Bézier chain lies on the curve; take the chord of the middle
  // segment, whose midpoint is close to the curve's.
  const size_t segments = (path.points.size() - 1) / 3;
  const Point& start = path.points[3 * (segments / 2)];
  const Point& end = path.points[std::min(path.points.size() - 1, 3 * (segments / 2) + 3)];
  return {(start.x + end.x) / 2 + 4, (start.y + end.y) / 2};
}

} // namespace irscope::layout
