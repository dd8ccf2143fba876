// Edge labels (tensor shapes) stay off frame titles and off boxes, on laid-out models whose
// edges enter many frames.
#include "layout/default_view.h"
#include "layout/diagram.h"
#include "layout/edge_labels.h"
#include "tests/support/test_models.h"

#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

struct Overlaps {
  int titles = 0;  // labels on a frame's title
  int boxes = 0;   // labels on a box that is not one of their edge's ends
  int stacked = 0; // labels on other labels
  int labels = 0;  // labels drawn
};

// Measured with the same rectangles the renderer draws (a title at its frame's top left, a
// label with its left middle at its anchor).
Overlaps overlapsIn(const Diagram& diagram) {
  Overlaps found;
  std::vector<Rect> drawn;
  for (const DiagramEdge& edge : diagram.edges) {
    if (!edge.label.empty())
      drawn.push_back(edgeLabelRect(edge.label, edge.label_center));
  }
  for (size_t a = 0; a < drawn.size(); ++a)
    for (size_t b = a + 1; b < drawn.size(); ++b)
      found.stacked += drawn[a].overlaps(drawn[b]);
  for (const DiagramEdge& edge : diagram.edges) {
    if (edge.label.empty())
      continue;
    ++found.labels;
    const Rect label = edgeLabelRect(edge.label, edge.label_center);
    for (const DiagramFrame& frame : diagram.frames)
      found.titles += frameTitleBand(frame).overlaps(label);
    for (size_t i = 0; i < diagram.items.size(); ++i)
      found.boxes += static_cast<int>(i) != edge.from && static_cast<int>(i) != edge.to &&
                     diagram.items[i].box.overlaps(label);
  }
  return found;
}

TEST(EdgeLabels, StayOffFrameTitlesWhenEveryGroupIsOpen) {
  // Every layer open: each layer's first edges enter its frame past the title.
  const testing::TestModel model = testing::decoderModel(6);
  const Diagram diagram = buildDiagram(model.graph, model.topology, model.modules, {});
  ASSERT_GT(diagram.frames.size(), 6u);
  const Overlaps found = overlapsIn(diagram);
  EXPECT_GT(found.labels, 50);
  EXPECT_EQ(found.titles, 0);
  EXPECT_EQ(found.boxes, 0);
  EXPECT_EQ(found.stacked, 0);
}

TEST(EdgeLabels, StayOffFrameTitlesInAFixtureWithNestedBlocks) {
  const testing::TestModel model = testing::fixtureModel("DeepResNet");
  DiagramOptions options = defaultDiagramOptions(model.graph, &model.modules);
  options.collapse_depth = -1;
  const Diagram diagram = buildDiagram(model.graph, model.topology, model.modules, options);
  const Overlaps found = overlapsIn(diagram);
  EXPECT_GT(found.labels, 10);
  EXPECT_EQ(found.titles, 0);
}

TEST(EdgeLabels, AMovedLabelStaysBesideItsEdge) {
  const testing::TestModel model = testing::decoderModel(6);
  const Diagram diagram = buildDiagram(model.graph, model.topology, model.modules, {});
  for (const DiagramEdge& edge : diagram.edges) {
    if (edge.label.empty() || edge.path.points.empty())
      continue;
    // The anchor is 4 pt right of a point of the edge: within the edge's bounds, so widened.
    double left = edge.path.points[0].x, right = left, top = edge.path.points[0].y, bottom = top;
    for (const Point& p : edge.path.points) {
      left = std::min(left, p.x);
      right = std::max(right, p.x);
      top = std::min(top, p.y);
      bottom = std::max(bottom, p.y);
    }
    EXPECT_GE(edge.label_center.x, left);
    EXPECT_LE(edge.label_center.x, right + 4.01);
    EXPECT_GE(edge.label_center.y, top - 0.01);
    EXPECT_LE(edge.label_center.y, bottom + 0.01);
  }
}

} // namespace
} // namespace irscope::layout
