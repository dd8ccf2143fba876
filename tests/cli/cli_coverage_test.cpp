// irscope-cli coverage end to end: the per-op table, JSON and Markdown, a user's mapping, errors.
#include "core/json.h"
#include "io/model_file.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <set>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::readText;
using testing::TempDir;
using testing::writeText;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

const std::string kResNet18 = IRSCOPE_SOURCE_DIR "/resources/examples/resnet18.json";
const std::string kDeepResNet = IRSCOPE_TEST_DATA_DIR "/torch_ir/DeepResNet.json";

const Json& operation(const Json& report, const std::string& op) {
  for (const Json& entry : report["operations"])
    if (entry["op"] == op)
      return entry;
  throw std::runtime_error("no " + op);
}

TEST(CliCoverage, JsonGivesEveryOpItsVariationsAndFallbackReasons) {
  const CliRun run = runCli({"coverage", kResNet18, kDeepResNet, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json report = Json::parse(run.out);
  EXPECT_EQ(report["models"], Json({kResNet18, kDeepResNet}));
  EXPECT_EQ(report["target"], "TTNN");
  // Every op type of both models is listed once; counted here from the graphs themselves.
  std::set<std::string> ops;
  size_t nodes = 0;
  for (const std::string& file : {kResNet18, kDeepResNet})
    for (const ir::Node& node : io::loadModelFile(file).nodes)
      if (!node.isGetItem()) {
        ops.insert(node.op_type);
        ++nodes;
      }
  EXPECT_EQ(report["operations"].size(), ops.size());
  EXPECT_EQ(report["totals"]["nodes"], nodes);
  const Json& pool = operation(report, "aten.adaptive_avg_pool2d.default");
  EXPECT_EQ(pool["fallback"], pool["input_variations"]);
  EXPECT_EQ(pool["completed"], "✘");
  EXPECT_EQ(pool["score"], 0.0);
  ASSERT_FALSE(pool["fallbacks"].empty());
  EXPECT_EQ(pool["fallbacks"][0]["config_hash"].get<std::string>().size(), 64u);
  EXPECT_NE(pool["fallbacks"][0]["reason"].get<std::string>().find("adaptive_avg_pool2d: "),
            std::string::npos);
  const Json& conv = operation(report, "aten.conv2d.default");
  EXPECT_EQ(conv["converted"], conv["input_variations"]);
  EXPECT_EQ(conv["target"], "ttnn.conv2d");
  EXPECT_EQ(conv["completed"], "✅");
}

TEST(CliCoverage, MarkdownIsTheOperationsReportTable) {
  TempDir dir;
  const CliRun run = runCli({"coverage", kResNet18, "--markdown", "-o", (dir / "r.md").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string text = readText(dir / "r.md");
  EXPECT_EQ(text.rfind("# High Level Operations Status\n", 0), 0u);
  EXPECT_NE(text.find("| Operations | Target | Input Variations | Converted | Removed | Fallback "
                      "| Unmapped | Completed | Score |"),
            std::string::npos);
  EXPECT_NE(text.find("| aten.adaptive_avg_pool2d.default | - | 1 | 0 | 0 | 1 | 0 | ✘ | 0.00 |"),
            std::string::npos)
      << text;
}

TEST(CliCoverage, AUsersMappingOverridesAndAMalformedOneIsOneLine) {
  TempDir dir;
  writeText(dir / "mine.json", R"({"format": "irscope-op-mapping", "version": 1, "target": "TTNN",
    "ops": {"aten.max_pool2d.default": {"targets": ["ttnn.max_pool2d"], "status": "converted",
      "requires": [{"value": "input0.shape[-3]", "multiple_of": 128, "label": "channels",
                    "because": "needs a multiple of 128"}]}}})");
  const CliRun run =
      runCli({"coverage", kResNet18, "--mapping", (dir / "mine.json").string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json report = Json::parse(run.out);
  const Json& pool = operation(report, "aten.max_pool2d.default");
  EXPECT_EQ(pool["fallbacks"][0]["reason"], "max_pool2d: 64 channels; needs a multiple of 128");

  writeText(dir / "bad.json", R"({"format": "irscope-op-mapping", "version": 1, "target": "T",
    "ops": {"aten.relu.default": {"targets": ["x"], "status": "sometimes"}}})");
  const CliRun bad = runCli({"coverage", kResNet18, "--mapping", (dir / "bad.json").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "error: " + (dir / "bad.json").string() +
                         ": ops[\"aten.relu.default\"].status: \"sometimes\" is not converted, "
                         "decomposed, removed or fallback\n");
  const CliRun missing = runCli({"coverage", (dir / "nope.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos);
  EXPECT_EQ(missing.err.find('\n'), missing.err.size() - 1);
}

} // namespace
} // namespace irscope::cli
