// Geometry invariants of laid-out diagrams, on the fixtures and on synthetic graphs with frames.
#include "core/module_tree.h"
#include "io/torch_ir_reader.h"
#include "layout/diagram.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <cmath>
#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

Diagram draw(const testing::TestModel& model, DiagramOptions options = {}) {
  return buildDiagram(model.graph, model.topology, model.modules, options);
}

// Distance from a point to the nearest point on a rectangle's outline.
double distanceToBorder(const Point& p, const Rect& r) {
  const double dx = std::max({r.x - p.x, 0.0, p.x - r.right()});
  const double dy = std::max({r.y - p.y, 0.0, p.y - r.bottom()});
  if (dx > 0 || dy > 0)
    return std::hypot(dx, dy);                                                // outside
  return std::min({p.x - r.x, r.right() - p.x, p.y - r.y, r.bottom() - p.y}); // inside
}

void expectNoOverlaps(const Diagram& diagram) {
  for (size_t a = 0; a < diagram.items.size(); ++a) {
    for (size_t b = a + 1; b < diagram.items.size(); ++b) {
      ASSERT_FALSE(diagram.items[a].box.overlaps(diagram.items[b].box))
          << diagram.items[a].lines[0] << " overlaps " << diagram.items[b].lines[0];
    }
  }
}

void expectEdgesOnBorders(const Diagram& diagram) {
  constexpr double kTolerance = 2.0; // points
  for (const DiagramEdge& edge : diagram.edges) {
    ASSERT_GE(edge.path.points.size(), 4u);
    const Rect& from = diagram.items[edge.from].box;
    const Rect& to = diagram.items[edge.to].box;
    EXPECT_LE(distanceToBorder(edge.path.points.front(), from), kTolerance)
        << diagram.items[edge.from].lines[0];
    ASSERT_TRUE(edge.path.has_arrow);
    EXPECT_LE(distanceToBorder(edge.path.tip, to), kTolerance) << diagram.items[edge.to].lines[0];
  }
}

// Top to bottom: every consumer sits below its producer.
void expectRanksFollowDataflow(const Diagram& diagram) {
  for (const DiagramEdge& edge : diagram.edges) {
    EXPECT_GT(diagram.items[edge.to].box.y, diagram.items[edge.from].box.bottom())
        << diagram.items[edge.from].lines[0] << " -> " << diagram.items[edge.to].lines[0];
  }
}

class FixtureDiagram : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureDiagram, HasNoOverlapsAndEdgesMeetTheirBoxes) {
  const testing::TestModel model = testing::fixtureModel(GetParam());
  DiagramOptions options;
  options.show_weights = GetParam() != "encoder24"; // keep the largest one quick
  const Diagram diagram = draw(model, options);
  size_t ops = 0;
  for (const DiagramItem& item : diagram.items)
    ops += item.kind == ItemKind::Op;
  EXPECT_EQ(ops, model.graph.nodes.size());
  expectNoOverlaps(diagram);
  expectEdgesOnBorders(diagram);
  expectRanksFollowDataflow(diagram);
}

INSTANTIATE_TEST_SUITE_P(Python, FixtureDiagram,
                         ::testing::ValuesIn(testing::torchIrFixtureNames()),
                         [](const auto& info) { return info.param; });

TEST(Diagram, FramesHoldTheirOpsAndNoBoxesOverlap) {
  const testing::TestModel model = testing::syntheticModel(600);
  ASSERT_FALSE(model.modules.groups.empty());
  const Diagram diagram = draw(model);
  ASSERT_FALSE(diagram.frames.empty());
  expectNoOverlaps(diagram);
  expectEdgesOnBorders(diagram);
  expectRanksFollowDataflow(diagram);
  for (const DiagramItem& item : diagram.items) {
    if (item.kind != ItemKind::Op)
      continue;
    const int group = model.modules.group_of_node[item.node];
    const auto frame = std::find_if(diagram.frames.begin(), diagram.frames.end(),
                                    [&](const DiagramFrame& f) { return f.group == group; });
    ASSERT_NE(frame, diagram.frames.end());
    EXPECT_GE(item.box.x, frame->box.x);
    EXPECT_GE(item.box.y, frame->box.y);
    EXPECT_LE(item.box.right(), frame->box.right());
    EXPECT_LE(item.box.bottom(), frame->box.bottom());
  }
}

TEST(Diagram, CollapsedGroupsStandForAllTheirOps) {
  const testing::TestModel model = testing::syntheticModel(2000);
  DiagramOptions options;
  options.collapse_depth = 1;
  const Diagram diagram = draw(model, options);
  size_t groups = 0;
  size_t ops_inside = 0;
  for (const DiagramItem& item : diagram.items) {
    EXPECT_NE(item.kind, ItemKind::Op);
    if (item.kind == ItemKind::CollapsedGroup) {
      ++groups;
      ops_inside += model.modules.groups[item.group].total_nodes;
    }
  }
  EXPECT_EQ(groups, model.modules.topLevel().size());
  EXPECT_EQ(ops_inside, model.graph.nodes.size());
  EXPECT_TRUE(diagram.frames.empty());
  expectNoOverlaps(diagram);
  expectEdgesOnBorders(diagram);
}

TEST(Diagram, CollapseDepthTwoOpensTopLevelGroups) {
  const testing::TestModel model = testing::syntheticModel(2000);
  DiagramOptions options;
  options.collapse_depth = 2;
  const Diagram diagram = draw(model, options);
  EXPECT_EQ(diagram.frames.size(), model.modules.topLevel().size());
  for (const DiagramItem& item : diagram.items) {
    if (item.kind == ItemKind::CollapsedGroup) {
      EXPECT_EQ(model.modules.groups[item.group].depth, 1);
    }
  }
}

TEST(Diagram, WeightsAreHiddenByDefaultAndSharedOnesDrawnOnce) {
  testing::GraphBuilder b("tied");
  b.input("x", {1, 8});
  const std::string w = b.weight("cell.weight", {8, 8});
  b.op("linear", "aten.linear.default", {"x", w}, {1, 8});
  b.op("linear_1", "aten.linear.default", {"linear", w}, {1, 8});
  b.output("linear_1");
  testing::TestModel model;
  model.graph = b.build();
  model.topology = ir::buildTopology(model.graph);
  model.modules = ir::buildModuleTree(model.graph, model.topology);
  auto count = [](const Diagram& d, ItemKind kind) {
    return std::count_if(d.items.begin(), d.items.end(),
                         [kind](const DiagramItem& i) { return i.kind == kind; });
  };
  EXPECT_EQ(count(draw(model), ItemKind::Weight), 0);
  DiagramOptions options;
  options.show_weights = true;
  const Diagram with_weights = draw(model, options);
  EXPECT_EQ(count(with_weights, ItemKind::Weight), 1);
  EXPECT_EQ(with_weights.edges.size(), 5u); // x->linear, linear->linear_1, output, w twice
}

TEST(Diagram, MaxNodesKeepsTheFirstOpsAndSaysSo) {
  const testing::TestModel model = testing::fixtureModel("resnet18");
  DiagramOptions options;
  options.max_nodes = 10;
  const Diagram diagram = draw(model, options);
  size_t ops = 0;
  for (const DiagramItem& item : diagram.items)
    ops += item.kind == ItemKind::Op;
  EXPECT_EQ(ops, 10u);
  ASSERT_EQ(diagram.notes.size(), 1u);
  EXPECT_EQ(diagram.notes[0], "showing the first 10 of 69 ops");
}

TEST(Diagram, LeftToRightPutsConsumersToTheRight) {
  const testing::TestModel model = testing::fixtureModel("TransformerBlock");
  DiagramOptions options;
  options.rankdir = RankDir::LeftToRight;
  const Diagram diagram = draw(model, options);
  for (const DiagramEdge& edge : diagram.edges)
    EXPECT_GT(diagram.items[edge.to].box.x, diagram.items[edge.from].box.right());
}

TEST(TextWidth, GrowsWithTextAndFontSize) {
  EXPECT_GT(estimateTextWidth("conv2d", 10), estimateTextWidth("conv", 10));
  EXPECT_DOUBLE_EQ(estimateTextWidth("abc", 20), 2 * estimateTextWidth("abc", 10));
  EXPECT_GT(estimateTextWidth("MMM", 10), estimateTextWidth("iii", 10));
}

} // namespace
} // namespace irscope::layout
