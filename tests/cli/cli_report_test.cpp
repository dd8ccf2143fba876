// irscope-cli report end to end, on torch_ir fixtures: a TorchScript model (extracted, run and
// compared with itself on DeepResNet.in0.npy) and an IR JSON model (run with its safetensors
// and compared with SelfAttention.out0.npy). The figures the reports must show are counted
// here from the fixtures' JSON, not taken from irscope.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using testing::readText;
using testing::TempDir;

const std::string kFixtures = IRSCOPE_TEST_DATA_DIR "/torch_ir/";

// What torch_ir's IRStatistics makes of a fixture, counted from its file.
struct Expected {
  size_t nodes = 0;
  size_t edges = 0;
  size_t inputs = 0;
  size_t outputs = 0;
  size_t weights = 0;
  int64_t params = 0;
};

Expected countFixture(const std::string& name) {
  const Json ir = Json::parse(readText(kFixtures + name + ".json"));
  Expected expected;
  expected.nodes = ir["nodes"].size();
  expected.inputs = ir["graph_inputs"].size();
  expected.outputs = ir["graph_outputs"].size();
  expected.weights = ir["weights"].size();
  for (const Json& weight : ir["weights"]) {
    int64_t params = 1;
    for (const Json& dim : weight["shape"])
      params *= dim.get<int64_t>();
    expected.params += params;
  }
  // Every node input counts: weights are compared by state_dict key ("conv1.weight") and node
  // inputs are named by placeholder ("p_conv1_weight"), so none is left out (§1.5's caveat).
  bool reads_a_weight = false;
  for (const Json& node : ir["nodes"])
    for (const Json& input : node["inputs"]) {
      ++expected.edges;
      reads_a_weight = reads_a_weight || input["name"].get<std::string>().rfind("p_", 0) == 0;
    }
  EXPECT_TRUE(reads_a_weight) << name << ": the caveat would not show";
  return expected;
}

// 1234567 -> "1,234,567"
std::string grouped(int64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

void expectSummaryRows(const std::string& report, const Expected& expected) {
  EXPECT_TRUE(contains(report, "| Nodes | " + std::to_string(expected.nodes) + " |\n")) << report;
  EXPECT_TRUE(contains(report, "| Edges | " + std::to_string(expected.edges) + " |\n"));
  EXPECT_TRUE(contains(report, "| Inputs | " + std::to_string(expected.inputs) +
                                   " |\n| Outputs | " + std::to_string(expected.outputs) + " |\n"));
  EXPECT_TRUE(contains(report, "| Weights | " + std::to_string(expected.weights) + " |\n"));
  EXPECT_TRUE(contains(report, "| Total Params | " + grouped(expected.params) + " |\n"));
}

TEST(CliReport, ReportsATorchScriptAndAnIrJsonModelAsPassed) {
  TempDir dir;
  const std::string out = (dir / "reports").string();
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", kFixtures + "DeepResNet.ts.pt",
                                    kFixtures + "SelfAttention.json", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_TRUE(contains(run.out,
                       "Test reports generated in: " + out + "\nSummary: " + out + "/SUMMARY.md\n"))
      << run.out;

  for (const std::string name : {"DeepResNet", "SelfAttention"}) {
    const std::string report = readText(dir / "reports" / (name + ".md"));
    EXPECT_EQ(report.rfind("# " + name + "\n\n**Status:** ✅ PASSED\n**Generated:** ", 0), 0u)
        << report;
    expectSummaryRows(report, countFixture(name));
    EXPECT_TRUE(contains(report, "## Numerical Verification\n\n**Status:** PASSED\n"));
    EXPECT_TRUE(contains(report, "**Outputs Compared:** 1\n"));
    EXPECT_TRUE(contains(report, "## DAG Visualization\n\n```mermaid\nflowchart TD\n"));
    EXPECT_TRUE(contains(report, "## Operator Distribution\n\n```mermaid\npie showData\n"));
  }
  // DeepResNet fits in torch_ir's 30-node flowchart, so it has no truncation note.
  ASSERT_LE(countFixture("DeepResNet").nodes, 30u);
  EXPECT_FALSE(contains(readText(dir / "reports" / "DeepResNet.md"), "more nodes"));

  const std::string summary = readText(dir / "reports" / "SUMMARY.md");
  EXPECT_TRUE(contains(summary, "- **Total Tests:** 2\n- **Passed:** 2 ✅\n- **Failed:** 0 ❌\n"
                                "- **Pass Rate:** 100.0%\n"))
      << summary;
  const Expected resnet = countFixture("DeepResNet");
  EXPECT_TRUE(contains(summary, "| [DeepResNet](./DeepResNet.md) | ✅ | " +
                                    std::to_string(resnet.nodes) + " | " + grouped(resnet.params) +
                                    " | "));
  const Expected attention = countFixture("SelfAttention");
  EXPECT_TRUE(contains(summary, "| [SelfAttention](./SelfAttention.md) | ✅ | " +
                                    std::to_string(attention.nodes) + " | " +
                                    grouped(attention.params) + " | "));
  // The rows follow the command line.
  EXPECT_LT(summary.find("[DeepResNet]"), summary.find("[SelfAttention]"));
  EXPECT_FALSE(contains(summary, "## Failed Tests"));
}

TEST(CliReport, AMissingModelIsOneLineExitTwoAndStillInTheSummary) {
  TempDir dir;
  const std::string missing = (dir / "missing.json").string();
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", kFixtures + "SelfAttention.json", missing, "-o",
                                    (dir / "reports").string()});
  EXPECT_EQ(run.exit_code, 2);
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
  EXPECT_TRUE(contains(run.err, missing)) << run.err;

  const std::string summary = readText(dir / "reports" / "SUMMARY.md");
  EXPECT_TRUE(contains(summary, "- **Passed:** 1 ✅\n- **Failed:** 1 ❌\n- **Pass Rate:** 50.0%\n"))
      << summary;
  EXPECT_TRUE(contains(summary, "| [missing](./missing.md) | ❌ | - | - | - | "));
  EXPECT_TRUE(contains(summary, "## Failed Tests\n\n### missing\n\n```\n" + missing));
  const std::string report = readText(dir / "reports" / "missing.md");
  EXPECT_TRUE(contains(report, "**Status:** ❌ FAILED\n"));
  EXPECT_TRUE(contains(report, "## Error\n\n```\n" + missing));
  EXPECT_FALSE(contains(report, "## Summary"));
}

TEST(CliReport, AModelCalledSummaryDoesNotLoseItsReportToTheSummary) {
  TempDir dir;
  const std::string missing = (dir / "SUMMARY.json").string();
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", missing, "-o", (dir / "reports").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(readText(dir / "reports" / "SUMMARY_2.md"), "# SUMMARY_2\n"));
  EXPECT_TRUE(contains(readText(dir / "reports" / "SUMMARY.md"), "# Test Summary Report\n"));
}

// A copy of SelfAttention with only the files given beside it.
std::filesystem::path
copyOfSelfAttention(const TempDir& dir,
                    const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [from, to] : files)
    std::filesystem::copy_file(kFixtures + from, dir / to);
  return dir / "SelfAttention.json";
}

TEST(CliReport, OutputsThatDisagreeFailWithExitOne) {
  TempDir dir;
  // The input given as the expected output: same shape, other values.
  const auto model =
      copyOfSelfAttention(dir, {{"SelfAttention.json", "SelfAttention.json"},
                                {"SelfAttention.safetensors", "SelfAttention.safetensors"},
                                {"SelfAttention.in0.npy", "SelfAttention.in0.npy"},
                                {"SelfAttention.in0.npy", "SelfAttention.out0.npy"}});
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", model.string(), "-o", (dir / "r").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::string report = readText(dir / "r" / "SelfAttention.md");
  EXPECT_TRUE(contains(report, "**Status:** ❌ FAILED\n")) << report;
  // The verdict's reason: the input is no rescaling of the output, so PCC fails too.
  EXPECT_TRUE(contains(report, "## Error\n\n```\noutput 0: PCC ")) << report;
  EXPECT_TRUE(contains(report, "not allclose: ")) << report;
  EXPECT_TRUE(contains(report, "## Numerical Verification\n\n**Status:** FAILED\n"));
  EXPECT_TRUE(contains(readText(dir / "r" / "SUMMARY.md"), "### SelfAttention\n"));
}

TEST(CliReport, WithoutOutputsBesideItAnIrIsComparedWithItsTorchScript) {
  TempDir dir;
  const auto model =
      copyOfSelfAttention(dir, {{"SelfAttention.json", "SelfAttention.json"},
                                {"SelfAttention.safetensors", "SelfAttention.safetensors"},
                                {"SelfAttention.ts.pt", "SelfAttention.ts.pt"}});
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", model.string(), "-o", (dir / "r").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::string report = readText(dir / "r" / "SelfAttention.md");
  EXPECT_TRUE(contains(report, "## Numerical Verification\n\n**Status:** PASSED\n")) << report;
}

TEST(CliReport, AModelWithNothingToCompareWithIsNotCalledPassed) {
  TempDir dir;
  const auto model =
      copyOfSelfAttention(dir, {{"SelfAttention.json", "SelfAttention.json"},
                                {"SelfAttention.safetensors", "SelfAttention.safetensors"}});
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"report", model.string(), "-o", (dir / "r").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::string report = readText(dir / "r" / "SelfAttention.md");
  EXPECT_FALSE(contains(report, "PASSED")) << report;
  EXPECT_TRUE(contains(report, "**Status:** ⚠️ NOT VERIFIED\n"));
  EXPECT_TRUE(contains(report, "**Reason:** "));
  const std::string summary = readText(dir / "r" / "SUMMARY.md");
  EXPECT_TRUE(contains(summary, "- **Passed:** 0 ✅\n")) << summary;
  EXPECT_TRUE(contains(summary, "- **Not Verified:** 1 ⚠️\n"));
  EXPECT_TRUE(contains(summary, "| [SelfAttention](./SelfAttention.md) | ⚠️ | "));
}

} // namespace
} // namespace irscope::cli
