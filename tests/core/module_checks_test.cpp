// The two backends of the op-by-op analysis and the sub-IR cut they share, on a hand-built
// graph: x -> linear(x, fc.weight) -> relu -> add(relu, x).
#include "core/module_mapping_check.h"
#include "core/module_precision_check.h"
#include "core/op_mapping.h"
#include "core/subgraph.h"
#include "core/topology.h"
#include "core/unique_modules.h"
#include "tests/support/graph_builder.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>
#include <map>

namespace irscope::ir {
namespace {

TensorData floats(const Shape& shape, const std::vector<float>& values) {
  TensorData data{"float32", shape, std::vector<std::byte>(values.size() * sizeof(float))};
  if (!values.empty())
    std::memcpy(data.bytes.data(), values.data(), data.bytes.size());
  return data;
}

struct Fixture {
  Graph graph;
  Topology topology;
  ReferenceValues reference;
  std::map<std::string, int32_t> node; // by name

  Fixture() {
    testing::GraphBuilder b("Net");
    const std::string x = b.input("x", {1, 4});
    const std::string w = b.weight("fc.weight", {4, 4});
    const std::string linear = b.op("linear", "aten.linear.default", {x, w}, {1, 4});
    const std::string relu = b.op("relu", "aten.relu.default", {linear}, {1, 4});
    const std::string add = b.op("add", "aten.add.Tensor", {relu, x}, {1, 4});
    b.output(add);
    graph = b.build();
    topology = buildTopology(graph);
    for (size_t i = 0; i < graph.nodes.size(); ++i)
      node[graph.nodes[i].name] = static_cast<int32_t>(i);
    reference.graph_inputs = {floats({1, 4}, {1, -2, 3, -4})};
    reference.node_outputs.resize(graph.nodes.size());
    reference.node_outputs[node["linear"]] = {floats({1, 4}, {0.5f, -1.5f, 2.5f, 3.5f})};
    reference.node_outputs[node["relu"]] = {floats({1, 4}, {0.5f, 0, 2.5f, 3.5f})};
    reference.node_outputs[node["add"]] = {floats({1, 4}, {1.5f, -2, 5.5f, -0.5f})};
  }

  // A runner that gives back the float32 values of the sub-IR's outputs, found by name, and
  // spoils them when the sub-IR holds an op of type `bad_op`.
  SubgraphRunner runner(std::string bad_op, std::vector<std::string>* runs = nullptr,
                        float spoil = -1) const {
    return [this, bad_op, runs, spoil](const Graph& part, const std::vector<TensorData>& inputs,
                                       const std::string& dtype) {
      EXPECT_EQ(dtype, "bfloat16");
      EXPECT_EQ(inputs.size(), part.inputs.size());
      std::string names;
      bool spoiled = false;
      for (const Node& n : part.nodes) {
        names += (names.empty() ? "" : "+") + n.name;
        spoiled = spoiled || n.op_type == bad_op;
      }
      if (runs)
        runs->push_back(names);
      std::vector<TensorData> outputs;
      for (const Tensor& output : part.outputs) {
        TensorData values = reference.node_outputs.at(node.at(output.name)).at(0);
        if (spoiled) {
          auto* f = reinterpret_cast<float*>(values.bytes.data());
          for (size_t i = 0; i < 4; ++i)
            f[i] = std::isnan(spoil) ? spoil : f[i] * spoil;
        }
        outputs.push_back(values);
      }
      return outputs;
    };
  }

  std::vector<int32_t> all() const { return {node.at("linear"), node.at("relu"), node.at("add")}; }
};

TEST(Subgraph, OutsideValuesBecomeInputsAndWhatLeavesBecomesOutputs) {
  Fixture f;
  const Subgraph part = cutSubgraph(f.graph, f.topology, {f.node["relu"], f.node["add"]});
  ASSERT_EQ(part.graph.inputs.size(), 2u); // linear's output, and x
  EXPECT_EQ(part.inputs[0], ValueRef::nodeOutput(f.node["linear"], 0));
  EXPECT_EQ(part.inputs[1].kind, ValueKind::GraphInput);
  ASSERT_EQ(part.graph.outputs.size(), 1u);
  EXPECT_EQ(part.graph.outputs[0].name, "add");
  EXPECT_TRUE(part.graph.weights.empty());
  // The part is an IR of its own: everything in it resolves.
  const Topology topology = buildTopology(part.graph);
  for (const auto& inputs : topology.node_inputs)
    for (const ValueRef& ref : inputs)
      EXPECT_TRUE(ref.resolved());
  EXPECT_EQ(topology.graph_outputs[0], ValueRef::nodeOutput(1, 0));
}

TEST(Subgraph, WeightsComeAlongWithTheirPlaceholders) {
  Fixture f;
  const Subgraph part = cutSubgraph(f.graph, f.topology, {f.node["linear"]});
  ASSERT_EQ(part.graph.weights.size(), 1u);
  EXPECT_EQ(part.graph.weights[0].name, "fc.weight");
  ASSERT_EQ(part.graph.weight_name_mapping.size(), 1u);
  const Topology topology = buildTopology(part.graph);
  EXPECT_EQ(topology.node_inputs[0][1].kind, ValueKind::Weight);
  // linear's output is used by relu, outside the part: it leaves.
  ASSERT_EQ(part.outputs.size(), 1u);
  EXPECT_EQ(part.outputs[0], ValueRef::nodeOutput(f.node["linear"], 0));
}

TEST(PrecisionCheck, ModuleThatKeepsItsNumbersPasses) {
  Fixture f;
  std::vector<std::string> runs;
  PrecisionCheck check(f.graph, f.topology, f.reference, f.runner("none", &runs), {});
  EXPECT_EQ(check.check(f.all()).outcome, ModuleTest::Outcome::Passed);
  EXPECT_EQ(runs, std::vector<std::string>{"linear+relu+add"}); // no op reruns on a pass
}

TEST(PrecisionCheck, FailingModuleNamesTheOpsThatFailAlone) {
  Fixture f;
  std::vector<std::string> runs;
  PrecisionCheck check(f.graph, f.topology, f.reference, f.runner("aten.relu.default", &runs), {});
  const ModuleTest test = check.check(f.all());
  ASSERT_EQ(test.outcome, ModuleTest::Outcome::Failed);
  ASSERT_EQ(test.failed_ops.size(), 1u);
  const FailedOp& op = test.failed_ops[0];
  EXPECT_EQ(op.op_name, "aten.relu.default");
  EXPECT_EQ(op.node, "relu");
  // Negated values correlate at exactly -1.
  EXPECT_NE(op.error_message.find("PCC -1.000000 < 0.990000"), std::string::npos)
      << op.error_message;
  EXPECT_EQ(op.inputs, std::vector<std::string>{"1x4xf32"});
  EXPECT_EQ(op.outputs, std::vector<std::string>{"1x4xf32"});
  EXPECT_EQ(runs, (std::vector<std::string>{"linear+relu+add", "linear", "relu", "add"}));
  // A second module holding relu does not rerun it.
  check.check({f.node["relu"], f.node["add"]});
  EXPECT_EQ(runs.size(), 5u);
}

TEST(PrecisionCheck, NaNFailsEvenWhenTheRestCorrelates) {
  Fixture f;
  PrecisionCheck check(f.graph, f.topology, f.reference,
                       f.runner("aten.add.Tensor", nullptr, std::nanf("")), {});
  const ModuleTest test = check.check({f.node["add"]});
  ASSERT_EQ(test.outcome, ModuleTest::Outcome::Failed);
  ASSERT_EQ(test.failed_ops.size(), 1u);
  EXPECT_NE(test.failed_ops[0].error_message.find("4 NaN"), std::string::npos)
      << test.failed_ops[0].error_message;
}

TEST(PrecisionCheck, ThresholdIsAnOption) {
  Fixture f;
  // Scaling by 2 keeps the correlation at 1: it passes any threshold up to 1.
  PrecisionCheckOptions options;
  options.pcc_threshold = 1.0;
  PrecisionCheck check(f.graph, f.topology, f.reference, f.runner("aten.relu.default", nullptr, 2),
                       options);
  EXPECT_EQ(check.check(f.all()).outcome, ModuleTest::Outcome::Passed);
}

TEST(PrecisionCheck, ErrorThatOnlyAccumulatesIsReportedForTheModule) {
  Fixture f;
  // Only the whole module, three ops together, goes wrong.
  SubgraphRunner whole_only = [&](const Graph& part, const std::vector<TensorData>& inputs,
                                  const std::string& dtype) {
    auto outputs =
        f.runner(part.nodes.size() == 3 ? part.nodes[0].op_type : "none")(part, inputs, dtype);
    return outputs;
  };
  PrecisionCheck check(f.graph, f.topology, f.reference, whole_only, {});
  const ModuleTest test = check.check(f.all());
  ASSERT_EQ(test.outcome, ModuleTest::Outcome::Failed);
  ASSERT_EQ(test.failed_ops.size(), 1u);
  EXPECT_EQ(test.failed_ops[0].op_name, "MODULE");
  EXPECT_NE(test.failed_ops[0].error_message.find("accumulates"), std::string::npos);
}

TEST(PrecisionCheck, RunErrorsBecomeFailedOpsAndNoOpsIsUntestable) {
  Fixture f;
  SubgraphRunner throwing = [](const Graph& part, const std::vector<TensorData>&,
                               const std::string&) -> std::vector<TensorData> {
    if (part.nodes.size() == 1 && part.nodes[0].name != "relu")
      return {};
    throw std::runtime_error("model: node relu: no bfloat16 kernel");
  };
  PrecisionCheck check(f.graph, f.topology, f.reference, throwing, {});
  EXPECT_EQ(check.check({}).outcome, ModuleTest::Outcome::Untestable);
  const ModuleTest test = check.check({f.node["relu"]});
  ASSERT_EQ(test.outcome, ModuleTest::Outcome::Failed);
  EXPECT_EQ(test.failed_ops.at(0).error_message, "model: node relu: no bfloat16 kernel");
}

// x -> split (two outputs) -> getitem named "split_1" (as FX names a second call) -> relu.
Graph splitGraph() {
  testing::GraphBuilder b("Net");
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
  getitem.name = "split_1";
  getitem.op_type = std::string(kGetItemOp);
  getitem.attrs = Json{{"index", 1}};
  getitem.inputs.push_back({"split_0", {2, 4}, "float32", "split", 0, {}});
  getitem.inputs.push_back({"split_1", {2, 4}, "float32", "split", 1, {}});
  getitem.outputs.push_back({"getitem", {2, 4}, "float32", {}, {}, {}});
  graph.nodes.push_back(getitem);
  Node relu;
  relu.name = "relu";
  relu.op_type = "aten.relu.default";
  relu.inputs.push_back({"getitem", {2, 4}, "float32", "split_1", 0, {}});
  relu.outputs.push_back({"relu", {2, 4}, "float32", {}, {}, {}});
  graph.nodes.push_back(relu);
  graph.outputs.push_back({"relu", {2, 4}, "float32", {}, {}, {}});
  return graph;
}

TEST(Subgraph, AnInputNeverTakesTheNameOfANodeInsideThePart) {
  const Graph graph = splitGraph();
  const Topology topology = buildTopology(graph);
  // The getitem node is called split_1, like split's second output, which comes from outside.
  const Subgraph part = cutSubgraph(graph, topology, {1, 2});
  ASSERT_EQ(part.graph.inputs.size(), 2u);
  EXPECT_EQ(part.graph.inputs[0].name, "split_0");
  EXPECT_NE(part.graph.inputs[1].name, "split_1");
  const Topology inside = buildTopology(part.graph);
  EXPECT_EQ(inside.node_inputs[0][1], ValueRef::of(ValueKind::GraphInput, 1));
  EXPECT_EQ(inside.node_inputs[1][0], ValueRef::nodeOutput(0, 0));
}

TEST(PrecisionCheck, AModuleWithATupleOpRunsWholeFromItsOneInput) {
  const Graph graph = splitGraph();
  const Topology topology = buildTopology(graph);
  ReferenceValues reference;
  reference.graph_inputs = {floats({2, 8}, std::vector<float>(16, 1.5f))};
  reference.node_outputs = {
      {floats({2, 4}, std::vector<float>(8, 1.5f)), floats({2, 4}, std::vector<float>(8, 1.5f))},
      {floats({2, 4}, std::vector<float>(8, 1.5f))},
      {floats({2, 4}, std::vector<float>(8, 1.5f))}};
  std::vector<size_t> input_counts;
  SubgraphRunner run = [&](const Graph& part, const std::vector<TensorData>& inputs,
                           const std::string&) {
    input_counts.push_back(inputs.size());
    std::vector<TensorData> outputs;
    for (size_t i = 0; i < part.outputs.size(); ++i)
      outputs.push_back(floats({2, 4}, std::vector<float>(8, 1.5f)));
    return outputs;
  };
  PrecisionCheck check(graph, topology, reference, run, {});
  // A module's nodes keep its getitem, so the cut feeds relu from inside, not from float32
  // values of split's outputs.
  Graph with_module = graph;
  for (Node& node : with_module.nodes) {
    node.module_path = "block";
    node.module_type = "Block";
  }
  const Topology module_topology = buildTopology(with_module);
  const ModuleTree tree = buildModuleTree(with_module, module_topology);
  const UniqueModules modules = findUniqueModules(with_module, module_topology, tree);
  ASSERT_EQ(modules.instances.size(), 2u);
  ASSERT_EQ(modules.instances[1].path, "block");
  const std::vector<int32_t> nodes =
      callNodes(with_module, module_topology, tree, modules.instances[1]);
  EXPECT_EQ(nodes, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(check.check(nodes).outcome, ModuleTest::Outcome::Passed);
  EXPECT_EQ(input_counts, std::vector<size_t>{1});
  // A getitem alone is nothing to test.
  EXPECT_EQ(check.check({1}).outcome, ModuleTest::Outcome::Untestable);
}

TEST(PrecisionCheck, OneElementOutputsPassWithinRoundingAndFailBeyondIt) {
  // PCC of one element is 1 or 0 by definition: bfloat16's rounding of 0.3 must not fail it.
  testing::GraphBuilder b("Net");
  const std::string x = b.input("x", {1, 1});
  b.output(b.op("head", "aten.relu.default", {x}, {1, 1}));
  const Graph graph = b.build();
  const Topology topology = buildTopology(graph);
  ReferenceValues reference;
  reference.graph_inputs = {floats({1, 1}, {0.3f})};
  reference.node_outputs = {{floats({1, 1}, {0.3f})}};
  float answer = 0.30078125f; // 0.3 in bfloat16
  SubgraphRunner run = [&](const Graph&, const std::vector<TensorData>&, const std::string&) {
    return std::vector<TensorData>{floats({1, 1}, {answer})};
  };
  PrecisionCheck rounded(graph, topology, reference, run, {});
  EXPECT_EQ(rounded.check({0}).outcome, ModuleTest::Outcome::Passed);
  answer = 0.5f;
  PrecisionCheck wrong(graph, topology, reference, run, {});
  EXPECT_EQ(wrong.check({0}).outcome, ModuleTest::Outcome::Failed);
}

OpMapping mappingWith(std::initializer_list<std::pair<const char*, MappingStatus>> entries) {
  OpMapping mapping;
  for (const auto& [op, status] : entries) {
    OpMappingEntry entry;
    entry.op = op;
    entry.status = status;
    entry.note = std::string(op) + " runs on the host";
    mapping.entries[op] = entry;
  }
  return mapping;
}

TEST(MappingCheck, ModuleWhoseOpsAllConvertPasses) {
  Fixture f;
  const OpMapping mapping = mappingWith({{"aten.linear.default", MappingStatus::Converted},
                                         {"aten.relu.default", MappingStatus::Converted},
                                         {"aten.add.Tensor", MappingStatus::Removed}});
  EXPECT_EQ(checkModuleMapping(f.graph, mapping, f.all()).outcome, ModuleTest::Outcome::Passed);
  EXPECT_EQ(checkModuleMapping(f.graph, mapping, {}).outcome, ModuleTest::Outcome::Untestable);
}

TEST(MappingCheck, FallbacksAndUnmappedOpsAreTheFailedOps) {
  Fixture f;
  const OpMapping mapping = mappingWith({{"aten.linear.default", MappingStatus::Converted},
                                         {"aten.relu.default", MappingStatus::Fallback}});
  const ModuleTest test = checkModuleMapping(f.graph, mapping, f.all());
  ASSERT_EQ(test.outcome, ModuleTest::Outcome::Failed);
  ASSERT_EQ(test.failed_ops.size(), 2u);
  EXPECT_EQ(test.failed_ops[0].op_name, "aten.relu.default");
  EXPECT_NE(test.failed_ops[0].error_message.find("runs on the host"), std::string::npos)
      << test.failed_ops[0].error_message;
  EXPECT_EQ(test.failed_ops[1].op_name, "aten.add.Tensor");
  EXPECT_NE(test.failed_ops[1].error_message.find("no TTNN mapping"), std::string::npos);
  EXPECT_EQ(test.failed_ops[1].inputs, (std::vector<std::string>{"1x4xf32", "1x4xf32"}));
}

TEST(MappingCheck, EqualConfigurationsAreReportedOnce) {
  testing::GraphBuilder b("Net");
  const std::string x = b.input("x", {2, 2});
  const std::string r1 = b.op("gelu", "aten.gelu.default", {x}, {2, 2});
  const std::string r2 = b.op("gelu_1", "aten.gelu.default", {r1}, {2, 2});
  const std::string r3 =
      b.op("gelu_2", "aten.gelu.default", {r2}, {2, 2}, Json{{"approximate", "tanh"}});
  b.output(r3);
  const Graph graph = b.build();
  const ModuleTest test = checkModuleMapping(graph, OpMapping{}, {0, 1, 2});
  ASSERT_EQ(test.failed_ops.size(), 2u); // gelu twice alike, then the tanh one
  EXPECT_EQ(test.failed_ops[0].node, "gelu");
  EXPECT_EQ(test.failed_ops[1].node, "gelu_2");
  EXPECT_EQ(test.failed_ops[1].op_params, (Json{{"approximate", "tanh"}}));
}

} // namespace
} // namespace irscope::ir
