#include "core/topology.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

using testing::GraphBuilder;

Graph residualGraph() { return testing::makeSmallResidualGraph(); }

TEST(Topology, ResolvesNodeGraphInputAndWeightSources) {
  const Graph graph = residualGraph();
  const Topology topo = buildTopology(graph);
  ASSERT_EQ(topo.node_inputs.size(), 3u);
  EXPECT_EQ(topo.node_inputs[0][0], ValueRef::of(ValueKind::GraphInput, 0));
  EXPECT_EQ(topo.node_inputs[0][1], ValueRef::of(ValueKind::Weight, 0));
  EXPECT_EQ(topo.node_inputs[1][0], ValueRef::nodeOutput(0, 0));
  EXPECT_EQ(topo.node_inputs[2][0], ValueRef::nodeOutput(1, 0));
  EXPECT_EQ(topo.node_inputs[2][1], ValueRef::of(ValueKind::GraphInput, 0));
  ASSERT_EQ(topo.graph_outputs.size(), 1u);
  EXPECT_EQ(topo.graph_outputs[0], ValueRef::nodeOutput(2, 0));
}

TEST(Topology, ListsConsumersOfEveryValue) {
  const Graph graph = residualGraph();
  const Topology topo = buildTopology(graph);
  const auto& x_uses = topo.consumers(ValueRef::of(ValueKind::GraphInput, 0));
  ASSERT_EQ(x_uses.size(), 2u);
  EXPECT_EQ(x_uses[0].node, 0);
  EXPECT_EQ(x_uses[1].node, 2);
  EXPECT_EQ(x_uses[1].input, 1);
  EXPECT_EQ(topo.consumers(ValueRef::of(ValueKind::Weight, 0)).size(), 1u);
  EXPECT_EQ(topo.consumers(ValueRef::nodeOutput(2, 0)).size(), 0u);
}

TEST(Topology, SharedWeightHasEveryConsumer) {
  GraphBuilder b;
  b.input("x", {1, 8});
  const std::string w = b.weight("cell.weight", {8, 8});
  b.op("linear", "aten.linear.default", {"x", w}, {1, 8});
  b.op("linear_1", "aten.linear.default", {"linear", w}, {1, 8});
  b.op("linear_2", "aten.linear.default", {"linear_1", w}, {1, 8});
  const Graph graph = b.build();
  const Topology topo = buildTopology(graph);
  EXPECT_EQ(topo.consumers(ValueRef::of(ValueKind::Weight, 0)).size(), 3u);
}

TEST(Topology, OrdersProducersBeforeConsumersWhateverTheFileOrder) {
  Graph graph = residualGraph();
  std::swap(graph.nodes[0], graph.nodes[2]); // add, relu, linear
  const Topology topo = buildTopology(graph);
  ASSERT_FALSE(topo.has_cycle);
  EXPECT_EQ(topo.topological_order, (std::vector<int32_t>{2, 1, 0}));
}

TEST(Topology, KeepsFileOrderWhenItIsAlreadyTopological) {
  const Graph graph = testing::makeTransformerLikeGraph(200);
  const Topology topo = buildTopology(graph);
  ASSERT_EQ(topo.topological_order.size(), graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    ASSERT_EQ(topo.topological_order[i], static_cast<int32_t>(i));
}

TEST(Topology, ResolvesGetItemOutputsOfAMultiOutputNode) {
  GraphBuilder b;
  b.input("x", {2, 8});
  Graph graph = b.build();
  Node split;
  split.name = "split";
  split.op_type = "aten.split.Tensor";
  split.inputs.push_back({"x", {2, 8}, "float32", "x", 0, {}});
  split.outputs.push_back({"split_0", {2, 4}, "float32", {}, {}, {}});
  split.outputs.push_back({"split_1", {2, 4}, "float32", {}, {}, {}});
  graph.nodes.push_back(split);
  Node getitem;
  getitem.name = "getitem";
  getitem.op_type = std::string(kGetItemOp);
  getitem.attrs = Json{{"index", 1}};
  getitem.inputs.push_back({"split_0", {2, 4}, "float32", "split", 0, {}});
  getitem.inputs.push_back({"split_1", {2, 4}, "float32", "split", 1, {}});
  getitem.outputs.push_back({"getitem", {2, 4}, "float32", {}, {}, {}});
  graph.nodes.push_back(getitem);
  graph.outputs.push_back({"getitem", {2, 4}, "float32", {}, {}, {}});

  const Topology topo = buildTopology(graph);
  EXPECT_TRUE(graph.nodes[1].isGetItem());
  EXPECT_EQ(topo.node_inputs[1][1], ValueRef::nodeOutput(0, 1));
  EXPECT_EQ(topo.consumers(ValueRef::nodeOutput(0, 1)).size(), 1u);
  EXPECT_EQ(topo.graph_outputs[0], ValueRef::nodeOutput(1, 0));
}

TEST(Topology, ResolvesConstantsAndUnmappedNames) {
  GraphBuilder b;
  b.input("x", {2});
  Graph graph = b.build();
  graph.constants.push_back({"c_scale", Json::array({1.5, 2.5}), "float32", {}});
  Node mul;
  mul.name = "mul";
  mul.op_type = "aten.mul.Tensor";
  mul.inputs.push_back({"x", {2}, "float32", "x", 0, {}});
  mul.inputs.push_back({"c_scale", {2}, "float32", {}, {}, {}});
  mul.inputs.push_back({"nowhere", {2}, "float32", {}, {}, {}});
  mul.outputs.push_back({"mul", {2}, "float32", {}, {}, {}});
  graph.nodes.push_back(mul);
  const Topology topo = buildTopology(graph);
  EXPECT_EQ(topo.node_inputs[0][1], ValueRef::of(ValueKind::Constant, 0));
  EXPECT_FALSE(topo.node_inputs[0][2].resolved());
}

TEST(Topology, FlagsCycles) {
  Graph graph = residualGraph();
  graph.nodes[0].inputs[0] = {"add", {1, 4}, "float32", "add", 0, {}}; // linear <- add
  const Topology topo = buildTopology(graph);
  EXPECT_TRUE(topo.has_cycle);
  EXPECT_TRUE(topo.topological_order.empty());
}

} // namespace
} // namespace irscope::ir
