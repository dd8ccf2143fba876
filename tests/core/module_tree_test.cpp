#include "core/module_tree.h"
#include "core/op_category.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(ModuleTree, NestsModulePaths) {
  testing::GraphBuilder b;
  b.input("x", {1});
  b.op("conv", "aten.conv2d.default", {"x"}, {1});
  b.op("relu", "aten.relu.default", {"conv"}, {1});
  b.op("fc", "aten.linear.default", {"relu"}, {1});
  Graph graph = b.build();
  graph.nodes[0].module_path = "layer1.0.conv1";
  graph.nodes[0].module_type = "Conv2d";
  graph.nodes[1].module_path = "layer1.0";
  graph.nodes[1].module_type = "BasicBlock";
  graph.nodes[2].module_path = "fc";
  const ModuleTree tree = buildModuleTree(graph, buildTopology(graph));
  EXPECT_FALSE(tree.derived);
  ASSERT_EQ(tree.groups.size(), 4u); // layer1, layer1.0, layer1.0.conv1, fc
  const ModuleGroup& conv1 = tree.groups[tree.group_of_node[0]];
  EXPECT_EQ(conv1.name, "layer1.0.conv1");
  EXPECT_EQ(conv1.label, "conv1");
  EXPECT_EQ(conv1.type, "Conv2d");
  EXPECT_EQ(conv1.depth, 2);
  const ModuleGroup& block = tree.groups[conv1.parent];
  EXPECT_EQ(block.name, "layer1.0");
  EXPECT_EQ(block.type, "BasicBlock");
  EXPECT_EQ(block.total_nodes, 2u);
  EXPECT_EQ(tree.groups[block.parent].name, "layer1");
  EXPECT_EQ(tree.topLevel().size(), 2u);
}

TEST(ModuleTree, DerivesBandsThatCoverEveryNodeOnce) {
  const Graph graph = testing::makeTransformerLikeGraph(5000);
  const Topology topology = buildTopology(graph);
  const ModuleTree tree = buildModuleTree(graph, topology, 40);
  EXPECT_TRUE(tree.derived);
  std::vector<int> seen(graph.nodes.size(), 0);
  for (const ModuleGroup& group : tree.groups) {
    EXPECT_LE(group.children.size() + group.nodes.size(), 40u) << group.name;
    for (int32_t node : group.nodes)
      ++seen[node];
  }
  for (int count : seen)
    ASSERT_EQ(count, 1);
  EXPECT_LE(tree.topLevel().size(), 40u);
  size_t total = 0;
  for (int top : tree.topLevel())
    total += tree.groups[top].total_nodes;
  EXPECT_EQ(total, graph.nodes.size());
}

TEST(ModuleTree, BandsFollowTopologicalOrder) {
  const Graph graph = testing::makeTransformerLikeGraph(200);
  const Topology topology = buildTopology(graph);
  const ModuleTree tree = buildModuleTree(graph, topology, 40);
  // The first band holds the first 40 ops in order.
  const ModuleGroup& first = tree.groups[tree.group_of_node[topology.topological_order[0]]];
  ASSERT_EQ(first.nodes.size(), 40u);
  for (size_t i = 0; i < 40; ++i)
    EXPECT_EQ(first.nodes[i], topology.topological_order[i]);
}

TEST(ModuleTree, SmallGraphsGetNoDerivedGroups) {
  const Graph graph = testing::makeTransformerLikeGraph(30);
  EXPECT_TRUE(buildModuleTree(graph, buildTopology(graph), 40).groups.empty());
}

TEST(OpCategory, ClassifiesCommonOps) {
  EXPECT_EQ(opCategory("aten.conv2d.default"), OpCategory::Convolution);
  EXPECT_EQ(opCategory("aten._convolution.default"), OpCategory::Convolution);
  EXPECT_EQ(opCategory("aten.linear.default"), OpCategory::MatMul);
  EXPECT_EQ(opCategory("aten.batch_norm.default"), OpCategory::Normalization);
  EXPECT_EQ(opCategory("aten._native_batch_norm_legit_no_training.default"),
            OpCategory::Normalization);
  EXPECT_EQ(opCategory("aten.relu_.default"), OpCategory::Activation);
  EXPECT_EQ(opCategory("aten.add.Tensor"), OpCategory::Elementwise);
  EXPECT_EQ(opCategory("aten.transpose.int"), OpCategory::Shape);
  EXPECT_EQ(opCategory("aten.mean.dim"), OpCategory::Reduction);
  EXPECT_EQ(opCategory("aten.norm.ScalarOpt_dim"), OpCategory::Reduction);
  EXPECT_EQ(opCategory("aten.max_pool2d.default"), OpCategory::Pooling);
  EXPECT_EQ(opCategory("aten.scaled_dot_product_attention.default"), OpCategory::Attention);
  EXPECT_EQ(opCategory("<built-in function getitem>"), OpCategory::Shape);
  EXPECT_EQ(opCategory("mylib.custom.default"), OpCategory::Other);
}

} // namespace
} // namespace irscope::ir
