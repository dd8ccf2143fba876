#include "gui/render/diagram_index.h"
#include "tests/support/graph_builder.h"

#include <QRectF>
#include <algorithm>
#include <gtest/gtest.h>
#include <random>

namespace irscope::render {
namespace {

QRectF qrect(const layout::Rect& r) {
  return QRectF(r.x, r.y, r.width, r.height);
}

// What the painter did before it had an index: every box, one by one, with Qt's own test.
std::vector<int> bruteForce(const std::vector<layout::Rect>& boxes, const layout::Rect& area) {
  std::vector<int> found;
  for (size_t i = 0; i < boxes.size(); ++i)
    if (qrect(boxes[i]).intersects(qrect(area)))
      found.push_back(static_cast<int>(i));
  return found;
}

layout::Rect randomRect(std::mt19937& random, double world, double largest) {
  std::uniform_real_distribution<double> where(-world * 0.1, world * 1.1);
  std::uniform_real_distribution<double> size(0, largest);
  std::bernoulli_distribution degenerate(0.03);
  layout::Rect r{where(random), where(random), size(random), size(random)};
  if (degenerate(random))
    (random() % 2 ? r.width : r.height) = 0; // a line: meets nothing, as in QRectF
  return r;
}

TEST(BoxGrid, FindsExactlyWhatABruteForceOverlapFinds) {
  std::mt19937 random(23);
  for (int round = 0; round < 20; ++round) {
    const double world = 1000.0 * (1 + round);
    std::vector<layout::Rect> boxes;
    const int count = 50 + 150 * round;
    for (int i = 0; i < count; ++i)
      boxes.push_back(randomRect(random, world, i % 17 == 0 ? world : world / 30));
    const BoxGrid grid(boxes);
    ASSERT_EQ(grid.size(), boxes.size());
    for (int query = 0; query < 200; ++query) {
      // Small windows, large ones, and some past the edges of everything.
      const layout::Rect area = randomRect(random, world, query % 5 == 0 ? world * 2 : world / 8);
      ASSERT_EQ(grid.overlapping(area), bruteForce(boxes, area))
          << "round " << round << " query " << query << " at " << area.x << "," << area.y << " "
          << area.width << "x" << area.height;
    }
  }
}

TEST(BoxGrid, TouchingIsNotOverlapping) {
  const BoxGrid grid({{0, 0, 10, 10}, {10, 0, 10, 10}, {0, 10, 10, 10}});
  EXPECT_EQ(grid.overlapping({10, 10, 5, 5}), std::vector<int>{});
  EXPECT_EQ(grid.overlapping({9.5, 9.5, 1, 1}), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(grid.overlapping({-5, -5, 4, 4}), std::vector<int>{});
}

TEST(BoxGrid, AnEmptyGridFindsNothing) {
  EXPECT_TRUE(BoxGrid().overlapping({0, 0, 100, 100}).empty());
  EXPECT_TRUE(BoxGrid({{5, 5, 0, 0}}).overlapping({0, 0, 100, 100}).empty());
}

TEST(DiagramIndex, FindsEveryItemEdgeAndFrameWhoseBoxMeetsTheWindow) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(600);
  const ir::Topology topology = ir::buildTopology(graph);
  const layout::Diagram diagram =
      layout::buildDiagram(graph, topology, ir::buildModuleTree(graph, topology), {});
  ASSERT_GT(diagram.items.size(), 500u);
  ASSERT_FALSE(diagram.frames.empty());
  const DiagramIndex index(diagram);
  std::mt19937 random(7);
  const layout::Rect& b = diagram.bounds;
  std::uniform_real_distribution<double> x(b.x, b.right()), y(b.y, b.bottom());
  for (int query = 0; query < 100; ++query) {
    const layout::Rect window{x(random), y(random), 400, 250};
    auto check = [&](const BoxGrid& grid, size_t count, auto box_of, auto reach_of,
                     const char* what) {
      const std::vector<int> found = grid.overlapping(window);
      ASSERT_TRUE(std::is_sorted(found.begin(), found.end())) << what;
      for (size_t i = 0; i < count; ++i) {
        const bool listed = std::binary_search(found.begin(), found.end(), static_cast<int>(i));
        if (qrect(box_of(i)).intersects(qrect(window))) {
          ASSERT_TRUE(listed) << what << " " << i << " meets the window but was not found";
        }
        if (listed) {
          ASSERT_TRUE(qrect(reach_of(i)).intersects(qrect(window))) << what << " " << i;
        }
      }
    };
    check(
        index.items, diagram.items.size(), [&](size_t i) { return diagram.items[i].box; },
        [&](size_t i) { return itemReach(diagram.items[i]); }, "item");
    check(
        index.frames, diagram.frames.size(), [&](size_t i) { return diagram.frames[i].box; },
        [&](size_t i) { return frameReach(diagram.frames[i]); }, "frame");
    check(
        index.edges, diagram.edges.size(),
        [&](size_t i) {
          const layout::DiagramEdge& edge = diagram.edges[i];
          if (edge.path.points.empty())
            return layout::Rect{};
          // The curve itself lies inside its control points' hull.
          layout::Rect hull{edge.path.points[0].x, edge.path.points[0].y, 0, 0};
          for (const layout::Point& p : edge.path.points) {
            const double right = std::max(hull.right(), p.x), bottom = std::max(hull.bottom(), p.y);
            hull.x = std::min(hull.x, p.x);
            hull.y = std::min(hull.y, p.y);
            hull.width = right - hull.x;
            hull.height = bottom - hull.y;
          }
          return layout::Rect{hull.x - 0.5, hull.y - 0.5, hull.width + 1, hull.height + 1};
        },
        [&](size_t i) { return edgeReach(diagram.edges[i]); }, "edge");
  }
}

TEST(DiagramIndex, AnEdgeReachesAsFarAsItsLabel) {
  layout::DiagramEdge edge;
  edge.path.points = {{0, 0}, {0, 10}, {0, 20}, {0, 30}};
  edge.label = "1x512x4096 float32";
  edge.label_center = {5, 15};
  const layout::Rect reach = edgeReach(edge);
  EXPECT_GT(reach.right(), 5 + 60); // 18 characters at 7 points are well over 60 points wide
  EXPECT_LE(reach.x, -10);
}

} // namespace
} // namespace irscope::render
