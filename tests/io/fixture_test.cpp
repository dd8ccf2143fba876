// Every file the Python torch_ir package wrote must read, validate, write back unchanged, and
// give the same `info` and Mermaid output as the Python tool.
#include "core/model_summary.h"
#include "core/validation.h"
#include "io/mermaid_writer.h"
#include "io/summary_report.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::io {
namespace {

using testing::dataDir;
using testing::readText;

class TorchIrFixture : public ::testing::TestWithParam<std::string> {
protected:
  std::filesystem::path file(const std::string& suffix) const {
    return dataDir() / "torch_ir" / (GetParam() + suffix);
  }
};

TEST_P(TorchIrFixture, ReadsAndValidates) {
  const ir::Graph graph = readTorchIrFile(file(".json"));
  EXPECT_EQ(graph.model_name, GetParam());
  EXPECT_FALSE(graph.nodes.empty());
  const auto problems = ir::validate(graph, ir::buildTopology(graph));
  for (const ir::Problem& problem : problems)
    ADD_FAILURE() << ir::describe(problem);
}

TEST_P(TorchIrFixture, WritesBackByteForByte) {
  const std::string original = readText(file(".json"));
  const std::string written = writeTorchIrJson(readTorchIrFile(file(".json")));
  EXPECT_EQ(Json::parse(written), Json::parse(original)); // the same JSON value, key for key
  EXPECT_EQ(written, original);                           // and the same bytes
}

TEST_P(TorchIrFixture, WrittenFileReadsBackToAnEqualGraph) {
  const ir::Graph graph = readTorchIrFile(file(".json"));
  EXPECT_EQ(parseTorchIrJson(writeTorchIrJson(graph), "written.json"), graph);
}

TEST_P(TorchIrFixture, InfoMatchesPythonTorchIr) {
  const Json expected = Json::parse(readText(file(".info.json")));
  const Json actual = summaryJson(ir::summarize(readTorchIrFile(file(".json"))));
  // Every field torch_ir writes, with its value, in torch_ir's order; irscope's own fields follow.
  ASSERT_GE(actual.size(), expected.size());
  auto actual_field = actual.items().begin();
  for (const auto& [key, value] : expected.items()) {
    EXPECT_EQ(actual_field.key(), key);
    EXPECT_EQ(actual_field.value(), value) << "field " << key;
    // op_distribution's order is part of the contract (most common first).
    if (value.is_object()) {
      EXPECT_EQ(actual_field.value().dump(), value.dump()) << "field " << key;
    }
    ++actual_field;
  }
}

TEST_P(TorchIrFixture, MermaidMatchesPythonTorchIr) {
  const ir::Graph graph = readTorchIrFile(file(".json"));
  DiagramOptions options;
  options.max_nodes = 30; // torch-ir visualize's default
  EXPECT_EQ(writeMermaid(graph, ir::buildTopology(graph), options), readText(file(".mmd")));
}

INSTANTIATE_TEST_SUITE_P(Python, TorchIrFixture,
                         ::testing::ValuesIn(testing::torchIrFixtureNames()),
                         [](const auto& info) { return info.param; });

TEST(TorchIrFixtures, AreAllPresent) {
  // Guards the parameterised suite against silently running over an empty directory.
  EXPECT_EQ(testing::torchIrFixtureNames().size(), 11u);
}

} // namespace
} // namespace irscope::io
