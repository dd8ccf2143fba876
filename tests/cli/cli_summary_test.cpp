// irscope-cli summary end to end: the torchinfo table and its JSON on the bundled resnet18.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

const std::string kResNet18 = IRSCOPE_SOURCE_DIR "/resources/examples/resnet18.json";

TEST(CliSummary, TotalsAndRowsOfResNet18) {
  const testing::CliRun run = testing::runCli(IRSCOPE_CLI, {"summary", kResNet18, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json summary = Json::parse(run.out);
  EXPECT_EQ(summary["totals"]["trainable_parameters"], 11689512);
  EXPECT_NEAR(summary["totals"]["macs"].get<double>() / 1e9, 1.81, 0.005);
  // The first conv: 64 x 112 x 112 outputs x 3 x 7 x 7.
  bool found = false;
  for (const Json& row : summary["rows"])
    if (row["name"] == "conv2d") {
      EXPECT_EQ(row["macs"], int64_t{64} * 112 * 112 * 3 * 7 * 7);
      EXPECT_EQ(row["kernel_size"], Json({7, 7}));
      found = true;
    }
  EXPECT_TRUE(found);
  const testing::CliRun text = testing::runCli(IRSCOPE_CLI, {"summary", kResNet18});
  EXPECT_NE(text.out.find("Total mult-adds (G): 1.81\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Trainable params: 11,689,512\n"), std::string::npos);
}

// A file holds what the terminal shows, final newline included.
TEST(CliSummary, AWrittenSummaryEndsWithANewline) {
  const testing::TempDir dir;
  const std::string file = (dir / "summary.md").string();
  const testing::CliRun run = testing::runCli(IRSCOPE_CLI, {"summary", kResNet18, "-o", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string text = testing::readText(file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const testing::CliRun shown = testing::runCli(IRSCOPE_CLI, {"summary", kResNet18});
  EXPECT_EQ(text, shown.out);
}

// torch_ir JSON names no modules; the weights' names give encoder24's 24 layers, each a
// TransformerEncoderLayer(1024, ff=2048) of 8,399,872 parameters, inside the `layers` list.
TEST(CliSummary, ListsTheLayersOfATorchIrJsonByItsWeightNames) {
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"summary", IRSCOPE_TEST_DATA_DIR "/torch_ir/encoder24.json",
                                    "--json", "--depth", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Json::parse(run.out)["module_paths"], "inferred_from_weight_names");
  const Json rows = Json::parse(run.out)["rows"];
  ASSERT_EQ(rows.size(), 25u);
  EXPECT_EQ(rows[0]["name"], "layers");
  EXPECT_EQ(rows[0]["trainable_parameters"], 201596928);
  for (int i = 0; i < 24; ++i) {
    const Json& row = rows[static_cast<size_t>(i) + 1];
    EXPECT_EQ(row["name"], "layers." + std::to_string(i));
    EXPECT_EQ(row["depth"], 1);
    EXPECT_EQ(row["trainable_parameters"], 8399872) << i;
  }
}

TEST(CliSummary, SaysWhereItsModulePathsCameFrom) {
  const testing::CliRun inferred =
      testing::runCli(IRSCOPE_CLI, {"summary", IRSCOPE_TEST_DATA_DIR "/torch_ir/encoder24.json"});
  ASSERT_EQ(inferred.exit_code, 0) << inferred.err;
  EXPECT_NE(inferred.out.find("Module paths inferred from weight names"), std::string::npos);
  const testing::CliRun recorded =
      testing::runCli(IRSCOPE_CLI, {"summary", IRSCOPE_TEST_DATA_DIR "/pt2/DeepResNet.pt2"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_EQ(recorded.out.find("inferred"), std::string::npos);
  const testing::CliRun json = testing::runCli(
      IRSCOPE_CLI, {"summary", IRSCOPE_TEST_DATA_DIR "/pt2/DeepResNet.pt2", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(Json::parse(json.out)["module_paths"], "file");
}

TEST(CliSummary, AnUnreadableModelIsOneLineAndExitTwo) {
  const testing::CliRun run = testing::runCli(IRSCOPE_CLI, {"summary", "/nonexistent.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1);
  EXPECT_NE(run.err.find("/nonexistent.json"), std::string::npos);
}

} // namespace
} // namespace irscope::cli
