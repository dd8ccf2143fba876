// A level of a nested layout that repeats an earlier one (the same boxes and links: one of many
// identical layers) takes that level's layout instead of a dot run of its own; levels that
// differ keep their own.
#include "layout/diagram.h"
#include "layout/nested_layout.h"
#include "tests/support/test_models.h"

#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

bool inside(const Rect& inner, const Rect& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.right() <= outer.right() &&
         inner.bottom() <= outer.bottom();
}

// The frames of the decoder's layers ("layers.0", "layers.1", ...), in layer order.
std::vector<Rect> layerFrames(const testing::TestModel& model, const Diagram& diagram,
                              size_t layers) {
  std::vector<Rect> frames(layers);
  size_t found = 0;
  for (const DiagramFrame& frame : diagram.frames) {
    const std::string& name = model.modules.groups[frame.group].name;
    for (size_t l = 0; l < layers; ++l) {
      if (name == "layers." + std::to_string(l)) {
        frames[l] = frame.box;
        ++found;
      }
    }
  }
  EXPECT_EQ(found, layers);
  return frames;
}

// Everything drawn inside `frame`, relative to its corner, in item order (items are made in
// topological order, so the k-th item of one layer is the same op as the k-th of another).
std::vector<Rect> itemsInside(const Diagram& diagram, const Rect& frame) {
  std::vector<Rect> found;
  for (const DiagramItem& item : diagram.items) {
    if (inside(item.box, frame))
      found.push_back(
          {item.box.x - frame.x, item.box.y - frame.y, item.box.width, item.box.height});
  }
  return found;
}

std::vector<Point> edgePointsInside(const Diagram& diagram, const Rect& frame) {
  std::vector<Point> found;
  for (const DiagramEdge& edge : diagram.edges) {
    if (!inside(diagram.items[edge.from].box, frame) || !inside(diagram.items[edge.to].box, frame))
      continue;
    for (const Point& p : edge.path.points)
      found.push_back({p.x - frame.x, p.y - frame.y});
    found.push_back({edge.path.tip.x - frame.x, edge.path.tip.y - frame.y});
  }
  return found;
}

TEST(RepeatedLevels, IdenticalLayersGetCongruentBoxesAndEdges) {
  constexpr size_t kLayers = 8;
  const testing::TestModel model = testing::decoderModel(kLayers);
  const Diagram diagram = buildDiagram(model.graph, model.topology, model.modules, {});
  const std::vector<Rect> frames = layerFrames(model, diagram, kLayers);
  const std::vector<Rect> first = itemsInside(diagram, frames[0]);
  const std::vector<Point> first_edges = edgePointsInside(diagram, frames[0]);
  ASSERT_GE(first.size(), 19u); // 19 ops, folded single-op modules included, and memory's stub
  ASSERT_FALSE(first_edges.empty());
  for (size_t l = 1; l < kLayers; ++l) {
    EXPECT_DOUBLE_EQ(frames[l].width, frames[0].width) << "layer " << l;
    EXPECT_DOUBLE_EQ(frames[l].height, frames[0].height) << "layer " << l;
    EXPECT_DOUBLE_EQ(frames[l].x, frames[0].x) << "layers stay one column";
    EXPECT_GT(frames[l].y, frames[l - 1].bottom()) << "layer " << l << " below the one before";
    const std::vector<Rect> items = itemsInside(diagram, frames[l]);
    ASSERT_EQ(items.size(), first.size()) << "layer " << l;
    for (size_t i = 0; i < items.size(); ++i) {
      EXPECT_NEAR(items[i].x, first[i].x, 1e-6) << "layer " << l << ", item " << i;
      EXPECT_NEAR(items[i].y, first[i].y, 1e-6) << "layer " << l << ", item " << i;
      EXPECT_NEAR(items[i].width, first[i].width, 1e-6) << "layer " << l << ", item " << i;
      EXPECT_NEAR(items[i].height, first[i].height, 1e-6) << "layer " << l << ", item " << i;
    }
    const std::vector<Point> edges = edgePointsInside(diagram, frames[l]);
    ASSERT_EQ(edges.size(), first_edges.size()) << "layer " << l;
    for (size_t p = 0; p < edges.size(); ++p) {
      EXPECT_NEAR(edges[p].x, first_edges[p].x, 1e-6) << "layer " << l << ", point " << p;
      EXPECT_NEAR(edges[p].y, first_edges[p].y, 1e-6) << "layer " << l << ", point " << p;
    }
  }
}

TEST(RepeatedLevels, ARepeatedLayerIsLaidOutOnce) {
  constexpr size_t kLayers = 8;
  const testing::TestModel model = testing::decoderModel(kLayers);
  LayoutCache cache; // memory only; it counts each level looked up, which is each dot run's level
  const Diagram diagram =
      buildDiagram(model.graph, model.topology, model.modules, {}, {}, {}, &cache);
  const LayoutCache::Stats stats = cache.stats();
  const size_t levels = diagram.frames.size() + 1; // each frame's inside, and the top level
  const size_t frames_per_layer = (diagram.frames.size() - 1) / kLayers; // less "layers" itself
  ASSERT_EQ(frames_per_layer * kLayers + 1, diagram.frames.size());
  // The layers' levels are looked up once, not once per layer; the rest are all different. One
  // more lookup is the whole diagram's, made first.
  EXPECT_EQ(stats.misses + stats.memory_hits, 1 + levels - (kLayers - 1) * frames_per_layer);
}

// Two frames with the same boxes but different links: the same key material but for the
// links, so each must keep its own layout.
TEST(RepeatedLevels, LevelsThatDifferOnlyInTheirLinksKeepTheirOwnLayouts) {
  BoxGraph graph;
  graph.frames = {{-1, "chain"}, {-1, "fan-in"}};
  for (int frame : {0, 1})
    for (int b = 0; b < 3; ++b)
      graph.boxes.push_back({60, 30, frame});
  graph.links = {{0, 1, false}, {1, 2, false}, {3, 5, false}, {4, 5, false}};
  const BoxLayout layout = layoutNested(graph, {});
  const std::vector<Rect>& box = layout.boxes;
  // The chain is a column of three ranks.
  EXPECT_GT(box[1].y, box[0].bottom());
  EXPECT_GT(box[2].y, box[1].bottom());
  // The fan-in has its two sources side by side on one rank, above their consumer.
  EXPECT_DOUBLE_EQ(box[3].y, box[4].y);
  EXPECT_GT(box[5].y, box[3].bottom());
}

} // namespace
} // namespace irscope::layout
