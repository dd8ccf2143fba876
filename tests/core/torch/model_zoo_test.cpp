// The zoo rebuilt in C++ (tests/models), scripted rather than traced: extraction must give the
// ops, shapes, parameter totals and sharing that the model definitions imply, and the same op
// multiset as the torch_ir JSON that Python wrote for the same architecture.
#include "core/model_summary.h"
#include "core/topology.h"
#include "core/torch/extraction_error.h"
#include "core/torch/torchscript_extraction.h"
#include "core/validation.h"
#include "io/torch_ir_reader.h"
#include "tests/models/model_zoo.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::TempDir;
namespace zoo = testing::zoo;

using OpCounts = std::map<std::string, int>;

OpCounts opCounts(const ir::Graph& graph) {
  OpCounts counts;
  for (const ir::Node& node : graph.nodes)
    ++counts[node.op_type];
  return counts;
}

Extraction extract(const zoo::ZooModel& model, const TempDir& directory) {
  return zoo::extractZooModel(model, directory.path());
}

// Parameters and buffers as libtorch itself counts them, without the extractor.
int64_t stateDictElements(const torch::jit::Module& module) {
  int64_t total = 0;
  for (const auto& parameter : module.named_parameters())
    total += parameter.value.numel();
  for (const auto& buffer : module.named_buffers())
    total += buffer.value.numel();
  return total;
}

struct Expectation {
  OpCounts ops;
  std::vector<ir::Shape> outputs;
  int64_t parameters; // from the layer sizes, by hand
};

const std::map<std::string, Expectation>& expectations() {
  const int64_t attention = 4 * (64 * 64 + 64);
  const int64_t bn32 = 4 * 32 + 1;
  // Four projections; q, k and v reshaped into heads; scores, softmax, weighted sum, merge.
  const OpCounts attention_ops = {{"aten.linear.default", 4},    {"aten.view.default", 4},
                                  {"aten.transpose.int", 5},     {"aten.matmul.default", 2},
                                  {"aten.div.Scalar", 1},        {"aten.softmax.int", 1},
                                  {"aten.contiguous.default", 1}};
  // The attention, then two residual adds and norms around a two-linear GELU feed-forward.
  OpCounts block_ops = attention_ops;
  block_ops["aten.linear.default"] += 2;
  block_ops["aten.add.Tensor"] = 2;
  block_ops["aten.layer_norm.default"] = 2;
  block_ops["aten.gelu.default"] = 1;
  static const std::map<std::string, Expectation> table = {
      {"SelfAttention", {attention_ops, {{1, 16, 64}}, attention}},
      {"CrossAttention", {attention_ops, {{1, 16, 64}}, attention}},
      {"TransformerBlock",
       {block_ops, {{1, 16, 64}}, attention + 2 * 128 + (64 * 256 + 256) + (256 * 64 + 64)}},
      {"SiameseEncoder",
       {{{"aten.conv2d.default", 6},
         {"aten.relu.default", 6},
         {"aten.max_pool2d.default", 4},
         {"aten.adaptive_avg_pool2d.default", 2},
         {"aten.flatten.using_ints", 2},
         {"aten.linear.default", 2}},
        {{1, 128}, {1, 128}},
        (3 * 9 * 32 + 32) + (32 * 9 * 64 + 64) + (64 * 9 * 128 + 128) + (128 * 128 + 128)}},
      {"MultiTaskHead",
       {{{"aten.conv2d.default", 2},
         {"aten.batch_norm.default", 2},
         {"aten.relu.default", 4},
         {"aten.max_pool2d.default", 1},
         {"aten.adaptive_avg_pool2d.default", 1},
         {"aten.flatten.using_ints", 1},
         {"aten.linear.default", 4}},
        {{1, 10}, {1, 4}},
        (3 * 9 * 32 + 32) + bn32 + (32 * 9 * 64 + 64) + (4 * 64 + 1) + (1024 * 128 + 128) +
            (128 * 10 + 10) + (1024 * 64 + 64) + (64 * 4 + 4)}},
      {"RecurrentUnroll",
       {{{"aten.linear.default", 5}, {"aten.tanh.default", 5}}, {{1, 32}}, 32 * 32 + 32}},
      {"WeightTying",
       {{{"aten.embedding.default", 1}, {"aten.linear.default", 3}, {"aten.relu.default", 1}},
        {{1, 16, 100}},
        100 * 64 + 100 + 2 * (64 * 64 + 64)}},
      {"DeepResNet",
       {{{"aten.conv2d.default", 7},
         {"aten.batch_norm.default", 7},
         {"aten.relu.default", 7},
         {"aten.add.Tensor", 3},
         {"aten.adaptive_avg_pool2d.default", 1},
         {"aten.flatten.using_ints", 1},
         {"aten.linear.default", 1}},
        {{1, 10}},
        (3 * 9 * 32 + 32) + 7 * bn32 + 6 * (32 * 9 * 32 + 32) + (32 * 10 + 10)}},
      {"DenseBlock",
       {{{"aten.conv2d.default", 6},
         {"aten.batch_norm.default", 6},
         {"aten.relu.default", 6},
         {"aten.cat.default", 4},
         {"aten.avg_pool2d.default", 1},
         {"aten.adaptive_avg_pool2d.default", 1},
         {"aten.flatten.using_ints", 1},
         {"aten.linear.default", 1}},
        {{1, 10}},
        (3 * 9 * 32 + 32) + bn32 + (4 * 32 + 1) + (32 * 9 * 16 + 16) + (4 * 48 + 1) +
            (48 * 9 * 16 + 16) + (4 * 64 + 1) + (64 * 9 * 16 + 16) + (4 * 80 + 1) +
            (80 * 9 * 16 + 16) + (4 * 96 + 1) + (96 * 48 + 48) + (48 * 10 + 10)}},
  };
  return table;
}

TEST(ModelZoo, ExtractsWhatEachDefinitionImplies) {
  const TempDir directory;
  for (const zoo::ZooModel& model : zoo::allModels()) {
    SCOPED_TRACE(model.name);
    const Extraction extraction = extract(model, directory);
    const ir::Graph& graph = extraction.graph;
    const Expectation& expected = expectations().at(model.name);
    EXPECT_TRUE(ir::validate(graph, ir::buildTopology(graph)).empty());
    EXPECT_EQ(opCounts(graph), expected.ops);
    std::vector<ir::Shape> outputs;
    for (const ir::Tensor& output : graph.outputs)
      outputs.push_back(output.shape);
    EXPECT_EQ(outputs, expected.outputs);
    const ir::ModelSummary summary = ir::summarize(graph);
    EXPECT_EQ(summary.unique_parameters, expected.parameters);
    EXPECT_EQ(summary.total_parameters, stateDictElements(model.module));
    EXPECT_EQ(graph.model_name, model.name);
  }
}

TEST(ModelZoo, HasTheOpsOfThePythonZoo) {
  const TempDir directory;
  for (const zoo::ZooModel& model : zoo::allModels()) {
    SCOPED_TRACE(model.name);
    OpCounts ours = opCounts(extract(model, directory).graph);
    // Documented in model_zoo.h: scripted `x / 4.0` is div.Scalar where export records div.Tensor.
    if (ours.count("aten.div.Scalar")) {
      ours["aten.div.Tensor"] = ours["aten.div.Scalar"];
      ours.erase("aten.div.Scalar");
    }
    const ir::Graph python =
        io::readTorchIrFile(testing::dataDir() / "torch_ir" / (model.name + ".json"));
    EXPECT_EQ(ours, opCounts(python));
  }
}

TEST(ModelZoo, SharedWeightsAppearOnceWithEveryConsumer) {
  const TempDir directory;
  const ir::Graph graph = extract(zoo::weightTying(), directory).graph;
  int listed = 0;
  for (const ir::Weight& weight : graph.weights)
    listed += weight.name == "embedding.weight";
  EXPECT_EQ(listed, 1);
  std::vector<std::string> consumers;
  for (const ir::Node& node : graph.nodes)
    for (const ir::Tensor& input : node.inputs)
      if (input.name == "p_embedding_weight")
        consumers.push_back(node.op_type);
  EXPECT_EQ(consumers, (std::vector<std::string>{"aten.embedding.default", "aten.linear.default"}));
}

TEST(ModelZoo, ScalarWorkBecomesAttrsNotNodes) {
  const TempDir directory;
  const ir::Graph graph = extract(zoo::crossAttention(), directory).graph;
  for (const ir::Node& node : graph.nodes)
    EXPECT_EQ(node.op_type.find("size"), std::string::npos) << node.name;
  // view's sizes came from x.size(0) and context.size(1) at run time.
  std::vector<Json> view_sizes;
  for (const ir::Node& node : graph.nodes)
    if (node.op_type == "aten.view.default")
      view_sizes.push_back(node.attrs.at("size"));
  ASSERT_EQ(view_sizes.size(), 4u);
  EXPECT_EQ(view_sizes[0], Json::parse("[1, 16, 4, 16]"));
  EXPECT_EQ(view_sizes[1], Json::parse("[1, 32, 4, 16]"));
  EXPECT_EQ(view_sizes[3], Json::parse("[1, 16, 64]"));
}

TEST(ModelZoo, ModulePathsFollowTheSubmoduleCalls) {
  const TempDir directory;
  const ir::Graph graph = extract(zoo::transformerBlock(), directory).graph;
  std::set<std::pair<std::string, std::string>> scopes;
  for (const ir::Node& node : graph.nodes)
    scopes.insert({node.module_path, node.module_type});
  const std::set<std::pair<std::string, std::string>> expected = {
      {"self_attn.q_proj", "Linear"}, {"self_attn.k_proj", "Linear"},
      {"self_attn.v_proj", "Linear"}, {"self_attn.out_proj", "Linear"},
      {"self_attn", "SelfAttention"}, {"norm1", "LayerNorm"},
      {"ffn.linear1", "Linear"},      {"ffn.linear2", "Linear"},
      {"ffn", "FeedForward"},         {"norm2", "LayerNorm"},
      {"", "TransformerBlock"}};
  EXPECT_EQ(scopes, expected);
}

TEST(ModelZoo, SeededInputsAreReproducible) {
  const TempDir directory;
  ExtractionOptions options;
  options.input_specs = {{{1, 32}, "float32"}};
  options.seed = 7;
  const auto path = zoo::saveModel(zoo::recurrentUnroll(), directory.path());
  const Extraction first = extractTorchScript(path, options);
  const Extraction second = extractTorchScript(path, options);
  EXPECT_EQ(first.inputs, second.inputs);
  options.seed = 8;
  EXPECT_NE(extractTorchScript(path, options).inputs, first.inputs);
}

} // namespace
} // namespace irscope::torchscript

namespace irscope::torchscript {
namespace {

// Scripted code branches, loops and formats strings on the way; only the tensor ops the inputs
// actually reached are left, with the scalars they received.
TEST(ScriptedControlFlow, ResolvesForTheInputsGiven) {
  const TempDir directory;
  torch::jit::Module module("__torch__.Branchy");
  module.define("def forward(self, x):\n"
                "    if x.dim() == 3:\n"
                "        x = x.unsqueeze(0)\n"
                "    n = x.shape[1]\n"
                "    parts: List[Tensor] = []\n"
                "    for i in range(2):\n"
                "        parts.append(x * float(i + 1))\n"
                "    y = torch.cat(parts, 1)\n"
                "    if 'width {}'.format(n) == 'width 3':\n"
                "        y = torch.relu(y)\n"
                "    else:\n"
                "        y = torch.sigmoid(y)\n"
                "    return y.flatten(1)\n");
  const auto path = directory.path() / "branchy.pt";
  module.save(path.string());
  ExtractionOptions options;
  options.input_specs = {{{3, 4, 4}, "float32"}};
  const ir::Graph graph = extractTorchScript(path, options).graph;
  std::vector<std::string> ops;
  for (const ir::Node& node : graph.nodes)
    ops.push_back(node.op_type);
  EXPECT_EQ(ops, (std::vector<std::string>{"aten.unsqueeze.default", "aten.mul.Scalar",
                                           "aten.mul.Scalar", "aten.cat.default",
                                           "aten.relu.default", "aten.flatten.using_ints"}));
  EXPECT_EQ(graph.nodes[1].attrs.at("other"), 1.0);
  EXPECT_EQ(graph.nodes[2].attrs.at("other"), 2.0);
  // cat reads the list that append built, so its inputs are found by tensor, not by value.
  ASSERT_EQ(graph.nodes[3].inputs.size(), 2u);
  EXPECT_EQ(graph.nodes[3].inputs[0].producer_node, graph.nodes[1].name);
  EXPECT_EQ(graph.nodes[3].inputs[1].producer_node, graph.nodes[2].name);
  EXPECT_EQ(graph.outputs.at(0).shape, (ir::Shape{1, 96}));

  // The other branch for a 2-channel input.
  options.input_specs = {{{1, 2, 4, 4}, "float32"}};
  const ir::Graph other = extractTorchScript(path, options).graph;
  EXPECT_EQ(other.nodes.size(), 5u);
  EXPECT_EQ(other.nodes[3].op_type, "aten.sigmoid.default");
}

TEST(ScriptedOptionalInputs, MayBeLeftOutAndTakeTheirDefaults) {
  TempDir directory;
  torch::jit::Module module("__torch__.WithMask");
  module.define("def forward(self, x, mask: Optional[Tensor] = None, scale: float = 2.0):\n"
                "    y = x * scale\n"
                "    if mask is not None:\n"
                "        y = y + mask\n"
                "    return torch.relu(y)\n");
  const auto path = directory.path() / "with_mask.pt";
  module.save(path.string());

  ExtractionOptions options;
  options.input_specs = {{{2, 3}, "float32"}};
  const ir::Graph without = extractTorchScript(path, options).graph;
  std::vector<std::string> ops;
  for (const ir::Node& node : without.nodes)
    ops.push_back(node.op_type);
  EXPECT_EQ(ops, (std::vector<std::string>{"aten.mul.Scalar", "aten.relu.default"}));
  EXPECT_EQ(without.nodes[0].attrs.at("other"), 2.0);
  EXPECT_EQ(without.inputs.size(), 1u);

  options.input_specs = {{{2, 3}, "float32"}, {{2, 3}, "float32"}};
  const ir::Graph with = extractTorchScript(path, options).graph;
  EXPECT_EQ(with.inputs.size(), 2u);
  EXPECT_EQ(with.nodes.size(), 3u);

  // No inputs at all: the message names the signature and says which ones may be left out.
  options.input_specs.clear();
  try {
    extractTorchScript(path, options);
    FAIL() << "extraction without inputs succeeded";
  } catch (const ExtractionError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("with_mask.pt"), std::string::npos) << message;
    EXPECT_NE(message.find("the last 2 have defaults and may be left out"), std::string::npos)
        << message;
  }
}

} // namespace
} // namespace irscope::torchscript
