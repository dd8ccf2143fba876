// PyTorch 1.13's fused aten::_transformer_encoder_layer_fwd, as a traced nn.TransformerEncoder
// records its fast path, extracted as the ops of the layer: their types, weights and modules
// worked out by hand from the zoo's FastPathEncoder, their MACs, their operator mapping, and
// their values against libtorch's fused kernel.
#include "core/fused_transformer_layer.h"
#include "core/layer_summary.h"
#include "core/module_tree.h"
#include "core/op_mapping.h"
#include "core/topology.h"
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "core/unique_modules.h"
#include "core/validation.h"
#include "io/op_mapping_file.h"
#include "tests/models/model_zoo.h"
#include "tests/support/test_files.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <map>

namespace irscope::torchscript {
namespace {

ir::TensorData floats(ir::Shape shape, uint64_t seed) {
  return randomInputs({{std::move(shape), "float32"}}, seed).at(0);
}

ir::TensorData int64s(ir::Shape shape, const std::vector<int64_t>& values) {
  ir::TensorData data{"int64", std::move(shape), {}};
  data.bytes.resize(values.size() * sizeof(int64_t));
  std::memcpy(data.bytes.data(), values.data(), data.bytes.size());
  return data;
}

std::vector<float> valuesOf(const ir::TensorData& data) {
  EXPECT_EQ(data.dtype, "float32");
  std::vector<float> values(data.bytes.size() / sizeof(float));
  std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
  return values;
}

Extraction extract(bool padding_mask, std::vector<ir::TensorData> inputs) {
  const testing::TempDir dir;
  ExtractionOptions options;
  options.input_values = std::move(inputs);
  options.keep_weight_data = true;
  options.keep_intermediates = true;
  return extractTorchScript(
      testing::zoo::saveModel(testing::zoo::fastPathEncoder(padding_mask), dir.path()), options);
}

// The parts run through the executor agree with libtorch's fused kernel, which is what the
// TorchScript forward ran.
void expectExecutorAgrees(const Extraction& extraction) {
  const ExecutionResult result =
      executeIr(extraction.graph, extraction.weight_data, extraction.inputs, {});
  ASSERT_EQ(result.outputs.size(), 1u);
  ASSERT_EQ(extraction.outputs.size(), 1u);
  ASSERT_EQ(result.outputs[0].shape, extraction.outputs[0].shape);
  const std::vector<float> actual = valuesOf(result.outputs[0]);
  const std::vector<float> expected = valuesOf(extraction.outputs[0]);
  ASSERT_FALSE(actual.empty());
  for (size_t i = 0; i < actual.size(); ++i)
    ASSERT_LE(std::fabs(actual[i] - expected[i]), 1e-5 + 1e-5 * std::fabs(expected[i]))
        << "element " << i;
}

// state_dict key of a weight input, through the graph's placeholders.
std::string keyOf(const ir::Graph& graph, const ir::Tensor& input) {
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    if (placeholder == input.name && !input.hasProducer())
      return key;
  return "";
}

struct Part {
  std::string op;                   // op_type without "aten." and overload
  std::string module;               // module_path
  std::vector<std::string> weights; // state_dict keys of its weight inputs
};

std::vector<Part> partsOf(const ir::Graph& graph) {
  std::vector<Part> parts;
  for (const ir::Node& node : graph.nodes) {
    Part part{node.op_type, node.module_path, {}};
    for (const ir::Tensor& input : node.inputs)
      if (const std::string key = keyOf(graph, input); !key.empty())
        part.weights.push_back(key);
    parts.push_back(std::move(part));
  }
  return parts;
}

std::vector<Part> attention(const std::string& layer) {
  const std::string m = layer + ".self_attn";
  return {{"aten.linear.default", m, {m + ".in_proj_weight", m + ".in_proj_bias"}},
          {"aten.view.default", m, {}},
          {"aten.permute.default", m, {}},
          {"aten.select.int", m, {}},
          {"aten.select.int", m, {}},
          {"aten.select.int", m, {}},
          {"aten.scaled_dot_product_attention.default", m, {}},
          {"aten.transpose.int", m, {}},
          {"aten.reshape.default", m, {}},
          {"aten.linear.default", m, {m + ".out_proj.weight", m + ".out_proj.bias"}}};
}

Part norm(const std::string& module) {
  return {"aten.layer_norm.default", module, {module + ".weight", module + ".bias"}};
}

Part linear(const std::string& module) {
  return {"aten.linear.default", module, {module + ".weight", module + ".bias"}};
}

TEST(FusedTransformerLayer, ExtractionShowsEachLayerAsItsPartsInTheirModules) {
  const Extraction extraction = extract(false, {floats({2, 5, 16}, 3)});
  const ir::Graph& graph = extraction.graph;
  for (const ir::Node& node : graph.nodes)
    EXPECT_NE(node.op_type, ir::kFusedEncoderLayerOp) << node.name;

  // layer0: post-norm, relu. nn.TransformerEncoderLayer: x = norm1(x + sa(x)); x = norm2(x +
  // ff(x)), with the activation and the adds in the layer itself.
  std::vector<Part> expected = attention("layer0");
  expected.push_back({"aten.add.Tensor", "layer0", {}});
  expected.push_back(norm("layer0.norm1"));
  expected.push_back(linear("layer0.linear1"));
  expected.push_back({"aten.relu.default", "layer0", {}});
  expected.push_back(linear("layer0.linear2"));
  expected.push_back({"aten.add.Tensor", "layer0", {}});
  expected.push_back(norm("layer0.norm2"));
  // layer1: pre-norm, gelu. x = x + sa(norm1(x)); x = x + ff(norm2(x)).
  expected.push_back(norm("layer1.norm1"));
  for (const Part& part : attention("layer1"))
    expected.push_back(part);
  expected.push_back({"aten.add.Tensor", "layer1", {}});
  expected.push_back(norm("layer1.norm2"));
  expected.push_back(linear("layer1.linear1"));
  expected.push_back({"aten.gelu.default", "layer1", {}});
  expected.push_back(linear("layer1.linear2"));
  expected.push_back({"aten.add.Tensor", "layer1", {}});

  const std::vector<Part> parts = partsOf(graph);
  ASSERT_EQ(parts.size(), expected.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(parts[i].op, expected[i].op) << "node " << i;
    EXPECT_EQ(parts[i].module, expected[i].module) << "node " << i;
    EXPECT_EQ(parts[i].weights, expected[i].weights) << "node " << i;
  }

  // Shapes: batch 2, length 5, width 16 split into 4 heads of 4; feed-forward 32.
  const ir::Node& split = graph.nodes[1];
  EXPECT_EQ(split.outputs[0].shape, (ir::Shape{2, 5, 3, 4, 4}));
  EXPECT_EQ(graph.nodes[6].outputs[0].shape, (ir::Shape{2, 4, 5, 4}));
  EXPECT_EQ(graph.nodes[12].outputs[0].shape, (ir::Shape{2, 5, 32}));
  // The residual adds read the layer's input and the block's output.
  EXPECT_EQ(graph.nodes[10].inputs[0].name, "src");
  EXPECT_EQ(graph.nodes[10].inputs[1].producer_node, graph.nodes[9].name);
  EXPECT_EQ(graph.nodes[15].inputs[0].producer_node, graph.nodes[11].name);
  EXPECT_EQ(graph.nodes[15].inputs[1].producer_node, graph.nodes[14].name);
  // layer1's eps (1e-6) is written; layer0's is the default and left out, as torch_ir does.
  EXPECT_FALSE(graph.nodes[11].attrs.contains("eps"));
  EXPECT_EQ(graph.nodes[17].attrs.at("eps"), 1e-06);
  EXPECT_EQ(graph.nodes[17].attrs.at("normalized_shape"), Json::array({16}));
  // layer1 reads layer0's last part, and the graph output is layer1's last part.
  EXPECT_EQ(graph.nodes[17].inputs[0].producer_node, graph.nodes[16].name);
  ASSERT_EQ(graph.outputs.size(), 1u);
  EXPECT_EQ(graph.outputs[0].name, graph.nodes.back().outputs[0].name);
  for (const ir::Node& node : graph.nodes)
    for (const ir::Tensor& output : node.outputs)
      EXPECT_EQ(output.dtype, "float32") << node.name;

  const ir::Topology topology = ir::buildTopology(graph);
  for (const ir::Problem& problem : ir::validate(graph, topology))
    ADD_FAILURE() << ir::describe(problem);
  ASSERT_FALSE(extraction.notes.empty());
  EXPECT_NE(extraction.notes.back().find("2 fused"), std::string::npos) << extraction.notes.back();
  // The fused kernel's output, recorded under the fused node's name, is now the last part's.
  bool found = false;
  for (const auto& [name, values] : extraction.intermediates)
    found = found || name == graph.nodes.back().outputs[0].name;
  EXPECT_TRUE(found);
}

TEST(FusedTransformerLayer, SummaryCountsTheMacsOfTheParts) {
  const ir::Graph graph = extract(false, {floats({2, 5, 16}, 3)}).graph;
  const ir::Topology topology = ir::buildTopology(graph);
  const ir::LayerSummary summary =
      ir::summarizeLayers(graph, topology, ir::buildModuleTree(graph, topology), false);
  // Per layer, on 2 x 5 = 10 rows of width 16, 4 heads of 4, feed-forward 32:
  //   in-projection  10 x 48 outputs x 16 = 7,680
  //   attention      q·kᵀ: 2 x 4 heads x 5 x 5 scores x 4 = 800; weights·v: 800 again
  //   out-projection 10 x 16 x 16 = 2,560
  //   linear1        10 x 32 x 16 = 5,120;  linear2  10 x 16 x 32 = 5,120
  // = 22,080; layer norms, adds and activations count none. Two layers.
  EXPECT_EQ(summary.macs, 2 * (7680 + 800 + 800 + 2560 + 5120 + 5120));
  // 2 x (in_proj 48x16 + 48, out_proj 16x16 + 16, linear1 32x16 + 32, linear2 16x32 + 16,
  // two norms 2 x 32) = 2 x 2,224.
  EXPECT_EQ(summary.trainable_parameters, 2 * (816 + 272 + 544 + 528 + 64));
}

TEST(FusedTransformerLayer, ModuleAnalysisSeesTheLayersSubModules) {
  const ir::Graph graph = extract(false, {floats({2, 5, 16}, 3)}).graph;
  const ir::Topology topology = ir::buildTopology(graph);
  const ir::UniqueModules modules =
      ir::findUniqueModules(graph, topology, ir::buildModuleTree(graph, topology));
  std::map<std::string, std::string> classes;
  for (const ir::ModuleInstance& instance : modules.instances)
    classes[instance.path] = instance.class_name;
  for (const std::string layer : {"layer0", "layer1"}) {
    EXPECT_EQ(classes[layer], "TransformerEncoderLayer");
    EXPECT_EQ(classes[layer + ".self_attn"], "MultiheadAttention");
    EXPECT_EQ(classes[layer + ".norm1"], "LayerNorm");
    EXPECT_EQ(classes[layer + ".norm2"], "LayerNorm");
    EXPECT_EQ(classes[layer + ".linear1"], "Linear");
    EXPECT_EQ(classes[layer + ".linear2"], "Linear");
  }
  // Root, two layers and five children each; out_proj runs inside self_attn, as in PyTorch.
  EXPECT_EQ(modules.instances.size(), 1u + 2u * 6u);
  // The two linear1 (16 -> 32 on 2x5x16) are one unique module.
  bool merged = false;
  for (const ir::UniqueModule& module : modules.modules)
    merged = merged ||
             module.occurrences == std::vector<std::string>{"layer0.linear1", "layer1.linear1"};
  EXPECT_TRUE(merged);
}

TEST(FusedTransformerLayer, OperatorMappingClassesEveryPart) {
  const ir::Graph graph =
      extract(true, {floats({2, 5, 16}, 3), int64s({2, 5}, {0, 0, 0, 0, 0, 0, 0, 0, 1, 1})}).graph;
  std::map<std::string, int> unmapped;
  for (const ir::Node& node : graph.nodes)
    if (ir::mapNode(io::defaultOpMapping(), node).coverage == ir::CoverageClass::Unmapped)
      ++unmapped[node.op_type];
  EXPECT_TRUE(unmapped.empty()) << unmapped.begin()->first;
}

TEST(FusedTransformerLayer, ExecutorRunningThePartsAgreesWithTheFusedKernel) {
  expectExecutorAgrees(extract(false, {floats({2, 5, 16}, 3)}));
  expectExecutorAgrees(extract(false, {floats({2, 5, 16}, 11)}));
}

TEST(FusedTransformerLayer, PaddingMaskBecomesAnAttentionMaskThatKeepsTheZeros) {
  // Batch 1's last two positions are padding (non-zero: masked, as in the fused op).
  const Extraction extraction =
      extract(true, {floats({2, 5, 16}, 5), int64s({2, 5}, {0, 0, 0, 0, 0, 0, 0, 0, 1, 1})});
  const ir::Graph& graph = extraction.graph;
  const ir::Node& keep = graph.nodes[6];
  EXPECT_EQ(keep.op_type, "aten.eq.Scalar");
  EXPECT_EQ(keep.inputs.at(0).name, "mask");
  EXPECT_EQ(keep.outputs.at(0).dtype, "bool");
  const ir::Node& view = graph.nodes[7];
  EXPECT_EQ(view.outputs.at(0).shape, (ir::Shape{2, 1, 1, 5}));
  const ir::Node& sdpa = graph.nodes[8];
  EXPECT_EQ(sdpa.op_type, "aten.scaled_dot_product_attention.default");
  ASSERT_EQ(sdpa.inputs.size(), 4u);
  EXPECT_EQ(sdpa.inputs[3].producer_node, view.name);
  for (const ir::Node& node : graph.nodes)
    EXPECT_NE(node.op_type, ir::kFusedEncoderLayerOp) << node.name;
  expectExecutorAgrees(extraction);
}

} // namespace
} // namespace irscope::torchscript
