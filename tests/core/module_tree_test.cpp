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

// Graph::module_classes names the modules that run no op of their own, which the nodes cannot;
// a second run ("relu@2") is the same module.
TEST(ModuleTree, ModulesWithoutOpsTakeTheirClassFromModuleClasses) {
  testing::GraphBuilder b;
  b.input("x", {1});
  b.op("conv", "aten.conv2d.default", {"x"}, {1});
  b.op("relu", "aten.relu.default", {"conv"}, {1});
  b.op("relu_1", "aten.relu.default", {"relu"}, {1});
  Graph graph = b.build();
  graph.nodes[0].module_path = "features.0.0";
  graph.nodes[0].module_type = "Conv2d";
  graph.nodes[1].module_path = "features.0.1";
  graph.nodes[1].module_type = "ReLU";
  graph.nodes[2].module_path = "features.0.1@2";
  graph.nodes[2].module_type = "ReLU";
  const Graph without_classes = graph;
  graph.module_classes = {{"", "torchvision.models.mobilenetv3.MobileNetV3"},
                          {"features", "torch.nn.modules.container.Sequential"},
                          {"features.0", "torchvision.ops.misc.Conv2dNormActivation"},
                          {"features.0.0", "torch.nn.modules.conv.Conv2d"},
                          {"features.0.1", "torch.nn.modules.activation.ReLU"}};
  const ModuleTree tree = buildModuleTree(graph, buildTopology(graph));
  const ModuleGroup& conv = tree.groups[tree.group_of_node[0]];
  EXPECT_EQ(conv.type, "Conv2d");
  EXPECT_EQ(conv.qualified_type, "torch.nn.modules.conv.Conv2d");
  const ModuleGroup& block = tree.groups[conv.parent];
  EXPECT_EQ(block.type, "Conv2dNormActivation");
  EXPECT_EQ(block.qualified_type, "torchvision.ops.misc.Conv2dNormActivation");
  EXPECT_EQ(tree.groups[block.parent].type, "Sequential");
  const ModuleGroup& second_run = tree.groups[tree.group_of_node[2]];
  EXPECT_EQ(second_run.name, "features.0.1@2");
  EXPECT_EQ(second_run.qualified_type, "torch.nn.modules.activation.ReLU");
  // An IR without them (an older file) knows only the classes its nodes name.
  const ModuleTree old = buildModuleTree(without_classes, buildTopology(without_classes));
  EXPECT_EQ(old.groups[old.groups[old.group_of_node[0]].parent].type, "");
  EXPECT_EQ(old.groups[old.group_of_node[0]].qualified_type, "");
}

TEST(ModuleTree, AHostileModulePathIsBoundedNotRecursedInto) {
  testing::GraphBuilder b;
  b.input("x", {1});
  b.op("deep", "aten.relu.default", {"x"}, {1});
  b.op("next", "aten.relu.default", {"deep"}, {1});
  Graph graph = b.build();
  // 200,000 segments: one stack frame (and one prefix copy) each would overflow the stack.
  std::string path = "m";
  for (int i = 0; i < 200000; ++i)
    path += ".m";
  graph.nodes[0].module_path = path;
  graph.nodes[1].module_path = "m.m.other";
  const ModuleTree tree = buildModuleTree(graph, buildTopology(graph));
  ASSERT_EQ(tree.groups.size(), static_cast<size_t>(kMaxModuleDepth) + 1); // + m.m.other
  const ModuleGroup& deepest = tree.groups[tree.group_of_node[0]];
  EXPECT_EQ(deepest.depth, kMaxModuleDepth - 1);
  EXPECT_EQ(deepest.name, path);
  EXPECT_EQ(tree.groups[tree.group_of_node[1]].name, "m.m.other");
  EXPECT_EQ(tree.groups[tree.group_of_node[1]].depth, 2);
  EXPECT_EQ(tree.groups[0].total_nodes, 2u);
}

TEST(ModuleTree, DerivedGroupsCoverEveryNodeOnceWithinTheLimit) {
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

// The synthetic transformer is 100 blocks of 20 ops (l<k>_ln1 ... l<k>_add2); the derived
// layers must be exactly those blocks.
TEST(ModuleTree, FindsTheLayersOfARepeatingTransformer) {
  const Graph graph = testing::makeTransformerLikeGraph(2000);
  const Topology topology = buildTopology(graph);
  const ModuleTree tree = buildModuleTree(graph, topology, 40);
  size_t layers = 0;
  for (const ModuleGroup& group : tree.groups) {
    if (group.name.rfind("layer ", 0) != 0 || group.name.find("\u2013") != std::string::npos)
      continue;
    ++layers;
    ASSERT_EQ(group.nodes.size(), 20u) << group.name;
    const std::string prefix = "l" + group.name.substr(6) + "_";
    for (int32_t node : group.nodes)
      EXPECT_EQ(graph.nodes[node].name.rfind(prefix, 0), 0u) << graph.nodes[node].name;
    EXPECT_EQ(group.type, "scaled_dot_product_attention, linear \u00d76");
  }
  EXPECT_EQ(layers, 100u);
  EXPECT_LE(tree.topLevel().size(), 40u); // stages of layers
}

// torchvision resnet18: a stem (conv, bn, relu, maxpool) and eight BasicBlocks of 7 ops; the
// first block of layer2, layer3 and layer4 (blocks 2, 4, 6) has a downsample (conv, bn), making
// 9. The head (avgpool, flatten, fc) joins the last block.
TEST(ModuleTree, FindsTheBlocksOfAResNet) {
  testing::GraphBuilder b;
  b.input("x", {1, 64, 8, 8});
  std::string x = b.op("conv1", "aten.conv2d.default", {"x"}, {1, 64, 8, 8});
  x = b.op("bn1", "aten.batch_norm.default", {x}, {1, 64, 8, 8});
  x = b.op("relu", "aten.relu_.default", {x}, {1, 64, 8, 8});
  x = b.op("maxpool", "aten.max_pool2d.default", {x}, {1, 64, 8, 8});
  for (int block = 0; block < 8; ++block) {
    const std::string p = "b" + std::to_string(block) + "_";
    std::string y = b.op(p + "conv1", "aten.conv2d.default", {x}, {1, 64, 8, 8});
    y = b.op(p + "bn1", "aten.batch_norm.default", {y}, {1, 64, 8, 8});
    y = b.op(p + "relu", "aten.relu_.default", {y}, {1, 64, 8, 8});
    y = b.op(p + "conv2", "aten.conv2d.default", {y}, {1, 64, 8, 8});
    y = b.op(p + "bn2", "aten.batch_norm.default", {y}, {1, 64, 8, 8});
    std::string skip = x;
    if (block == 2 || block == 4 || block == 6) {
      skip = b.op(p + "down_conv", "aten.conv2d.default", {x}, {1, 64, 8, 8});
      skip = b.op(p + "down_bn", "aten.batch_norm.default", {skip}, {1, 64, 8, 8});
    }
    y = b.op(p + "add", "aten.add_.Tensor", {y, skip}, {1, 64, 8, 8});
    x = b.op(p + "relu2", "aten.relu_.default", {y}, {1, 64, 8, 8});
  }
  x = b.op("avgpool", "aten.adaptive_avg_pool2d.default", {x}, {1, 64, 1, 1});
  x = b.op("flatten", "aten.flatten.using_ints", {x}, {1, 64});
  x = b.op("fc", "aten.linear.default", {x}, {1, 10});
  b.output(x);
  const Graph graph = b.build();
  const ModuleTree tree = buildModuleTree(graph, buildTopology(graph), 40);
  ASSERT_EQ(tree.groups.size(), 9u);
  EXPECT_EQ(tree.groups[0].total_nodes, 4u); // the stem
  EXPECT_EQ(tree.groups[1].total_nodes, 7u);
  EXPECT_EQ(tree.groups[2].total_nodes, 7u);
  EXPECT_EQ(tree.groups[3].total_nodes, 9u);
  EXPECT_EQ(tree.groups[8].total_nodes, 7u + 3u);
  EXPECT_EQ(graph.nodes[tree.groups[1].nodes.front()].name, "b0_conv1");
  EXPECT_EQ(graph.nodes[tree.groups[1].nodes.back()].name, "b0_relu2");
}

TEST(ModuleTree, SplitsABlockLargerThanTheLimitIntoBands) {
  testing::GraphBuilder b;
  b.input("x", {4});
  std::string x = "x";
  for (int i = 0; i < 100; ++i)
    x = b.op("op" + std::to_string(i), "aten.relu.default", {x}, {4});
  // A chain cuts after every op, so each op is its own segment; give it a second live tensor
  // throughout so that the whole chain is one block.
  Graph graph = b.build();
  for (size_t i = 1; i < graph.nodes.size(); ++i)
    graph.nodes[i].inputs.push_back({"x", {4}, "float32", "x", 0, {}});
  const ModuleTree tree = buildModuleTree(graph, buildTopology(graph), 40);
  ASSERT_EQ(tree.topLevel().size(), 1u);
  const ModuleGroup& block = tree.groups[tree.topLevel()[0]];
  EXPECT_EQ(block.total_nodes, 100u);
  EXPECT_GE(block.children.size(), 3u);
  for (int band : block.children)
    EXPECT_LE(tree.groups[band].nodes.size(), 40u);
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
