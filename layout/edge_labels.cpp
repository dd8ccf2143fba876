#include "layout/edge_labels.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace irscope::layout {

namespace {

// The renderer's edge-label font is one point below the detail font, in a 12-point-high line.
constexpr double kLabelFontSize = kDetailFontSize - 1;
constexpr double kLabelHeight = 12;
constexpr double kLabelOffset = 4; // labelAnchor's gap between the edge and its label

// Rectangles bucketed by a coarse grid, so that a label is checked against what is near it only
// (a 3,000-op graph has thousands of boxes and labels).
class RectGrid {
public:
  explicit RectGrid(double cell) : cell_(cell) {}

  void add(const Rect& rect, int owner) {
    const int index = static_cast<int>(rects_.size());
    rects_.push_back({rect, owner});
    forCells(rect, [&](int64_t key) { cells_[key].push_back(index); });
  }

  // The owner of a rectangle that `rect` meets, other than `ignored_a` and `ignored_b`.
  std::optional<int> firstHit(const Rect& rect, int ignored_a, int ignored_b) const {
    std::optional<int> found;
    forCells(rect, [&](int64_t key) {
      if (found)
        return;
      auto it = cells_.find(key);
      if (it == cells_.end())
        return;
      for (int index : it->second) {
        const Entry& entry = rects_[index];
        if (entry.owner != ignored_a && entry.owner != ignored_b && entry.rect.overlaps(rect)) {
          found = entry.owner;
          return;
        }
      }
    });
    return found;
  }

  bool hits(const Rect& rect, int ignored_a, int ignored_b) const {
    return firstHit(rect, ignored_a, ignored_b).has_value();
  }

private:
  struct Entry {
    Rect rect;
    int owner;
  };

  template <typename Visit> void forCells(const Rect& rect, Visit visit) const {
    const auto first_x = static_cast<int64_t>(std::floor(rect.x / cell_));
    const auto last_x = static_cast<int64_t>(std::floor(rect.right() / cell_));
    const auto first_y = static_cast<int64_t>(std::floor(rect.y / cell_));
    const auto last_y = static_cast<int64_t>(std::floor(rect.bottom() / cell_));
    for (int64_t x = first_x; x <= last_x; ++x)
      for (int64_t y = first_y; y <= last_y; ++y)
        visit(x * 1000003 + y);
  }

  double cell_;
  std::vector<Entry> rects_;
  std::unordered_map<int64_t, std::vector<int>> cells_;
};

Point bezier(const Point& p0, const Point& p1, const Point& p2, const Point& p3, double t) {
  const double u = 1 - t;
  const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
  return {a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y};
}

// Places along the edge for its label, nearest the middle (where labelAnchor puts it) first.
// The ends are left out: a label there would sit on the boxes the edge joins.
std::vector<Point> candidateAnchors(const EdgePath& path) {
  const auto& p = path.points;
  std::vector<std::pair<double, Point>> ranked;
  if (p.size() < 2)
    return {};
  // A Bézier chain, or, with splines off, a polyline.
  const bool curved = p.size() >= 4 && (p.size() - 1) % 3 == 0;
  const size_t segments = curved ? (p.size() - 1) / 3 : p.size() - 1;
  const double middle = static_cast<double>(segments) / 2;
  for (size_t s = 0; s < segments; ++s) {
    for (double t : {0.0, 0.25, 0.5, 0.75}) {
      const double along = static_cast<double>(s) + t;
      if (along < 0.2 || along > static_cast<double>(segments) - 0.2)
        continue;
      const Point at =
          curved ? bezier(p[3 * s], p[3 * s + 1], p[3 * s + 2], p[3 * s + 3], t)
                 : Point{p[s].x + (p[s + 1].x - p[s].x) * t, p[s].y + (p[s + 1].y - p[s].y) * t};
      ranked.push_back({std::abs(along - middle), {at.x + kLabelOffset, at.y}});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Point> anchors;
  anchors.reserve(ranked.size());
  for (const auto& [distance, anchor] : ranked)
    anchors.push_back(anchor);
  return anchors;
}

} // namespace

Rect frameTitleBand(const DiagramFrame& frame) {
  const double inset = 8;
  const double width = std::min(estimateTextWidth(frame.label, kFrameTitleFontSize) * 1.1,
                                std::max(0.0, frame.box.width - 2 * inset));
  return {frame.box.x + inset, frame.box.y + 3, width, kFrameTitleFontSize * 1.4};
}

Rect edgeLabelRect(const std::string& label, const Point& anchor) {
  return {anchor.x, anchor.y - kLabelHeight / 2, estimateTextWidth(label, kLabelFontSize) + 2,
          kLabelHeight};
}

void placeEdgeLabels(Diagram& diagram) {
  constexpr int kTitle = -2; // titles belong to no item
  constexpr int kNoItem = -1;
  RectGrid titles(120), boxes(120), labels(120); // labels: by edge, as they are placed
  for (const DiagramFrame& frame : diagram.frames)
    if (!frame.label.empty())
      titles.add(frameTitleBand(frame), kTitle);
  for (size_t i = 0; i < diagram.items.size(); ++i)
    boxes.add(diagram.items[i].box, static_cast<int>(i));

  for (size_t e = 0; e < diagram.edges.size(); ++e) {
    DiagramEdge& edge = diagram.edges[e];
    if (edge.label.empty())
      continue;
    auto rectAt = [&](const Point& at) { return edgeLabelRect(edge.label, at); };
    // Edges that leave one value together (q, k and v reading one tensor) put the same shape in
    // the same place: it is said once.
    if (const auto other = labels.firstHit(rectAt(edge.label_center), kNoItem, kNoItem);
        other && diagram.edges[*other].label == edge.label) {
      edge.label.clear();
      continue;
    }
    auto clearOfTitles = [&](const Point& at) {
      return !titles.hits(rectAt(at), kNoItem, kNoItem);
    };
    auto clearOfOthers = [&](const Point& at) {
      return !boxes.hits(rectAt(at), edge.from, edge.to) &&
             !labels.hits(rectAt(at), kNoItem, kNoItem);
    };
    // The first place along the edge that meets nothing, else the first clear of titles.
    if (!clearOfTitles(edge.label_center) || !clearOfOthers(edge.label_center)) {
      const std::vector<Point> anchors = candidateAnchors(edge.path);
      const Point* best = nullptr;
      for (const Point& at : anchors)
        if (clearOfTitles(at) && clearOfOthers(at)) {
          best = &at;
          break;
        }
      if (!best && !clearOfTitles(edge.label_center))
        for (const Point& at : anchors)
          if (clearOfTitles(at)) {
            best = &at;
            break;
          }
      if (best)
        edge.label_center = *best;
    }
    labels.add(rectAt(edge.label_center), static_cast<int>(e));
  }
}

} // namespace irscope::layout
