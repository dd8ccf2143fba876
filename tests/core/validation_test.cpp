#include "core/validation.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

using testing::GraphBuilder;

Graph smallGraph() { return testing::makeSmallResidualGraph(); }

std::vector<Problem> check(const Graph& graph) {
  return validate(graph, buildTopology(graph));
}

std::string allText(const std::vector<Problem>& problems) {
  std::string text;
  for (const Problem& problem : problems)
    text += describe(problem) + "\n";
  return text;
}

TEST(Validation, AcceptsAWellFormedGraph) {
  EXPECT_TRUE(check(smallGraph()).empty());
}

TEST(Validation, AcceptsALargeSyntheticGraph) {
  EXPECT_EQ(allText(check(testing::makeTransformerLikeGraph(2000))), "");
}

TEST(Validation, ReportsDanglingProducerWithNodeName) {
  Graph graph = smallGraph();
  graph.nodes[1].inputs[0].producer_node = "ghost";
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, Problem::Kind::Reference);
  EXPECT_EQ(problems[0].node, "relu");
  EXPECT_NE(problems[0].message.find("'ghost' is neither a node nor a graph input"),
            std::string::npos);
  EXPECT_TRUE(breaksStructure(problems[0]));
}

TEST(Validation, ReportsProducerOutputIndexOutOfRange) {
  Graph graph = smallGraph();
  graph.nodes[1].inputs[0].producer_output_idx = 3;
  graph.nodes[2].inputs[1].producer_output_idx = 1; // graph input x has one output
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(
      problems[0].message.find("producer_output_idx 3 is out of range: node 'linear' has 1 output"),
      std::string::npos);
  EXPECT_EQ(problems[1].node, "add");
}

TEST(Validation, ReportsMissingWeight) {
  Graph graph = smallGraph();
  graph.weights.clear();
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].node, "linear");
  EXPECT_NE(problems[0].message.find("maps it to 'fc.weight', which is neither in weights"),
            std::string::npos);
}

TEST(Validation, ReportsShapeAndDtypeMismatchBetweenProducerAndConsumer) {
  Graph graph = smallGraph();
  graph.nodes[1].inputs[0].shape = {1, 8};
  graph.nodes[2].inputs[1].dtype = "float16";
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(describe(problems[0]), "node 'relu': input 0 'linear' is recorded as [1, 8] float32 "
                                   "but node 'linear' output 0 is [1, 4] float32");
  EXPECT_EQ(problems[1].kind, Problem::Kind::Consistency);
  EXPECT_FALSE(breaksStructure(problems[1]));
}

TEST(Validation, ComparesWeightInputsWithTheirWeightEntry) {
  Graph graph = smallGraph();
  graph.weights[0].shape = {8, 4};
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("weight 'fc.weight' is [8, 4]"), std::string::npos);
}

TEST(Validation, TreatsTorchDtypeSpellingAsTheSameDtype) {
  Graph graph = smallGraph();
  graph.nodes[1].inputs[0].dtype = "torch.float32";
  EXPECT_TRUE(check(graph).empty());
}

TEST(Validation, ReportsDuplicateAndEmptyNames) {
  Graph graph = smallGraph();
  graph.nodes[2].name = "relu";
  graph.nodes[2].outputs[0].name = "add_out";
  graph.outputs[0].name = "add_out";
  graph.nodes[0].op_type = "";
  const auto problems = check(graph);
  const std::string text = allText(problems);
  EXPECT_NE(text.find("node 'linear': op_type is empty"), std::string::npos) << text;
  EXPECT_NE(text.find("node 'relu': node name is used twice (nodes[1] and nodes[2])"),
            std::string::npos)
      << text;
}

TEST(Validation, ReportsTensorNameProducedTwice) {
  Graph graph = smallGraph();
  graph.nodes[2].outputs[0].name = "relu";
  const std::string text = allText(check(graph));
  EXPECT_NE(text.find("output 0 is named 'relu', which already names node 'relu' output 0"),
            std::string::npos)
      << text;
}

TEST(Validation, ReportsGraphInputNamedLikeANode) {
  Graph graph = smallGraph();
  graph.inputs.push_back({"relu", {1}, "float32", {}, {}, {}});
  EXPECT_NE(allText(check(graph)).find("graph input 'relu' has the same name as a node"),
            std::string::npos);
}

TEST(Validation, ReportsUnresolvedGraphOutput) {
  Graph graph = smallGraph();
  graph.outputs[0].name = "nothing";
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].node, "");
  EXPECT_NE(problems[0].message.find("graph output 0 'nothing' is not produced"),
            std::string::npos);
}

TEST(Validation, ReportsCycleAsAPath) {
  Graph graph = smallGraph();
  graph.nodes[0].inputs[0] = {"add", {1, 4}, "float32", "add", 0, {}};
  const auto problems = check(graph);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, Problem::Kind::Cycle);
  EXPECT_EQ(problems[0].message, "nodes form a cycle: 'linear' -> 'relu' -> 'add' -> 'linear'");
}

TEST(Validation, ReportsSelfLoop) {
  Graph graph = smallGraph();
  graph.nodes[1].inputs[0] = {"relu", {1, 4}, "float32", "relu", 0, {}};
  const std::string text = allText(check(graph));
  EXPECT_NE(text.find("nodes form a cycle: 'relu' -> 'relu'"), std::string::npos) << text;
}

TEST(Validation, ListsEveryProblemNotJustTheFirst) {
  Graph graph = smallGraph();
  graph.nodes[0].inputs[0].producer_node = "ghost";
  graph.nodes[1].inputs[0].shape = {9};
  graph.nodes[2].inputs[0].producer_output_idx = 4;
  EXPECT_EQ(check(graph).size(), 3u);
}

TEST(Validation, AcceptsTiedWeightListedTwiceButNotConflictingEntries) {
  Graph graph = smallGraph();
  graph.weights.push_back(graph.weights[0]);
  EXPECT_TRUE(check(graph).empty());
  graph.weights.back().shape = {2, 2};
  const std::string text = allText(check(graph));
  EXPECT_NE(text.find("weights lists 'fc.weight' twice"), std::string::npos) << text;
}

TEST(Validation, ReportsRepeatedPlaceholderAndDanglingMapping) {
  Graph graph = smallGraph();
  graph.weight_name_mapping.emplace_back("p_fc_weight", "fc.weight");
  graph.weight_name_mapping.emplace_back("p_unused", "gone.weight");
  const std::string text = allText(check(graph));
  EXPECT_NE(text.find("placeholder 'p_fc_weight' twice"), std::string::npos) << text;
  EXPECT_NE(text.find("maps 'p_unused' to 'gone.weight'"), std::string::npos) << text;
}

TEST(Validation, ChecksGetItemIndex) {
  GraphBuilder b;
  b.input("x", {2, 8});
  Graph graph = b.build();
  Node getitem;
  getitem.name = "getitem";
  getitem.op_type = std::string(kGetItemOp);
  getitem.inputs.push_back({"x", {2, 8}, "float32", "x", 0, {}});
  getitem.outputs.push_back({"getitem", {2, 8}, "float32", {}, {}, {}});
  getitem.attrs = Json{{"index", 0}};
  graph.nodes.push_back(getitem);
  EXPECT_TRUE(check(graph).empty());
  graph.nodes[0].attrs["index"] = 2;
  EXPECT_NE(allText(check(graph)).find("getitem index 2 is out of range for its 1 inputs"),
            std::string::npos);
  graph.nodes[0].attrs = Json::object();
  EXPECT_NE(allText(check(graph)).find("getitem needs an integer attrs.index"), std::string::npos);
}

TEST(Validation, ChecksConstantData) {
  Graph graph = smallGraph();
  graph.constants.push_back({"c_ok", Json::parse("[[1, 2], [3, 4]]"), "float32", {}});
  EXPECT_TRUE(check(graph).empty());
  graph.constants.push_back({"c_ragged", Json::parse("[[1, 2], [3]]"), "float32", {}});
  EXPECT_NE(allText(check(graph)).find("constant 'c_ragged' data is not a rectangular"),
            std::string::npos);
}

} // namespace
} // namespace irscope::ir
