// The rewrite of PyTorch 1.13's fused transformer encoder layer on hand-built graphs: names that
// are already taken, consumers and graph outputs rewired, the module classes the graph knows,
// and the nodes it must leave alone (tests/core/torch covers extraction, MACs and values).
#include "core/fused_transformer_layer.h"
#include "core/topology.h"
#include "core/validation.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

using testing::GraphBuilder;

// src (1, 3, 8) -> linear (a node already named "linear") -> fused layer of 2 heads, feed-forward
// 12 -> relu. `shapes_ok` false gives linear1 the wrong width.
Graph fusedGraph(Json attrs, bool with_mask = false, bool shapes_ok = true) {
  GraphBuilder b;
  b.input("src", {1, 3, 8});
  const std::string pre = b.weight("pre.weight", {8, 8});
  b.op("linear", "aten.linear.default", {"src", pre}, {1, 3, 8});
  std::vector<std::string> inputs = {"linear"};
  const std::vector<std::pair<std::string, Shape>> weights = {
      {"enc.layers.0.self_attn.in_proj_weight", {24, 8}},
      {"enc.layers.0.self_attn.in_proj_bias", {24}},
      {"enc.layers.0.self_attn.out_proj.weight", {8, 8}},
      {"enc.layers.0.self_attn.out_proj.bias", {8}},
      {"enc.layers.0.norm1.weight", {8}},
      {"enc.layers.0.norm1.bias", {8}},
      {"enc.layers.0.norm2.weight", {8}},
      {"enc.layers.0.norm2.bias", {8}},
      {"enc.layers.0.linear1.weight", {12, shapes_ok ? 8 : 9}},
      {"enc.layers.0.linear1.bias", {12}},
      {"enc.layers.0.linear2.weight", {8, 12}},
      {"enc.layers.0.linear2.bias", {8}}};
  for (const auto& [key, shape] : weights)
    inputs.push_back(b.weight(key, shape));
  if (with_mask)
    inputs.push_back(b.input("mask", {1, 3}, "bool"));
  b.op("_transformer_encoder_layer_fwd", std::string(kFusedEncoderLayerOp), inputs, {1, 3, 8},
       std::move(attrs));
  b.op("relu", "aten.relu.default", {"_transformer_encoder_layer_fwd"}, {1, 3, 8});
  b.output("relu");
  b.output("_transformer_encoder_layer_fwd");
  Graph graph = b.build();
  for (Node& node : graph.nodes)
    if (node.op_type == kFusedEncoderLayerOp) {
      node.module_path = "enc.layers.0";
      node.module_type = "TransformerEncoderLayer";
      node.stack_trace = "x = layer(x)\n";
    }
  return graph;
}

Json layerAttrs() {
  return {{"embed_dim", 8},
          {"num_heads", 2},
          {"use_gelu", false},
          {"norm_first", false},
          {"eps", 1e-05}};
}

TEST(FusedTransformerLayerRewrite, PartsTakeFreeNamesAndConsumersReadTheLastPart) {
  Graph graph = fusedGraph(layerAttrs());
  graph.module_classes["enc.layers.0.self_attn"] = "torch.nn.modules.activation.MultiheadAttention";
  const FusedLayerExpansion expansion = expandFusedTransformerLayers(graph);
  EXPECT_EQ(expansion.expanded, 1u);
  EXPECT_TRUE(expansion.notes.empty());
  // linear (kept), 17 parts, relu.
  ASSERT_EQ(graph.nodes.size(), 19u);
  EXPECT_EQ(graph.nodes[0].name, "linear");
  // The in-projection is the second "linear" in the graph.
  EXPECT_EQ(graph.nodes[1].name, "linear_1");
  EXPECT_EQ(graph.nodes[1].inputs[0].producer_node, "linear");
  EXPECT_EQ(graph.nodes[1].module_type, "MultiheadAttention");
  EXPECT_EQ(graph.nodes[1].stack_trace, "x = layer(x)\n");
  const Node& last = graph.nodes[17];
  EXPECT_EQ(last.op_type, "aten.layer_norm.default");
  EXPECT_EQ(last.module_path, "enc.layers.0.norm2");
  EXPECT_EQ(last.module_type, "LayerNorm");
  EXPECT_EQ(graph.nodes[11].module_path, "enc.layers.0"); // the first residual add
  EXPECT_EQ(graph.nodes[11].module_type, "TransformerEncoderLayer");
  const Node& relu = graph.nodes[18];
  EXPECT_EQ(relu.inputs[0].producer_node, last.name);
  EXPECT_EQ(relu.inputs[0].name, last.outputs[0].name);
  ASSERT_EQ(graph.outputs.size(), 2u);
  EXPECT_EQ(graph.outputs[1].name, last.outputs[0].name);
  ASSERT_EQ(expansion.renamed_tensors.size(), 1u);
  EXPECT_EQ(expansion.renamed_tensors[0].first, "_transformer_encoder_layer_fwd");
  EXPECT_EQ(expansion.renamed_tensors[0].second, last.outputs[0].name);
  // Names are unique and every edge resolves with matching shapes and dtypes.
  for (const Problem& problem : validate(graph, buildTopology(graph)))
    ADD_FAILURE() << describe(problem);
}

TEST(FusedTransformerLayerRewrite, LeavesALayerItCannotExpressAsOneNodeAndSaysWhy) {
  // A mask without mask_type, which 1.13's kernel refuses ("Mask Type should be defined").
  Graph no_type = fusedGraph(layerAttrs(), true);
  const Graph before = no_type;
  FusedLayerExpansion expansion = expandFusedTransformerLayers(no_type);
  EXPECT_EQ(expansion.expanded, 0u);
  EXPECT_EQ(no_type, before);
  ASSERT_EQ(expansion.notes.size(), 1u);
  EXPECT_NE(expansion.notes[0].find("enc.layers.0"), std::string::npos) << expansion.notes[0];
  EXPECT_NE(expansion.notes[0].find("mask_type None"), std::string::npos) << expansion.notes[0];

  // mask_type 0 (src_mask), which 1.13's CPU kernel refuses to run.
  Json src_mask = layerAttrs();
  src_mask["mask_type"] = 0;
  Graph typed_0 = fusedGraph(src_mask, true);
  expansion = expandFusedTransformerLayers(typed_0);
  EXPECT_EQ(expansion.expanded, 0u);
  ASSERT_EQ(expansion.notes.size(), 1u);
  EXPECT_NE(expansion.notes[0].find("mask_type 0"), std::string::npos) << expansion.notes[0];

  Graph bad_weight = fusedGraph(layerAttrs(), false, false);
  expansion = expandFusedTransformerLayers(bad_weight);
  EXPECT_EQ(expansion.expanded, 0u);
  ASSERT_EQ(expansion.notes.size(), 1u);
  EXPECT_NE(expansion.notes[0].find("p_enc_layers_0_linear1_weight"), std::string::npos)
      << expansion.notes[0];

  Json odd = layerAttrs();
  odd["num_heads"] = 3; // 8 does not split into 3 heads
  Graph odd_heads = fusedGraph(odd);
  EXPECT_EQ(expandFusedTransformerLayers(odd_heads).expanded, 0u);
  Json missing = layerAttrs();
  missing.erase("norm_first");
  Graph no_flag = fusedGraph(missing);
  EXPECT_EQ(expandFusedTransformerLayers(no_flag).expanded, 0u);
}

TEST(FusedTransformerLayerRewrite, PaddingMaskWithItsTypeIsExpanded) {
  Json attrs = layerAttrs();
  attrs["mask_type"] = 1;
  Graph graph = fusedGraph(attrs, true);
  EXPECT_EQ(expandFusedTransformerLayers(graph).expanded, 1u);
  for (const Problem& problem : validate(graph, buildTopology(graph)))
    ADD_FAILURE() << describe(problem);
}

TEST(FusedTransformerLayerRewrite, GraphWithoutTheFusedOpIsUntouched) {
  Graph graph = testing::makeSmallResidualGraph();
  const Graph before = graph;
  const FusedLayerExpansion expansion = expandFusedTransformerLayers(graph);
  EXPECT_EQ(expansion.expanded, 0u);
  EXPECT_TRUE(expansion.notes.empty());
  EXPECT_EQ(graph, before);
}

} // namespace
} // namespace irscope::ir
