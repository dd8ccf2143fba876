// irscope-cli modules end to end: unique modules of DeepResNet, counted by hand from its
// definition (tests/models and the fixture's Python source).
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace irscope::cli {
namespace {

using testing::TempDir;

const std::string kFixtures = IRSCOPE_TEST_DATA_DIR "/torch_ir/";

TEST(CliModules, DeepResNetsUniqueModulesByTheReferencesKey) {
  TempDir dir;
  const testing::CliRun run =
      testing::runCli(IRSCOPE_CLI, {"modules", kFixtures + "DeepResNet.ts.pt", "--input-shape",
                                    "1x3x32x32", "-o", dir.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json json = Json::parse(testing::readText(dir / "unique_modules.json"));
  // By hand: the root, conv1, bn1, relu, three ResidualBlocks of (conv1, bn1, relu, conv2, bn2)
  // (relu runs twice per block: one instance), avgpool, flatten, fc: 1 + 3 + 3 x 6 + 3 = 25.
  EXPECT_EQ(json["metadata"]["total_modules"], 25);
  // Unique: the root; conv1 (3 -> 32 channels, unlike the blocks' 32 -> 32 convs); every bn
  // (32 features); every relu; the three blocks; the six block convs; avgpool; flatten; fc.
  EXPECT_EQ(json["metadata"]["unique_modules"], 9);
  // The machine's own name, which the HTML report shows as Host.
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  EXPECT_EQ(json["metadata"]["hostname"], std::string(host));
  EXPECT_NE(json["metadata"]["hostname"], "unknown");
  const Json& modules = json["modules"];
  ASSERT_EQ(modules.size(), 9u);
  EXPECT_EQ(modules[0]["id"], "mod_000_full_model");
  EXPECT_EQ(modules[0]["parent"], nullptr);
  EXPECT_EQ(modules[0]["input_shapes"], Json({"1x3x32x32"}));
  bool block = false, conv = false;
  for (const Json& module : modules) {
    if (module["class_name"] == "ResidualBlock") {
      EXPECT_EQ(module["occurrences"], Json({"res_block1", "res_block2", "res_block3"}));
      EXPECT_EQ(module["parent"], "full_model");
      block = true;
    }
    if (module["module_path"] == "res_block1.conv1") {
      EXPECT_EQ(module["id"].get<std::string>().substr(8), "conv1");
      EXPECT_EQ(module["parent"], "res_block1");
      EXPECT_EQ(module["occurrences"].size(), 6u);
      EXPECT_EQ(module["parameters"]["in_channels"], 32);
      EXPECT_EQ(module["parameters"]["kernel_size"], Json({3, 3}));
      EXPECT_EQ(module["parameters"]["bias"], true);
      conv = true;
    }
  }
  EXPECT_TRUE(block && conv);
}

// torch_ir JSON names no modules, but its weights do: conv1, bn1, three res_blocks of (conv1,
// bn1, conv2, bn2) and fc are 1 + 2 + 3 x 5 + 1 = 19 instances. Unique by hand: the root,
// conv1 (3 -> 32), the 32 -> 32 block conv, the batch norm (bn1's and the blocks' are all 32
// features on 32 x 32), the block, fc: 6. Classes are unknown, and the relus, avgpool and
// flatten have no weights to name their modules by.
TEST(CliModules, AnIrJsonGetsModulesFromItsWeightNames) {
  TempDir dir;
  const testing::CliRun run = testing::runCli(
      IRSCOPE_CLI, {"modules", kFixtures + "DeepResNet.json", "-o", dir.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json json = Json::parse(testing::readText(dir / "unique_modules.json"));
  EXPECT_EQ(json["metadata"]["total_modules"], 19);
  EXPECT_EQ(json["metadata"]["unique_modules"], 6);
}

TEST(CliModules, AnIrWithoutModulePathsIsOneLineAndExitTwo) {
  TempDir dir;
  // One relu and no weights: nothing to infer module paths from.
  testing::writeText(dir / "NoWeights.json", testing::kNoWeightsTorchIr);
  const testing::CliRun run = testing::runCli(
      IRSCOPE_CLI, {"modules", (dir / "NoWeights.json").string(), "-o", dir.path().string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1);
  EXPECT_NE(run.err.find("no module paths"), std::string::npos) << run.err;
}

} // namespace
} // namespace irscope::cli
