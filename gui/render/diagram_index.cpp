#include "gui/render/diagram_index.h"

#include <algorithm>
#include <cmath>

namespace irscope::render {

namespace {

// About this many boxes per cell on average: fewer cells than boxes keeps the grid small,
// while a window onto the diagram still reads only the cells around it.
constexpr double kBoxesPerCell = 2;
constexpr int kMaxCellsPerSide = 4096;

bool hasArea(const layout::Rect& box) {
  return box.width > 0 && box.height > 0;
}

} // namespace

BoxGrid::BoxGrid(std::vector<layout::Rect> boxes) : boxes_(std::move(boxes)) {
  seen_.assign(boxes_.size(), 0);
  bool any = false;
  double left = 0, top = 0, right = 0, bottom = 0;
  for (const layout::Rect& box : boxes_) {
    if (!hasArea(box))
      continue;
    if (!any) {
      left = box.x, top = box.y, right = box.right(), bottom = box.bottom();
      any = true;
    }
    left = std::min(left, box.x);
    top = std::min(top, box.y);
    right = std::max(right, box.right());
    bottom = std::max(bottom, box.bottom());
  }
  if (!any)
    return; // nothing can be found: no cells
  extent_ = {left, top, right - left, bottom - top};
  const double cells = std::max(1.0, static_cast<double>(boxes_.size()) / kBoxesPerCell);
  const double side = std::sqrt(extent_.width * extent_.height / cells);
  columns_ = std::clamp(static_cast<int>(std::ceil(extent_.width / side)), 1, kMaxCellsPerSide);
  rows_ = std::clamp(static_cast<int>(std::ceil(extent_.height / side)), 1, kMaxCellsPerSide);
  cell_width_ = extent_.width / columns_;
  cell_height_ = extent_.height / rows_;

  // Two passes, counting then filling, so that the cells share one array.
  const size_t cell_count = static_cast<size_t>(columns_) * static_cast<size_t>(rows_);
  cell_start_.assign(cell_count + 1, 0);
  auto eachCell = [&](const layout::Rect& box, auto&& visit) {
    const CellRange range = cellsMeeting(box);
    for (int row = range.first_row; row <= range.last_row; ++row)
      for (int column = range.first_column; column <= range.last_column; ++column)
        visit(static_cast<size_t>(row) * columns_ + column);
  };
  for (const layout::Rect& box : boxes_)
    if (hasArea(box))
      eachCell(box, [&](size_t cell) { ++cell_start_[cell + 1]; });
  for (size_t cell = 0; cell < cell_count; ++cell)
    cell_start_[cell + 1] += cell_start_[cell];
  entries_.resize(cell_start_[cell_count]);
  std::vector<uint32_t> filled(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t i = 0; i < boxes_.size(); ++i)
    if (hasArea(boxes_[i]))
      eachCell(boxes_[i], [&](size_t cell) { entries_[filled[cell]++] = static_cast<int>(i); });
}

BoxGrid::CellRange BoxGrid::cellsMeeting(const layout::Rect& area) const {
  CellRange range;
  if (columns_ == 0 || !area.overlaps(extent_))
    return range; // empty: last < first
  // The same arithmetic for boxes and queries: floor is monotonic, so a box overlapping the
  // area always shares a cell with it.
  auto column = [&](double x) {
    return std::clamp(static_cast<int>(std::floor((x - extent_.x) / cell_width_)), 0, columns_ - 1);
  };
  auto row = [&](double y) {
    return std::clamp(static_cast<int>(std::floor((y - extent_.y) / cell_height_)), 0, rows_ - 1);
  };
  range.first_column = column(area.x);
  range.last_column = column(area.right());
  range.first_row = row(area.y);
  range.last_row = row(area.bottom());
  return range;
}

std::vector<int> BoxGrid::overlapping(const layout::Rect& area) const {
  std::vector<int> found;
  if (!hasArea(area))
    return found;
  const CellRange range = cellsMeeting(area);
  const size_t cells_read =
      static_cast<size_t>(std::max(0, range.last_row - range.first_row + 1)) *
      static_cast<size_t>(std::max(0, range.last_column - range.first_column + 1));
  if (cells_read == 0)
    return found;
  if (cells_read * 2 >= cell_start_.size()) {
    // Most of the grid: reading every box once, in order, beats the cells' duplicates.
    for (size_t i = 0; i < boxes_.size(); ++i)
      if (hasArea(boxes_[i]) && boxes_[i].overlaps(area))
        found.push_back(static_cast<int>(i));
    return found;
  }
  if (++query_ == 0) { // wrapped: marks of 2^32 queries ago would read as this one's
    std::fill(seen_.begin(), seen_.end(), 0);
    query_ = 1;
  }
  for (int row = range.first_row; row <= range.last_row; ++row) {
    const size_t row_start = static_cast<size_t>(row) * columns_;
    for (size_t cell = row_start + range.first_column; cell <= row_start + range.last_column;
         ++cell) {
      for (uint32_t e = cell_start_[cell]; e < cell_start_[cell + 1]; ++e) {
        const int index = entries_[e];
        if (seen_[index] == query_)
          continue;
        seen_[index] = query_;
        if (boxes_[index].overlaps(area))
          found.push_back(index);
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

namespace {

layout::Rect grown(const layout::Rect& box, double by) {
  return {box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by};
}

layout::Rect united(const layout::Rect& a, const layout::Rect& b) {
  const double left = std::min(a.x, b.x), top = std::min(a.y, b.y);
  return {left, top, std::max(a.right(), b.right()) - left, std::max(a.bottom(), b.bottom()) - top};
}

} // namespace

layout::Rect itemReach(const layout::DiagramItem& item) {
  return grown(item.box, 4); // a 2.4 pen at most; a collapsed group's second card, 3 down right
}

layout::Rect edgeReach(const layout::DiagramEdge& edge) {
  const auto& points = edge.path.points;
  if (points.empty())
    return {};
  double left = points[0].x, right = left, top = points[0].y, bottom = top;
  for (const layout::Point& p : points) {
    left = std::min(left, p.x);
    right = std::max(right, p.x);
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y);
  }
  layout::Rect reach = grown({left, top, right - left, bottom - top}, 10); // arrowhead and pen
  if (!edge.label.empty()) // drawn from label_center rightwards, 12 high (diagram_painter.cpp)
    reach = united(reach, {edge.label_center.x - 1, edge.label_center.y - 7,
                           layout::estimateTextWidth(edge.label, layout::kDetailFontSize) + 4, 14});
  return reach;
}

layout::Rect frameReach(const layout::DiagramFrame& frame) {
  return grown(frame.box, 1);
}

namespace {

template <typename Things, typename BoxOf>
std::vector<layout::Rect> boxesOf(const Things& things, BoxOf box_of) {
  std::vector<layout::Rect> boxes;
  boxes.reserve(things.size());
  for (const auto& thing : things)
    boxes.push_back(box_of(thing));
  return boxes;
}

} // namespace

DiagramIndex::DiagramIndex(const layout::Diagram& diagram)
    : items(boxesOf(diagram.items, itemReach)), edges(boxesOf(diagram.edges, edgeReach)),
      frames(boxesOf(diagram.frames, frameReach)) {}

} // namespace irscope::render
