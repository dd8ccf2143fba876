// torchinfo's numbers from the IR: MACs by the documented rules, worked out by hand, parameters
// split into trainable and buffers, per-module rows, and the peak of live activations.
#include "core/layer_summary.h"
#include "io/model_file.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(NodeMacs, FollowTheDocumentedRules) {
  testing::GraphBuilder b;
  const auto x = b.input("x", {1, 3, 8, 8});
  const auto w = b.weight("conv.weight", {16, 3, 3, 3});
  // conv: 16x8x8 outputs x 3 input channels x 3x3 = 1024 x 27
  const auto conv = b.op("conv", "aten.conv2d.default", {x, w}, {1, 16, 8, 8});
  // depthwise: weight [16, 1, 3, 3], groups 16: 1024 outputs x 1 x 9
  const auto dw = b.weight("dw.weight", {16, 1, 3, 3});
  b.op("depthwise", "aten.conv2d.default", {conv, dw}, {1, 16, 8, 8}, {{"groups", 16}});
  // transposed: weight [16, 4, 2, 2] on 16x8x8 input: 1024 input elements x 4 x 4
  const auto tw = b.weight("up.weight", {16, 4, 2, 2});
  b.op("up", "aten.conv_transpose2d.input", {conv, tw}, {1, 4, 16, 16});
  const auto v = b.input("v", {2, 10});
  const auto lw = b.weight("fc.weight", {5, 10});
  b.op("fc", "aten.linear.default", {v, lw}, {2, 5}); // 10 outputs x 10
  const auto p = b.input("p", {2, 3, 4});
  const auto q = b.input("q", {2, 4, 5});
  b.op("mm", "aten.matmul.default", {p, q}, {2, 3, 5}); // 30 outputs x 4
  const auto sq = b.input("sq", {1, 2, 4, 8});
  const auto sk = b.input("sk", {1, 2, 6, 8});
  const auto sv = b.input("sv", {1, 2, 6, 16});
  // attention: batch 2, L 4, S 6: 2x4x6x8 (Q K^T) + 2x4x6x16 (x V)
  b.op("attn", "aten.scaled_dot_product_attention.default", {sq, sk, sv}, {1, 2, 4, 16});
  b.op("relu", "aten.relu.default", {conv}, {1, 16, 8, 8});
  const Graph graph = b.build();
  const std::vector<int64_t> expected = {1024 * 27, 1024 * 9, 1024 * 16, 100, 120, 384 + 768, 0};
  ASSERT_EQ(graph.nodes.size(), expected.size());
  for (size_t n = 0; n < expected.size(); ++n)
    EXPECT_EQ(nodeMacs(graph.nodes[n]), expected[n]) << graph.nodes[n].name;
}

TEST(LayerSummary, ResNet18MatchesTorchvisionsPublishedMacs) {
  const Graph graph = io::loadModelFile(IRSCOPE_SOURCE_DIR "/resources/examples/resnet18.json");
  const Topology topology = buildTopology(graph);
  const LayerSummary summary =
      summarizeLayers(graph, topology, buildModuleTree(graph, topology), false);
  // torchvision's model card: 1.81 GFLOPS (multiply-adds) and 11,689,512 parameters.
  EXPECT_NEAR(static_cast<double>(summary.macs) / 1e9, 1.81, 0.005);
  EXPECT_EQ(summary.trainable_parameters, 11689512);
  EXPECT_GT(summary.buffer_parameters, 0); // running means and variances
}

TEST(LayerSummary, ModuleRowsAndThePeakOfLiveActivations) {
  testing::GraphBuilder b;
  const auto x = b.input("x", {1, 100}); // 400 bytes
  const auto w = b.weight("block.fc.weight", {100, 100});
  const auto fc = b.op("fc", "aten.linear.default", {x, w}, {1, 100}); // +400
  const auto a = b.op("a", "aten.relu.default", {fc}, {1, 100});       // +400
  const auto c = b.op("c", "aten.add.Tensor", {a, x}, {1, 100});       // +400
  b.output(b.op("out", "aten.relu.default", {c}, {1, 100}));           // +400
  Graph graph = b.build();
  graph.nodes[0].module_path = "block.fc";
  graph.nodes[0].module_type = "Linear";
  graph.nodes[1].module_path = "block";
  graph.nodes[1].module_type = "Block";
  const Topology topology = buildTopology(graph);
  const LayerSummary summary =
      summarizeLayers(graph, topology, buildModuleTree(graph, topology), true);
  // Live bytes by hand: x 400; fc +400 = 800; a +400 = 1200, fc dies -> 800; c +400 = 1200,
  // a and x die -> 400; out +400 = 800. The peak is 1200, first reached after a.
  EXPECT_EQ(summary.peak_activation_bytes, 1200);
  EXPECT_EQ(graph.nodes[summary.peak_after_node].name, "a");
  EXPECT_EQ(summary.macs, 100 * 100);
  // Rows: block (fc, a), then block.fc, then the loose nodes c and out.
  ASSERT_GE(summary.rows.size(), 3u);
  const LayerRow& block = summary.rows[0];
  EXPECT_EQ(block.name, "block");
  EXPECT_EQ(block.trainable_parameters, 100 * 100);
  EXPECT_EQ(block.macs, 100 * 100);
  EXPECT_EQ(block.input_shapes, (std::vector<Shape>{{1, 100}}));  // x
  EXPECT_EQ(block.output_shapes, (std::vector<Shape>{{1, 100}})); // a, read by c
  EXPECT_EQ(block.output_bytes, 800);
  EXPECT_EQ(summary.rows[1].name, "block.fc");
  EXPECT_EQ(summary.rows[1].depth, 1);
  std::vector<std::string> loose;
  for (const LayerRow& row : summary.rows)
    if (row.node >= 0 && row.depth == 0)
      loose.push_back(row.name);
  EXPECT_EQ(loose, (std::vector<std::string>{"c", "out"}));
}

} // namespace
} // namespace irscope::ir
