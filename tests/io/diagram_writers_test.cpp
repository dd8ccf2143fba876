#include "io/dot_writer.h"
#include "io/mermaid_writer.h"
#include "io/torch_ir_reader.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <cstdlib>
#include <gtest/gtest.h>

namespace irscope::io {
namespace {

using testing::TempDir;

ir::Graph tiedWeights() {
  irscope::testing::GraphBuilder b("tied \"quoted\" \\ name");
  b.input("x", {1, 8});
  const std::string w = b.weight("cell.weight", {8, 8});
  b.op("linear", "aten.linear.default", {"x", w}, {1, 8});
  b.op("linear_1", "aten.linear.default", {"linear", w}, {1, 8});
  b.output("linear_1");
  return b.build();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// Runs Graphviz's `dot` on the text; true when it accepts it.
bool dotAccepts(const std::string& dot_text) {
  TempDir dir;
  testing::writeText(dir / "g.dot", dot_text);
  const std::string command = "dot -Tsvg '" + (dir / "g.dot").string() + "' -o '" +
                              (dir / "g.svg").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(command.c_str());
  if (status != 0)
    ADD_FAILURE() << testing::readText(dir / "err");
  return status == 0 && std::filesystem::file_size(dir / "g.svg") > 0;
}

TEST(DotWriter, DrawsEveryNodeEdgeAndSharedWeightOnce) {
  const ir::Graph graph = tiedWeights();
  const std::string dot = writeDot(graph, ir::buildTopology(graph), {});
  EXPECT_EQ(count(dot, "\"w0\" ["), 1u);   // one box for the tied weight
  EXPECT_EQ(count(dot, "\"w0\" -> "), 2u); // with an edge to each user
  EXPECT_EQ(count(dot, "\"in0\" -> \"n0\""), 1u);
  EXPECT_EQ(count(dot, "\"n0\" -> \"n1\" [label=\"1x8\"]"), 1u);
  EXPECT_EQ(count(dot, "\"n1\" -> \"out0\""), 1u);
  EXPECT_NE(dot.find("label=\"linear\\n1x8\""), std::string::npos) << dot;
  EXPECT_TRUE(dotAccepts(dot));
}

TEST(DotWriter, LeavesWeightsOutOnRequest) {
  const ir::Graph graph = tiedWeights();
  DiagramOptions options;
  options.show_weights = false;
  const std::string dot = writeDot(graph, ir::buildTopology(graph), options);
  EXPECT_EQ(dot.find("\"w0\""), std::string::npos);
  EXPECT_TRUE(dotAccepts(dot));
}

TEST(DotWriter, TruncatesToMaxNodes) {
  const ir::Graph graph = irscope::testing::makeTransformerLikeGraph(100);
  DiagramOptions options;
  options.max_nodes = 10;
  const std::string dot = writeDot(graph, ir::buildTopology(graph), options);
  EXPECT_NE(dot.find("\"n9\" [label"), std::string::npos);
  EXPECT_EQ(dot.find("\"n10\""), std::string::npos);
  EXPECT_NE(dot.find("... " + std::to_string(graph.nodes.size() - 10) + " more nodes ..."),
            std::string::npos);
  EXPECT_TRUE(dotAccepts(dot));
}

TEST(DotWriter, EveryFixtureIsAcceptedByDot) {
  for (const std::string& name : testing::torchIrFixtureNames()) {
    const ir::Graph graph = readTorchIrFile(testing::dataDir() / "torch_ir" / (name + ".json"));
    EXPECT_TRUE(dotAccepts(writeDot(graph, ir::buildTopology(graph), {}))) << name;
  }
}

TEST(MermaidWriter, LeavesWeightsOutOnRequest) {
  const ir::Graph graph = tiedWeights();
  DiagramOptions options;
  options.show_weights = false;
  const std::string mermaid = writeMermaid(graph, ir::buildTopology(graph), options);
  EXPECT_EQ(mermaid.find("w_p_cell_weight"), std::string::npos);
  EXPECT_NE(mermaid.find("op_linear -->|\"1x8\"| op_linear_1"), std::string::npos) << mermaid;
}

} // namespace
} // namespace irscope::io
