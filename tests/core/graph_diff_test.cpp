#include "core/graph_diff.h"
#include "core/graph_diff_report.h"
#include "core/paired_outputs.h"
#include "tests/support/graph_builder.h"
#include "tests/support/tensor_values.h"

#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace irscope::ir {
namespace {

using testing::GraphBuilder;

// Every node renamed by `rename`, and every reference to it with it, as another export of the
// same model would name them.
Graph renamed(Graph graph, const std::function<std::string(const std::string&)>& rename) {
  std::set<std::string> nodes;
  for (const Node& node : graph.nodes)
    nodes.insert(node.name);
  auto fix = [&](Tensor& tensor) {
    if (tensor.producer_node && nodes.count(*tensor.producer_node))
      tensor.producer_node = rename(*tensor.producer_node);
    if (nodes.count(tensor.name))
      tensor.name = rename(tensor.name);
  };
  for (Node& node : graph.nodes) {
    node.name = rename(node.name);
    for (Tensor& tensor : node.inputs)
      fix(tensor);
    for (Tensor& tensor : node.outputs)
      fix(tensor);
  }
  for (Tensor& tensor : graph.outputs)
    fix(tensor);
  return graph;
}

// Weight inputs named by their state_dict key ("conv1.weight") rather than a placeholder
// ("p_conv1_weight"), with no weight_name_mapping, as some writers do.
Graph withStateDictNames(Graph graph) {
  std::map<std::string, std::string> key_of(graph.weight_name_mapping.begin(),
                                            graph.weight_name_mapping.end());
  for (Node& node : graph.nodes)
    for (Tensor& tensor : node.inputs)
      if (auto it = key_of.find(tensor.name); it != key_of.end())
        tensor.name = it->second;
  graph.weight_name_mapping.clear();
  return graph;
}

// The classes by node name: "A name -> B name" for pairs, "+name" added, "-name" removed.
std::map<std::string, ChangeClass> classes(const GraphDiff& diff, const Graph& a, const Graph& b) {
  std::map<std::string, ChangeClass> result;
  for (const NodeDifference& entry : diff.nodes) {
    std::string key;
    if (entry.a >= 0 && entry.b >= 0)
      key = a.nodes[static_cast<size_t>(entry.a)].name + " -> " +
            b.nodes[static_cast<size_t>(entry.b)].name;
    else if (entry.a >= 0)
      key = "-" + a.nodes[static_cast<size_t>(entry.a)].name;
    else
      key = "+" + b.nodes[static_cast<size_t>(entry.b)].name;
    result[key] = entry.change;
  }
  return result;
}

// x -> conv -> relu -> conv_1 -> relu_1 -> conv_2 -> add(relu_1) -> mean -> linear
Graph smallCnn() {
  GraphBuilder b("cnn");
  b.input("x", {1, 3, 8, 8});
  const Json pad1 = {{"stride", {1, 1}}, {"padding", {1, 1}}, {"dilation", {1, 1}}, {"groups", 1}};
  b.op("conv2d", "aten.conv2d.default",
       {"x", b.weight("conv1.weight", {8, 3, 3, 3}), b.weight("conv1.bias", {8})}, {1, 8, 8, 8},
       pad1);
  b.op("relu", "aten.relu.default", {"conv2d"}, {1, 8, 8, 8});
  b.op("conv2d_1", "aten.conv2d.default", {"relu", b.weight("conv2.weight", {8, 8, 3, 3})},
       {1, 8, 8, 8}, pad1);
  b.op("relu_1", "aten.relu.default", {"conv2d_1"}, {1, 8, 8, 8});
  b.op("conv2d_2", "aten.conv2d.default", {"relu_1", b.weight("conv3.weight", {8, 8, 3, 3})},
       {1, 8, 8, 8}, pad1);
  b.op("add", "aten.add.Tensor", {"conv2d_2", "relu_1"}, {1, 8, 8, 8});
  b.op("mean", "aten.mean.dim", {"add"}, {1, 8}, {{"dim", {-1, -2}}});
  b.op("linear", "aten.linear.default",
       {"mean", b.weight("fc.weight", {4, 8}), b.weight("fc.bias", {4})}, {1, 4});
  b.output("linear");
  return b.build();
}

int32_t nodeNamed(const Graph& graph, const std::string& name) {
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    if (graph.nodes[i].name == name)
      return static_cast<int32_t>(i);
  return -1;
}

TEST(GraphDiff, AModelAgainstItselfIsAllSame) {
  for (const Graph& graph : {smallCnn(), testing::makeTransformerLikeGraph(300, true)}) {
    const GraphDiff diff = diffGraphs(graph, graph);
    EXPECT_EQ(diff.node_counts.same, graph.nodes.size());
    EXPECT_EQ(diff.node_counts.changes(), 0u);
    EXPECT_EQ(diff.weight_counts.same, graph.weights.size());
    EXPECT_FALSE(diff.hasChanges());
    for (const NodeDifference& entry : diff.nodes) {
      EXPECT_EQ(entry.a, entry.b);
      EXPECT_EQ(entry.matched_by, MatchEvidence::Name);
    }
  }
}

TEST(GraphDiff, ARenamedCopyIsAllSameAndPairsTheRightNodes) {
  const Graph a = testing::makeTransformerLikeGraph(300, true);
  // Every name changes and the weights are read by state_dict name instead of placeholders.
  const Graph b = withStateDictNames(
      renamed(a, [](const std::string& name) { return "renamed_" + name + "_5"; }));
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(diff.node_counts.same, a.nodes.size());
  EXPECT_EQ(diff.node_counts.changes(), 0u);
  EXPECT_EQ(diff.weight_counts.same, a.weights.size());
  for (const NodeDifference& entry : diff.nodes) {
    ASSERT_GE(entry.a, 0);
    ASSERT_GE(entry.b, 0);
    EXPECT_EQ("renamed_" + a.nodes[static_cast<size_t>(entry.a)].name + "_5",
              b.nodes[static_cast<size_t>(entry.b)].name);
  }
}

TEST(GraphDiff, ShiftedNumberingDoesNotPairNodesByName) {
  // B's names are A's shifted by one kind-number (conv2d -> conv2d_1, ...), as when an op of each
  // kind is inserted earlier: the names all exist on both sides but mean other nodes.
  const Graph a = smallCnn();
  const Graph b = renamed(a, [](const std::string& name) {
    const size_t underscore = name.rfind('_');
    if (underscore == std::string::npos)
      return name + "_1";
    return name.substr(0, underscore + 1) +
           std::to_string(std::stoi(name.substr(underscore + 1)) + 1);
  });
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(diff.node_counts.same, a.nodes.size());
  for (const NodeDifference& entry : diff.nodes)
    EXPECT_EQ(entry.a, entry.b) << a.nodes[static_cast<size_t>(entry.a)].name;
}

TEST(GraphDiff, OneConvsPaddingChangedIsExactlyThatNodeChanged) {
  const Graph a = smallCnn();
  Graph b = a;
  b.nodes[static_cast<size_t>(nodeNamed(b, "conv2d_1"))].attrs["padding"] = {2, 2};
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(diff.node_counts.changed, 1u);
  EXPECT_EQ(diff.node_counts.same, a.nodes.size() - 1);
  EXPECT_EQ(diff.node_counts.added + diff.node_counts.removed, 0u);
  const NodeDifference& changed = diff.nodes[static_cast<size_t>(diff.entry_of_b[2])];
  EXPECT_EQ(changed.change, ChangeClass::Changed);
  ASSERT_EQ(changed.fields.size(), 1u);
  EXPECT_EQ(changed.fields[0].field, "attrs.padding");
  EXPECT_EQ(changed.fields[0].a, "[1,1]");
  EXPECT_EQ(changed.fields[0].b, "[2,2]");
}

TEST(GraphDiff, ALayerInsertedIsThoseOpsAddedTheRestSame) {
  const Graph a = smallCnn();
  // B: a conv + relu inserted after the first relu, and every later op renumbered, as
  // torch.export names them.
  GraphBuilder bb("cnn");
  bb.input("x", {1, 3, 8, 8});
  const Json pad1 = a.nodes[0].attrs;
  bb.op("conv2d", "aten.conv2d.default",
        {"x", bb.weight("conv1.weight", {8, 3, 3, 3}), bb.weight("conv1.bias", {8})}, {1, 8, 8, 8},
        pad1);
  bb.op("relu", "aten.relu.default", {"conv2d"}, {1, 8, 8, 8});
  bb.op("conv2d_1", "aten.conv2d.default", {"relu", bb.weight("extra.weight", {8, 8, 3, 3})},
        {1, 8, 8, 8}, pad1);
  bb.op("relu_1", "aten.relu.default", {"conv2d_1"}, {1, 8, 8, 8});
  bb.op("conv2d_2", "aten.conv2d.default", {"relu_1", bb.weight("conv2.weight", {8, 8, 3, 3})},
        {1, 8, 8, 8}, pad1);
  bb.op("relu_2", "aten.relu.default", {"conv2d_2"}, {1, 8, 8, 8});
  bb.op("conv2d_3", "aten.conv2d.default", {"relu_2", bb.weight("conv3.weight", {8, 8, 3, 3})},
        {1, 8, 8, 8}, pad1);
  bb.op("add", "aten.add.Tensor", {"conv2d_3", "relu_2"}, {1, 8, 8, 8});
  bb.op("mean", "aten.mean.dim", {"add"}, {1, 8}, {{"dim", {-1, -2}}});
  bb.op("linear", "aten.linear.default",
        {"mean", bb.weight("fc.weight", {4, 8}), bb.weight("fc.bias", {4})}, {1, 4});
  bb.output("linear");
  const Graph b = bb.build();

  const GraphDiff diff = diffGraphs(a, b);
  const std::map<std::string, ChangeClass> expected = {
      {"conv2d -> conv2d", ChangeClass::Same},     {"relu -> relu", ChangeClass::Same},
      {"+conv2d_1", ChangeClass::Added},           {"+relu_1", ChangeClass::Added},
      {"conv2d_1 -> conv2d_2", ChangeClass::Same}, {"relu_1 -> relu_2", ChangeClass::Same},
      {"conv2d_2 -> conv2d_3", ChangeClass::Same}, {"add -> add", ChangeClass::Same},
      {"mean -> mean", ChangeClass::Same},         {"linear -> linear", ChangeClass::Same}};
  EXPECT_EQ(classes(diff, a, b), expected);
  EXPECT_EQ(diff.weight_counts.added, 1u);
  EXPECT_EQ(diff.weights[2].name, "extra.weight");
  EXPECT_EQ(diff.weights[2].change, ChangeClass::Added);
}

TEST(GraphDiff, AWeightlessOpInsertedWithRenumberingIsAdded) {
  // A: x -> relu -> sigmoid -> relu_1; B inserts a relu after the first, so A's relu_1 is B's
  // relu_2 and B's relu_1 is new: the names agree but must not pair.
  GraphBuilder ba;
  ba.input("x", {4});
  ba.op("relu", "aten.relu.default", {"x"}, {4});
  ba.op("sigmoid", "aten.sigmoid.default", {"relu"}, {4});
  ba.op("relu_1", "aten.relu.default", {"sigmoid"}, {4});
  ba.output("relu_1");
  GraphBuilder bb;
  bb.input("x", {4});
  bb.op("relu", "aten.relu.default", {"x"}, {4});
  bb.op("relu_1", "aten.relu.default", {"relu"}, {4});
  bb.op("sigmoid", "aten.sigmoid.default", {"relu_1"}, {4});
  bb.op("relu_2", "aten.relu.default", {"sigmoid"}, {4});
  bb.output("relu_2");
  const Graph a = ba.build();
  const Graph b = bb.build();
  const std::map<std::string, ChangeClass> expected = {{"relu -> relu", ChangeClass::Same},
                                                       {"+relu_1", ChangeClass::Added},
                                                       {"sigmoid -> sigmoid", ChangeClass::Same},
                                                       {"relu_1 -> relu_2", ChangeClass::Same}};
  EXPECT_EQ(classes(diffGraphs(a, b), a, b), expected);
}

TEST(GraphDiff, ContiguousAndDropoutInsertedAreAdded) {
  const Graph a = smallCnn();
  Graph b = a;
  // relu -> contiguous -> dropout -> conv2d_1
  Node contiguous = b.nodes[1];
  contiguous.name = "contiguous";
  contiguous.op_type = "aten.contiguous.default";
  contiguous.inputs[0].producer_node = "relu";
  contiguous.inputs[0].name = "relu";
  contiguous.outputs[0].name = "contiguous";
  Node dropout = contiguous;
  dropout.name = "dropout";
  dropout.op_type = "aten.dropout.default";
  dropout.attrs = {{"p", 0.1}, {"train", false}};
  dropout.inputs[0].producer_node = "contiguous";
  dropout.inputs[0].name = "contiguous";
  dropout.outputs[0].name = "dropout";
  Node& conv = b.nodes[2];
  conv.inputs[0].producer_node = "dropout";
  conv.inputs[0].name = "dropout";
  b.nodes.insert(b.nodes.begin() + 2, {contiguous, dropout});
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(diff.node_counts.added, 2u);
  EXPECT_EQ(diff.node_counts.same, a.nodes.size());
  EXPECT_EQ(diff.node_counts.changed + diff.node_counts.removed, 0u);
  // In execution order: the two added ops sit between relu and conv2d_1.
  EXPECT_EQ(diff.nodes[2].change, ChangeClass::Added);
  EXPECT_EQ(b.nodes[static_cast<size_t>(diff.nodes[2].b)].name, "contiguous");
  EXPECT_EQ(diff.nodes[3].change, ChangeClass::Added);
}

TEST(GraphDiff, LinearDecomposedIntoTAndAddmmIsOneRemovedTwoAddedNeighboursPaired) {
  GraphBuilder ba;
  ba.input("x", {2, 8});
  ba.op("relu", "aten.relu.default", {"x"}, {2, 8});
  ba.op("linear", "aten.linear.default",
        {"relu", ba.weight("fc.weight", {4, 8}), ba.weight("fc.bias", {4})}, {2, 4});
  ba.op("sigmoid", "aten.sigmoid.default", {"linear"}, {2, 4});
  ba.output("sigmoid");
  GraphBuilder bb;
  bb.input("x", {2, 8});
  const std::string w = bb.weight("fc.weight", {4, 8});
  const std::string bias = bb.weight("fc.bias", {4});
  bb.op("relu_7", "aten.relu.default", {"x"}, {2, 8});
  bb.op("t", "aten.t.default", {w}, {8, 4});
  bb.op("addmm", "aten.addmm.default", {bias, "relu_7", "t"}, {2, 4});
  bb.op("sigmoid_3", "aten.sigmoid.default", {"addmm"}, {2, 4});
  bb.output("sigmoid_3");
  const Graph a = ba.build();
  const Graph b = bb.build();
  const std::map<std::string, ChangeClass> expected = {{"relu -> relu_7", ChangeClass::Same},
                                                       {"-linear", ChangeClass::Removed},
                                                       {"+t", ChangeClass::Added},
                                                       {"+addmm", ChangeClass::Added},
                                                       {"sigmoid -> sigmoid_3", ChangeClass::Same}};
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(classes(diff, a, b), expected);
  EXPECT_EQ(diff.weight_counts.same, 2u);
}

TEST(GraphDiff, ReorderedIndependentBranchesPairByWhatTheyRead) {
  // Two branches on x, written in the other order in B, so that torch.export's numbering swaps
  // their names.
  auto build = [](bool q_first) {
    GraphBuilder b;
    b.input("x", {1, 8});
    const std::string wq = b.weight("q.weight", {8, 8});
    const std::string wk = b.weight("k.weight", {8, 8});
    const std::string first = q_first ? wq : wk;
    const std::string second = q_first ? wk : wq;
    b.op("linear", "aten.linear.default", {"x", first}, {1, 8});
    b.op("linear_1", "aten.linear.default", {"x", second}, {1, 8});
    b.op("view", "aten.view.default", {"linear"}, {8}, {{"size", {8}}});
    b.op("view_1", "aten.view.default", {"linear_1"}, {8}, {{"size", {8}}});
    // Whichever is q goes first into the cat, so that the graphs compute the same thing.
    b.op("cat", "aten.cat.default", {q_first ? "view" : "view_1", q_first ? "view_1" : "view"},
         {16});
    b.output("cat");
    return b.build();
  };
  const Graph a = build(true);
  const Graph b = build(false);
  const std::map<std::string, ChangeClass> expected = {{"linear -> linear_1", ChangeClass::Same},
                                                       {"linear_1 -> linear", ChangeClass::Same},
                                                       {"view -> view_1", ChangeClass::Same},
                                                       {"view_1 -> view", ChangeClass::Same},
                                                       {"cat -> cat", ChangeClass::Same}};
  EXPECT_EQ(classes(diffGraphs(a, b), a, b), expected);
}

TEST(GraphDiff, ChangedOverloadShapesDtypesAndWeightReadAreListed) {
  GraphBuilder ba;
  ba.input("x", {2, 8});
  ba.weight("other.weight", {4, 8});
  ba.op("linear", "aten.linear.default", {"x", ba.weight("fc.weight", {4, 8})}, {2, 4});
  ba.op("add", "aten.add.Tensor", {"linear", "linear"}, {2, 4});
  ba.output("add");
  Graph a = ba.build();
  Graph b = a;
  b.nodes[0].inputs[1].name = "p_other_weight";
  b.nodes[1].op_type = "aten.add.Scalar";
  b.nodes[1].outputs[0].dtype = "bfloat16";
  b.nodes[1].outputs[0].shape = {4, 2};
  const GraphDiff diff = diffGraphs(a, b);
  EXPECT_EQ(diff.node_counts.changed, 2u);
  ASSERT_EQ(diff.nodes[0].fields.size(), 1u);
  EXPECT_EQ(diff.nodes[0].fields[0].field, "inputs[1].weight");
  EXPECT_EQ(diff.nodes[0].fields[0].a, "fc.weight");
  EXPECT_EQ(diff.nodes[0].fields[0].b, "other.weight");
  std::set<std::string> fields;
  for (const FieldDifference& field : diff.nodes[1].fields)
    fields.insert(field.field);
  EXPECT_EQ(fields, (std::set<std::string>{"op_type", "outputs[0].shape", "outputs[0].dtype"}));
}

TEST(GraphDiff, PerturbedWeightsAreOnlyThoseWeightsChangedByValue) {
  const Graph graph = smallCnn();
  NamedTensorValues values_a, values_b;
  for (const Weight& weight : graph.weights) {
    const size_t n = static_cast<size_t>(*elementCount(weight.shape));
    std::vector<float> values(n);
    for (size_t i = 0; i < n; ++i)
      values[i] = static_cast<float>(i % 7) * 0.25f;
    values_a.emplace_back(weight.name, testing::floats(weight.shape, values));
    if (weight.name == "conv2.weight")
      values[5] += 0.5f;
    values_b.emplace_back(weight.name, testing::floats(weight.shape, values));
  }
  DiffOptions options;
  options.weights_a = &values_a;
  options.weights_b = &values_b;
  const GraphDiff diff = diffGraphs(graph, graph, options);
  EXPECT_EQ(diff.node_counts.same, graph.nodes.size());
  EXPECT_EQ(diff.weight_counts.changed, 1u);
  EXPECT_EQ(diff.weight_counts.same, graph.weights.size() - 1);
  for (const WeightDifference& weight : diff.weights) {
    EXPECT_TRUE(weight.values_compared);
    EXPECT_EQ(weight.bit_equal, weight.name != "conv2.weight") << weight.name;
    EXPECT_DOUBLE_EQ(weight.max_abs_diff, weight.name == "conv2.weight" ? 0.5 : 0.0);
  }
  EXPECT_TRUE(diff.hasChanges());
}

TEST(GraphDiff, WeightsAddedRemovedAndReshaped) {
  GraphBuilder ba;
  ba.weight("kept.weight", {4});
  ba.weight("gone.weight", {4});
  GraphBuilder bb;
  bb.weight("kept.weight", {8});
  bb.weight("new.weight", {4}, "bfloat16");
  const GraphDiff diff = diffGraphs(ba.build(), bb.build());
  ASSERT_EQ(diff.weights.size(), 3u);
  EXPECT_EQ(diff.weights[0].change, ChangeClass::Changed);
  EXPECT_EQ(diff.weights[0].fields[0].field, "shape");
  EXPECT_EQ(diff.weights[1].name, "new.weight");
  EXPECT_EQ(diff.weights[1].change, ChangeClass::Added);
  EXPECT_EQ(diff.weights[2].name, "gone.weight");
  EXPECT_EQ(diff.weights[2].change, ChangeClass::Removed);
}

TEST(GraphDiff, ATiedWeightListedTwicePairsBothListings) {
  GraphBuilder b;
  b.weight("embedding.weight", {100, 64});
  b.weight("embedding.weight", {100, 64});
  const Graph graph = b.build();
  const GraphDiff diff = diffGraphs(graph, graph);
  EXPECT_EQ(diff.weight_counts.same, 2u);
  EXPECT_EQ(diff.weight_counts.changes(), 0u);
}

TEST(PairedOutputs, NamesTheFirstPairWhoseOutputsLeaveTolerance) {
  const Graph graph = smallCnn();
  GraphDiff diff = diffGraphs(graph, graph);
  PairedOutputs outputs(diff, VerdictRule{Tolerance{1e-5, 1e-5}, std::nullopt});
  auto value = [](float v) { return testing::floats({2}, {v, v}); };
  for (size_t node = 0; node < graph.nodes.size(); ++node)
    outputs.recordA(node, 0, value(1.0f));
  for (size_t node = 0; node < graph.nodes.size(); ++node) {
    // relu_1 (node 3) and everything after it are off by 0.1; relu (node 1) by 1e-7.
    const float off = node >= 3 ? 0.1f : node == 1 ? 1e-7f : 0.0f;
    outputs.compareB(node, 0, value(1.0f + off));
  }
  EXPECT_EQ(diff.outputs.size(), graph.nodes.size());
  ASSERT_TRUE(diff.first_divergence.has_value());
  const OutputDifference& first = diff.outputs[*diff.first_divergence];
  EXPECT_EQ(graph.nodes[static_cast<size_t>(diff.nodes[first.entry].b)].name, "relu_1");
  EXPECT_NEAR(first.comparison.max_diff, 0.1, 1e-6);
  EXPECT_TRUE(diff.hasChanges());
}

// bfloat16 keeps the upper half of a float32.
TensorData bfloat16s(Shape shape, const std::vector<float>& values) {
  TensorData data{"bfloat16", std::move(shape), {}};
  for (const float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    const auto upper = static_cast<uint16_t>(bits >> 16);
    data.bytes.push_back(static_cast<std::byte>(upper & 0xff));
    data.bytes.push_back(static_cast<std::byte>(upper >> 8));
  }
  return data;
}

// allclose alone would pass the flipped signs of tiny values and fail bfloat16's rounding;
// the verdict rule (core/verdict.h) fails the first and passes the second.
TEST(PairedOutputs, JudgesByTheVerdictRuleNotAllcloseAlone) {
  const Graph graph = smallCnn();
  GraphDiff diff = diffGraphs(graph, graph);
  PairedOutputs outputs(diff, VerdictRule{});
  const std::vector<float> values = {0.1f, -0.7f, 1.3f, 2.9f, -3.1f, 0.55f};
  // Node 0: B is A rounded to bfloat16, off by up to ~1e-2 (far outside rtol 1e-5).
  outputs.recordA(0, 0, testing::floats({6}, values));
  outputs.compareB(0, 0, bfloat16s({6}, values));
  // Node 1: values below atol, B with every sign flipped: inside allclose, PCC -1.
  const std::vector<float> tiny = {1e-7f, -2e-7f, 3e-7f, -4e-7f};
  std::vector<float> flipped;
  for (const float value : tiny)
    flipped.push_back(-value);
  outputs.recordA(1, 0, testing::floats({4}, tiny));
  outputs.compareB(1, 0, testing::floats({4}, flipped));
  ASSERT_EQ(diff.outputs.size(), 2u);
  EXPECT_FALSE(diff.outputs[0].comparison.is_close);
  EXPECT_TRUE(diff.outputs[0].passed) << diff.outputs[0].problem;
  EXPECT_TRUE(diff.outputs[1].comparison.is_close);
  EXPECT_FALSE(diff.outputs[1].passed);
  EXPECT_NE(diff.outputs[1].problem.find("PCC"), std::string::npos) << diff.outputs[1].problem;
  ASSERT_TRUE(diff.first_divergence.has_value());
  EXPECT_EQ(*diff.first_divergence, 1u);
  EXPECT_TRUE(outputsDiverge(diff.outputs[1].comparison, diff.rule));
  EXPECT_FALSE(outputsDiverge(diff.outputs[0].comparison, diff.rule));
  // A threshold given for every dtype is the rule's too: PCC 1.0 fails bfloat16's rounding.
  EXPECT_TRUE(outputsDiverge(diff.outputs[0].comparison, VerdictRule{Tolerance{}, 1.0}));
}

TEST(PairedOutputs, SkipsOutputsOfDifferentShapes) {
  const Graph graph = smallCnn();
  GraphDiff diff = diffGraphs(graph, graph);
  PairedOutputs outputs(diff, VerdictRule{});
  outputs.recordA(0, 0, testing::floats({2}, {1, 2}));
  outputs.compareB(0, 0, testing::floats({3}, {1, 2, 3}));
  EXPECT_TRUE(diff.outputs.empty());
  EXPECT_FALSE(diff.first_divergence.has_value());
}

TEST(GraphDiffReport, JsonHasEveryKeyAndTheChanges) {
  const Graph a = smallCnn();
  Graph b = a;
  b.nodes[2].attrs["padding"] = {2, 2};
  const GraphDiff diff = diffGraphs(a, b);
  const Json json = toJson(diff, {a, b, "a.json", "b.json"});
  for (const char* key :
       {"a", "b", "changed", "node_counts", "weight_counts", "nodes", "weights", "run"})
    EXPECT_TRUE(json.contains(key)) << key;
  EXPECT_EQ(json["changed"], true);
  EXPECT_EQ(json["node_counts"]["changed"], 1);
  EXPECT_EQ(json["a"]["file"], "a.json");
  ASSERT_EQ(json["nodes"].size(), a.nodes.size());
  const Json& changed = json["nodes"][2];
  EXPECT_EQ(changed["class"], "changed");
  EXPECT_EQ(changed["a"]["name"], "conv2d_1");
  EXPECT_EQ(changed["matched_by"], "name");
  EXPECT_EQ(changed["differences"][0]["field"], "attrs.padding");
  EXPECT_TRUE(json["run"].is_null());
  EXPECT_TRUE(json["weights"][0]["values"].is_null());
}

TEST(GraphDiffReport, TextGroupsChangesByModule) {
  Graph a = smallCnn();
  for (Node& node : a.nodes)
    node.module_path = node.name.rfind("conv2d_1", 0) == 0 ? "block" : "";
  Graph b = a;
  b.nodes[2].attrs["padding"] = {2, 2};
  b.nodes.back().attrs["note"] = 1;
  const std::string text = toText(diffGraphs(a, b), {a, b, "a.json", "b.json"});
  EXPECT_NE(text.find("Nodes:   6 same, 2 changed, 0 added, 0 removed"), std::string::npos) << text;
  const size_t block = text.find("\nblock\n");
  const size_t none = text.find("\n(no module)\n");
  ASSERT_NE(block, std::string::npos) << text;
  ASSERT_NE(none, std::string::npos) << text;
  EXPECT_LT(block, none);
  EXPECT_NE(text.find("attrs.padding: [1,1] -> [2,2]"), std::string::npos) << text;
  EXPECT_EQ(text.find("No changes."), std::string::npos);
}

} // namespace
} // namespace irscope::ir
