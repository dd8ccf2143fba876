// Shared values drawn as stubs, and single-op modules drawn as their op, on the laid-out
// geometry of a decoder whose `memory` input every layer reads.
#include "layout/default_view.h"
#include "layout/diagram.h"
#include "tests/support/test_models.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

Diagram draw(const testing::TestModel& model, const DiagramOptions& options) {
  return buildDiagram(model.graph, model.topology, model.modules, options);
}

int itemNamed(const Diagram& diagram, ItemKind kind, const std::string& title) {
  for (size_t i = 0; i < diagram.items.size(); ++i) {
    if (diagram.items[i].kind == kind && diagram.items[i].lines.front() == title)
      return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> itemsOfKind(const Diagram& diagram, ItemKind kind) {
  std::vector<int> found;
  for (size_t i = 0; i < diagram.items.size(); ++i) {
    if (diagram.items[i].kind == kind)
      found.push_back(static_cast<int>(i));
  }
  return found;
}

const DiagramFrame* frameOf(const Diagram& diagram, const std::string& label) {
  for (const DiagramFrame& frame : diagram.frames) {
    if (frame.label == label)
      return &frame;
  }
  return nullptr;
}

bool inside(const Rect& inner, const Rect& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.right() <= outer.right() &&
         inner.bottom() <= outer.bottom();
}

double verticalExtent(const EdgePath& path) {
  double top = path.tip.y, bottom = path.tip.y;
  for (const Point& p : path.points) {
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y);
  }
  return bottom - top;
}

// The height of the smallest layer as drawn: its frame, or its box when collapsed.
double layerHeight(const Diagram& diagram, const ir::ModuleTree& modules) {
  double smallest = 1e300;
  for (const DiagramFrame& frame : diagram.frames) {
    if (modules.groups[frame.group].type == "TransformerDecoderLayer")
      smallest = std::min(smallest, frame.box.height);
  }
  for (const DiagramItem& item : diagram.items) {
    if (item.kind == ItemKind::CollapsedGroup &&
        modules.groups[item.group].type == "TransformerDecoderLayer")
      smallest = std::min(smallest, item.box.height);
  }
  return smallest;
}

// The "done when", on the layout: nothing drawn for `memory` spans more than a layer.
void expectMemoryEdgesStayWithinALayer(const testing::TestModel& model, const Diagram& diagram) {
  const int memory = itemNamed(diagram, ItemKind::GraphInput, "memory");
  ASSERT_GE(memory, 0);
  const std::vector<int> stubs = stubsOf(diagram, memory);
  const double layer = layerHeight(diagram, model.modules);
  ASSERT_LT(layer, 1e300);
  size_t checked = 0;
  for (const DiagramEdge& edge : diagram.edges) {
    const bool from_memory =
        edge.from == memory || std::find(stubs.begin(), stubs.end(), edge.from) != stubs.end();
    if (!from_memory)
      continue;
    ++checked;
    EXPECT_LE(verticalExtent(edge.path), layer)
        << "an edge of memory into " << diagram.items[edge.to].lines.front();
  }
  EXPECT_GE(checked, stubs.size());
}

TEST(Stubs, EveryExpandedLayerReadsMemoryFromItsOwnStub) {
  const testing::TestModel model = testing::decoderModel(8);
  const Diagram diagram = draw(model, {});
  const int memory = itemNamed(diagram, ItemKind::GraphInput, "memory");
  ASSERT_GE(memory, 0);
  for (const DiagramEdge& edge : diagram.edges)
    EXPECT_NE(edge.from, memory) << "into " << diagram.items[edge.to].lines.front();

  const std::vector<int> stubs = stubsOf(diagram, memory);
  ASSERT_EQ(stubs.size(), 8u);
  EXPECT_EQ(itemsOfKind(diagram, ItemKind::Stub), stubs);
  for (int stub : stubs) {
    const DiagramItem& item = diagram.items[stub];
    EXPECT_EQ(item.lines, std::vector<std::string>{"memory \u2197"});
    EXPECT_EQ(item.node, -1);
    EXPECT_EQ(item.value.kind, ir::ValueKind::GraphInput);
    EXPECT_EQ(model.graph.inputs[item.value.index].name, "memory");
    // Two edges, into that layer's k_proj and v_proj, from a stub inside its multihead_attn.
    std::vector<int> into;
    for (const DiagramEdge& edge : diagram.edges) {
      if (edge.from == stub)
        into.push_back(edge.to);
    }
    ASSERT_EQ(into.size(), 2u);
    const std::string layer = model.graph.nodes[diagram.items[into[0]].node].module_path.substr(
        0, std::string("layers.N").size());
    const DiagramFrame* attention = frameOf(diagram, "multihead_attn (MultiheadAttention)");
    ASSERT_NE(attention, nullptr);
    bool in_its_layer = false;
    for (const DiagramFrame& frame : diagram.frames) {
      if (model.modules.groups[frame.group].name == layer + ".multihead_attn")
        in_its_layer = inside(item.box, frame.box);
    }
    EXPECT_TRUE(in_its_layer) << layer;
    for (int consumer : into) {
      EXPECT_EQ(model.graph.nodes[diagram.items[consumer].node].module_path.substr(0, layer.size()),
                layer);
      EXPECT_LT(item.box.bottom(), diagram.items[consumer].box.y); // above what reads it
    }
  }
  // The producer says where its value went.
  EXPECT_EQ(diagram.items[memory].lines.back(), "read in 8 groups \u2197");
  expectMemoryEdgesStayWithinALayer(model, diagram);
}

TEST(Stubs, CollapsedLayersEachGetAStubBesideTheirBox) {
  // 16 layers are past kFlatUpTo ops: the model opens on its layers, each one box.
  const testing::TestModel model = testing::decoderModel(16);
  const DiagramOptions options = defaultDiagramOptions(model.graph, &model.modules);
  ASSERT_EQ(options.collapse_depth, 1);
  const Diagram diagram = draw(model, options);
  const int memory = itemNamed(diagram, ItemKind::GraphInput, "memory");
  const std::vector<int> stubs = stubsOf(diagram, memory);
  ASSERT_EQ(stubs.size(), 16u);
  const DiagramFrame* layers = frameOf(diagram, "layers");
  ASSERT_NE(layers, nullptr);
  for (int stub : stubs) {
    EXPECT_TRUE(inside(diagram.items[stub].box, layers->box));
    size_t edges = 0;
    for (const DiagramEdge& edge : diagram.edges) {
      if (edge.from != stub)
        continue;
      ++edges;
      EXPECT_EQ(diagram.items[edge.to].kind, ItemKind::CollapsedGroup);
    }
    EXPECT_EQ(edges, 1u);
  }
  expectMemoryEdgesStayWithinALayer(model, diagram);
}

TEST(Stubs, TurnedOffEveryReadIsAnEdgeFromTheProducer) {
  const testing::TestModel model = testing::decoderModel(8);
  DiagramOptions options;
  options.stubs = false;
  const Diagram diagram = draw(model, options);
  EXPECT_TRUE(itemsOfKind(diagram, ItemKind::Stub).empty());
  const int memory = itemNamed(diagram, ItemKind::GraphInput, "memory");
  const auto edges = std::count_if(diagram.edges.begin(), diagram.edges.end(),
                                   [&](const DiagramEdge& e) { return e.from == memory; });
  EXPECT_EQ(edges, 16); // k_proj and v_proj in each of 8 layers
  EXPECT_EQ(diagram.items[memory].lines.size(), 2u);
}

TEST(Stubs, AValueReadInFewerGroupsThanTheThresholdKeepsItsEdges) {
  const testing::TestModel model = testing::decoderModel(kStubMinGroups - 1);
  EXPECT_TRUE(itemsOfKind(draw(model, {}), ItemKind::Stub).empty());
  DiagramOptions options;
  options.stub_min_groups = 9;
  EXPECT_TRUE(itemsOfKind(draw(testing::decoderModel(8), options), ItemKind::Stub).empty());
}

TEST(Stubs, OnlyTheSharedInputIsStubbed) {
  // Each layer's output feeds the next layer only: those stay edges.
  const testing::TestModel model = testing::decoderModel(8);
  const Diagram diagram = draw(model, {});
  for (int stub : itemsOfKind(diagram, ItemKind::Stub))
    EXPECT_EQ(diagram.items[stub].lines.front(), "memory \u2197");
  ASSERT_EQ(diagram.notes.size(), 1u);
  EXPECT_NE(diagram.notes.front().find("memory is read in 8 groups"), std::string::npos);
}

TEST(Stubs, ADecoderOf48LayersHasNoEdgeFromMemoryTallerThanALayer) {
  const testing::TestModel model = testing::decoderModel(48);
  expectMemoryEdgesStayWithinALayer(
      model, draw(model, defaultDiagramOptions(model.graph, &model.modules)));
  expectMemoryEdgesStayWithinALayer(model, draw(model, {})); // everything expanded
}

TEST(SingleOpModules, AreDrawnAsTheirOpWithTheModulesName) {
  const testing::TestModel model = testing::decoderModel(2);
  const Diagram folded = draw(model, {});
  // Per layer: the layer, self_attn and multihead_attn; k_proj, norm1, linear1... are ops.
  EXPECT_EQ(folded.frames.size(), 1u + 2 * 3);
  EXPECT_EQ(frameOf(folded, "k_proj (Linear)"), nullptr);
  const auto k_proj = std::find_if(folded.items.begin(), folded.items.end(), [&](const auto& i) {
    return i.kind == ItemKind::Op && model.graph.nodes[i.node].name == "l1_multihead_attn_k";
  });
  ASSERT_NE(k_proj, folded.items.end());
  EXPECT_EQ(k_proj->lines.front(), "linear");
  EXPECT_NE(std::find(k_proj->lines.begin(), k_proj->lines.end(), "k_proj"), k_proj->lines.end());
  const DiagramFrame* attention = nullptr;
  for (const DiagramFrame& frame : folded.frames) {
    if (model.modules.groups[frame.group].name == "layers.1.multihead_attn")
      attention = &frame;
  }
  ASSERT_NE(attention, nullptr);
  EXPECT_TRUE(inside(k_proj->box, attention->box));

  DiagramOptions framed;
  framed.fold_single_op_modules = false;
  const Diagram unfolded = draw(model, framed);
  EXPECT_NE(frameOf(unfolded, "k_proj (Linear)"), nullptr);
  EXPECT_GT(unfolded.frames.size(), folded.frames.size());
  EXPECT_GT(unfolded.bounds.height, folded.bounds.height);
}

TEST(SingleOpModules, AreNeverACollapsedBox) {
  // At depth 3 the layers' children would be boxes; a one-op child is drawn as its op.
  const testing::TestModel model = testing::decoderModel(2);
  DiagramOptions options;
  options.collapse_depth = 3;
  const Diagram diagram = draw(model, options);
  for (int item : itemsOfKind(diagram, ItemKind::CollapsedGroup))
    EXPECT_GT(model.modules.groups[diagram.items[item].group].total_nodes, 1u)
        << diagram.items[item].lines.front();
  EXPECT_GE(itemNamed(diagram, ItemKind::Op, "layer_norm"), 0);
}

} // namespace
} // namespace irscope::layout
