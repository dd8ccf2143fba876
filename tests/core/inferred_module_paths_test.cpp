#include "core/inferred_module_paths.h"
#include "core/module_tree.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>
#include <map>

namespace irscope::ir {
namespace {

const Shape kShape = {1, 8};

// Each node's inferred path by name, so that a failure names the op.
std::map<std::string, std::string> pathsByName(const Graph& graph) {
  const std::vector<std::string> paths = inferModulePaths(graph, buildTopology(graph));
  std::map<std::string, std::string> by_name;
  for (size_t n = 0; n < paths.size(); ++n)
    by_name[graph.nodes[n].name] = paths[n];
  return by_name;
}

TEST(CommonModule, ComparesWholeSegments) {
  EXPECT_EQ(commonModule("layers.0.norm1", "layers.0.linear1"), "layers.0");
  EXPECT_EQ(commonModule("layers.1.fc", "layers.10.fc"), "layers");
  EXPECT_EQ(commonModule("layers.1", "layers.10"), "layers");
  EXPECT_EQ(commonModule("enc1", "enc10"), "");
  EXPECT_EQ(commonModule("layers.1", "layers.1.fc"), "layers.1");
  EXPECT_EQ(commonModule("layers.1.fc", "layers.1"), "layers.1");
  EXPECT_EQ(commonModule("fc", "head"), "");
  EXPECT_EQ(commonModule("", "layers.0"), "");
  EXPECT_EQ(commonModule("a.b", "a.b"), "a.b");
  // A dot inside brackets is part of the segment.
  EXPECT_EQ(commonModule("blocks[0.5].fc", "blocks[0.5].norm"), "blocks[0.5]");
  EXPECT_EQ(commonModule("blocks[0.5].fc", "blocks[0.6].fc"), "");
}

TEST(ModuleOfWeight, DropsTheParameterName) {
  EXPECT_EQ(moduleOfWeight("layers.0.linear1.weight"), "layers.0.linear1");
  EXPECT_EQ(moduleOfWeight("bn1.running_mean"), "bn1");
  EXPECT_EQ(moduleOfWeight("output_bias"), "");
  EXPECT_EQ(moduleOfWeight("blocks[0.5].weight"), "blocks[0.5]");
}

TEST(InferModulePaths, AnOpTakesTheModuleOfTheWeightsItReads) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string fc =
      b.op("fc", "aten.linear.default",
           {x, b.weight("layers.0.linear1.weight", {8, 8}), b.weight("layers.0.linear1.bias", {8})},
           kShape);
  // Tied: the embedding's weight with a top-level bias is the root's op.
  const std::string tied =
      b.op("tied", "aten.linear.default",
           {fc, b.weight("embed.weight", {8, 8}), b.weight("out_bias", {8})}, kShape);
  // Weights of two sibling modules: their parent.
  b.op("both", "aten.addmm.default",
       {tied, b.weight("head.a.weight", {8, 8}), b.weight("head.b.weight", {8, 8})}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("fc"), "layers.0.linear1");
  EXPECT_EQ(paths.at("tied"), "");
  EXPECT_EQ(paths.at("both"), "head");
}

// A post-norm transformer layer: the ops between two weighted ops of one layer are the layer's,
// the MultiheadAttention's own ops between its in_proj and out_proj are the attention's.
TEST(InferModulePaths, AnOpBetweenTwoWeightedOpsTakesTheirDeepestCommonModule) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string in_proj = b.op("in_proj", "aten.linear.default",
                                   {x, b.weight("enc.attn.in_proj_weight", {8, 8})}, kShape);
  const std::string sdpa =
      b.op("sdpa", "aten.scaled_dot_product_attention.default", {in_proj}, kShape);
  const std::string out_proj = b.op("out_proj", "aten.linear.default",
                                    {sdpa, b.weight("enc.attn.out_proj.weight", {8, 8})}, kShape);
  const std::string add = b.op("add", "aten.add.Tensor", {x, out_proj}, kShape);
  const std::string norm =
      b.op("norm", "aten.layer_norm.default", {add, b.weight("enc.norm1.weight", {8})}, kShape);
  const std::string fc1 =
      b.op("fc1", "aten.linear.default", {norm, b.weight("enc.linear1.weight", {8, 8})}, kShape);
  const std::string relu = b.op("relu", "aten.relu.default", {fc1}, kShape);
  b.op("fc2", "aten.linear.default", {relu, b.weight("enc.linear2.weight", {8, 8})}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("sdpa"), "enc.attn");
  EXPECT_EQ(paths.at("add"), "enc");
  EXPECT_EQ(paths.at("relu"), "enc");
}

// enc1 is a string prefix of enc10, not a module that encloses it.
TEST(InferModulePaths, SegmentsAreComparedWholeNotAsStringPrefixes) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string a =
      b.op("a", "aten.linear.default", {x, b.weight("m.enc1.fc.weight", {8, 8})}, kShape);
  const std::string relu = b.op("relu", "aten.relu.default", {a}, kShape);
  b.op("b", "aten.linear.default", {relu, b.weight("m.enc10.fc.weight", {8, 8})}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("relu"), "m");
}

TEST(InferModulePaths, OpsBeforeTheFirstAndAfterTheLastWeightedOpGoToItsParent) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string t = b.op("transpose", "aten.transpose.int", {x}, kShape);
  const std::string attn = b.op("attn", "aten.linear.default",
                                {t, b.weight("layers.0.attn.in_proj_weight", {8, 8})}, kShape);
  const std::string fc =
      b.op("fc", "aten.linear.default", {attn, b.weight("head.fc.weight", {8, 8})}, kShape);
  const std::string softmax = b.op("softmax", "aten.softmax.int", {fc}, kShape);
  b.op("argmax", "aten.argmax.default", {softmax}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("transpose"), "layers.0");
  EXPECT_EQ(paths.at("softmax"), "head");
  EXPECT_EQ(paths.at("argmax"), "head");
}

// A GRU cell unrolled: each call reads the same weight, so what runs between calls is the
// caller's, not the cell's.
TEST(InferModulePaths, OpsBetweenTwoCallsOfOneModuleAreItsParents) {
  testing::GraphBuilder b;
  std::string h = b.input("x", kShape);
  const std::string weight = b.weight("rnn.cell.weight", {8, 8});
  for (int step = 0; step < 3; ++step) {
    const std::string s = std::to_string(step);
    h = b.op("cell" + s, "aten.linear.default", {h, weight}, kShape);
    h = b.op("tanh" + s, "aten.tanh.default", {h}, kShape);
  }
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("cell1"), "rnn.cell");
  EXPECT_EQ(paths.at("tanh0"), "rnn");
  EXPECT_EQ(paths.at("tanh1"), "rnn");
  EXPECT_EQ(paths.at("tanh2"), "rnn"); // after the last: the parent too
}

TEST(InferModulePaths, AGetItemGoesWithTheOpWhoseOutputItPicks) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string fc =
      b.op("fc", "aten.linear.default", {x, b.weight("enc.fc.weight", {8, 8})}, kShape);
  const std::string bn = b.op("bn", "aten._native_batch_norm_legit_no_training.default",
                              {fc, b.weight("enc.bn.weight", {8})}, kShape);
  const std::string item = b.op("item", std::string(kGetItemOp), {bn}, kShape, {{"index", 0}});
  const std::string relu = b.op("relu", "aten.relu.default", {item}, kShape);
  b.op("out", "aten.linear.default", {relu, b.weight("dec.fc.weight", {8, 8})}, kShape);
  const Graph graph = b.build();
  ASSERT_TRUE(graph.nodes[2].isGetItem());
  const auto paths = pathsByName(graph);
  EXPECT_EQ(paths.at("item"), "enc.bn"); // between enc.bn and dec.fc it would be the root's
  EXPECT_EQ(paths.at("relu"), "");
}

// Two ResNet basic blocks in a Sequential, a stem before and a classifier after: each block
// ends with the residual add and relu that read no weight, and the pooling is the model's.
TEST(InferModulePaths, ANumberedBlockKeepsTheOpsThatEndIt) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string stem =
      b.op("stem", "aten.conv2d.default", {x, b.weight("conv1.weight", {8, 8})}, kShape);
  std::string block_input = b.op("stem_relu", "aten.relu.default", {stem}, kShape);
  for (int block = 0; block < 2; ++block) {
    const std::string p = "layer1." + std::to_string(block) + ".";
    const std::string s = std::to_string(block);
    const std::string c1 = b.op("conv_a" + s, "aten.conv2d.default",
                                {block_input, b.weight(p + "conv1.weight", {8, 8})}, kShape);
    const std::string r = b.op("relu_a" + s, "aten.relu.default", {c1}, kShape);
    const std::string c2 = b.op("conv_b" + s, "aten.conv2d.default",
                                {r, b.weight(p + "conv2.weight", {8, 8})}, kShape);
    const std::string add = b.op("add" + s, "aten.add.Tensor", {c2, block_input}, kShape);
    block_input = b.op("relu_b" + s, "aten.relu.default", {add}, kShape);
  }
  const std::string pool = b.op("pool", "aten.adaptive_avg_pool2d.default", {block_input}, kShape);
  const std::string flat = b.op("flatten", "aten.flatten.using_ints", {pool}, kShape);
  b.op("fc", "aten.linear.default", {flat, b.weight("fc.weight", {8, 8})}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("stem_relu"), "");
  EXPECT_EQ(paths.at("relu_a0"), "layer1.0");
  EXPECT_EQ(paths.at("add0"), "layer1.0");
  EXPECT_EQ(paths.at("relu_b0"), "layer1.0");
  EXPECT_EQ(paths.at("add1"), "layer1.1");
  EXPECT_EQ(paths.at("relu_b1"), "layer1.1");
  EXPECT_EQ(paths.at("pool"), "");
  EXPECT_EQ(paths.at("flatten"), "");
}

// A post-norm layer's output is the next layer's residual: the transpose that starts the next
// layer's attention comes after the last place one tensor carries everything, so it is the
// next layer's, not the `layers` ModuleList's (which runs no ops).
TEST(InferModulePaths, ANumberedBlockKeepsTheOpsThatStartIt) {
  testing::GraphBuilder b;
  std::string x = b.input("x", kShape);
  for (int layer = 0; layer < 2; ++layer) {
    const std::string p = "layers." + std::to_string(layer) + ".";
    const std::string s = std::to_string(layer);
    const std::string t = b.op("transpose" + s, "aten.transpose.int", {x}, kShape);
    const std::string attn = b.op("attn" + s, "aten.linear.default",
                                  {t, b.weight(p + "self_attn.in_proj_weight", {8, 8})}, kShape);
    const std::string add = b.op("add" + s, "aten.add.Tensor", {x, attn}, kShape);
    x = b.op("norm" + s, "aten.layer_norm.default", {add, b.weight(p + "norm1.weight", {8})},
             kShape);
  }
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("transpose0"), "layers.0"); // before the first weighted op: its parent
  EXPECT_EQ(paths.at("add0"), "layers.0");
  EXPECT_EQ(paths.at("transpose1"), "layers.1");
  EXPECT_EQ(paths.at("add1"), "layers.1");
}

// A Sequential's unweighted children (its ReLUs, pools) cannot be named, but they are inside it:
// between two of its convolutions they are the Sequential's, and so is the relu that follows its
// last one; a model's pooling after that is the model's.
TEST(InferModulePaths, ASequentialKeepsItsUnweightedChildren) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string c0 =
      b.op("conv0", "aten.conv2d.default", {x, b.weight("features.0.weight", {8, 8})}, kShape);
  const std::string r0 = b.op("relu0", "aten.relu.default", {c0}, kShape);
  const std::string c2 =
      b.op("conv2", "aten.conv2d.default", {r0, b.weight("features.2.weight", {8, 8})}, kShape);
  const std::string r2 = b.op("relu2", "aten.relu.default", {c2}, kShape);
  const std::string pool = b.op("pool", "aten.adaptive_avg_pool2d.default", {r2}, kShape);
  b.op("fc", "aten.linear.default", {pool, b.weight("classifier.weight", {8, 8})}, kShape);
  const auto paths = pathsByName(b.build());
  EXPECT_EQ(paths.at("relu0"), "features");
  EXPECT_EQ(paths.at("relu2"), "features");
  EXPECT_EQ(paths.at("pool"), "");
}

TEST(InferModulePaths, AGraphWithoutWeightsKeepsItsDerivedBlocks) {
  Graph graph = testing::makeTransformerLikeGraph(200);
  graph.weights.clear();
  graph.weight_name_mapping.clear();
  const Topology topology = buildTopology(graph);
  EXPECT_TRUE(inferModulePaths(graph, topology).empty());
  EXPECT_EQ(applyInferredModulePaths(graph, topology), ModulePathSource::None);
  for (const Node& node : graph.nodes)
    EXPECT_TRUE(node.module_path.empty()) << node.name;
  const ModuleTree tree = buildModuleTree(graph, topology);
  EXPECT_TRUE(tree.derived);
  EXPECT_FALSE(tree.groups.empty());
}

TEST(InferModulePaths, AGraphWithModulePathsIsLeftAlone) {
  Graph graph = testing::makeTransformerLikeGraph(200, true);
  const Graph before = graph;
  const Topology topology = buildTopology(graph);
  EXPECT_TRUE(inferModulePaths(graph, topology).empty());
  EXPECT_EQ(applyInferredModulePaths(graph, topology), ModulePathSource::FromFile);
  EXPECT_EQ(graph, before);
}

TEST(InferModulePaths, TheSyntheticTransformersLayersBecomeGroups) {
  Graph graph = testing::makeTransformerLikeGraph(200);
  const Topology topology = buildTopology(graph);
  ASSERT_EQ(applyInferredModulePaths(graph, topology), ModulePathSource::InferredFromWeightNames);
  const ModuleTree tree = buildModuleTree(graph, topology);
  EXPECT_FALSE(tree.derived);
  // Every op of block k ("l<k>_...") is inside layers.k, and nothing else is.
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const std::string& name = graph.nodes[n].name;
    const std::string layer = "layers." + name.substr(1, name.find('_') - 1);
    const std::string& path = graph.nodes[n].module_path;
    EXPECT_TRUE(path == layer || path.rfind(layer + ".", 0) == 0) << name << " in " << path;
  }
}

// Only the root: nothing to say, so no paths, and the derived blocks stay.
TEST(InferModulePaths, TopLevelWeightsOnlyGiveNoPaths) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  const std::string fc = b.op("fc", "aten.linear.default", {x, b.weight("w", {8, 8})}, kShape);
  b.op("relu", "aten.relu.default", {fc}, kShape);
  Graph graph = b.build();
  EXPECT_EQ(applyInferredModulePaths(graph, buildTopology(graph)), ModulePathSource::None);
}

TEST(InferModulePaths, AnImplausiblyLongWeightNameGivesNoPaths) {
  testing::GraphBuilder b;
  const std::string x = b.input("x", kShape);
  std::string deep = "m";
  for (int i = 0; i < 100000; ++i)
    deep += ".m";
  const std::string fc =
      b.op("fc", "aten.linear.default", {x, b.weight(deep + ".weight", {8, 8})}, kShape);
  b.op("fc2", "aten.linear.default", {fc, b.weight("head.weight", {8, 8})}, kShape);
  Graph graph = b.build();
  EXPECT_EQ(applyInferredModulePaths(graph, buildTopology(graph)), ModulePathSource::None);
  EXPECT_TRUE(graph.nodes[1].module_path.empty());
}

} // namespace
} // namespace irscope::ir
