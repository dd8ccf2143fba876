// irscope-cli analyze end to end on DeepResNet (conv1, bn1, relu, three ResidualBlocks of
// conv-bn-relu-conv-bn + add + relu, an adaptive average pool to 1x1, flatten, fc; input
// 1x3x32x32). Expected statuses follow from the reference's rules and the model by hand.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>

namespace irscope::cli {
namespace {

using testing::TempDir;

const std::string kFixtures = IRSCOPE_TEST_DATA_DIR "/torch_ir/";
const std::string kModel = kFixtures + "DeepResNet.ts.pt";

testing::CliRun analyze(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{"analyze",   kModel, "--input-shape",
                                "1x3x32x32", "-o",   dir.path().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return testing::runCli(IRSCOPE_CLI, args);
}

std::map<std::string, const Json*> byPath(const Json& document) {
  std::map<std::string, const Json*> modules;
  for (const Json& module : document["modules"])
    modules[module["module_path"].get<std::string>()] = &module;
  return modules;
}

bool isOneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

TEST(CliAnalyze, MappingBackendFailsWhereTheAdaptivePoolFallsBack) {
  TempDir dir;
  const testing::CliRun run = analyze(dir, {"--backend", "mapping"});
  // A failed module makes the exit code 1, as verify's is on a mismatch.
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const Json document = Json::parse(testing::readText(dir / "unique_modules.json"));
  EXPECT_EQ(document["metadata"]["backend"], "mapping");
  auto modules = byPath(document);
  ASSERT_EQ(modules.size(), 9u);
  // The 32x32 -> 1x1 adaptive pool has no TTNN op: it and the model holding it fail; the
  // walk then tests the model's children, which all map; the block's conv inherits.
  EXPECT_EQ((*modules["full_model"])["status"], "failed");
  EXPECT_EQ((*modules["avgpool"])["status"], "failed");
  for (const char* path : {"conv1", "bn1", "relu", "res_block1", "flatten", "fc"})
    EXPECT_EQ((*modules[path])["status"], "success") << path;
  EXPECT_EQ((*modules["res_block1.conv1"])["status"], "inherited_success");
  const Json& failed = (*modules["avgpool"])["failed_ops"];
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["op_name"], "aten.adaptive_avg_pool2d.default");
  EXPECT_EQ(failed[0]["inputs"], Json({"1x32x32x32xf32"}));
  EXPECT_EQ(failed[0]["outputs"], Json({"1x32x1x1xf32"}));
  EXPECT_EQ(failed[0]["op_params"]["output_size"], Json({1, 1}));
  EXPECT_TRUE(failed[0]["error_message"].get<std::string>().find("adaptive") != std::string::npos);
  EXPECT_EQ((*modules["avgpool"])["op_by_op_report_path"], nullptr);
  EXPECT_NE(run.err.find("Results: failed: 2, inherited_success: 1, success: 6"), std::string::npos)
      << run.err;

  const std::string summary = testing::readText(dir / "summary.md");
  EXPECT_EQ(summary.rfind("# DeepResNet — FAILED (1 unique op)\n", 0), 0u) << summary;
  EXPECT_NE(summary.find("| 1 | aten.adaptive_avg_pool2d.default | 1x32x32x32xf32 | "
                         "1x32x1x1xf32 |"),
            std::string::npos)
      << summary;
  // The op is listed once, with its deepest module, though the root failed on it too.
  EXPECT_NE(summary.find("| avgpool |"), std::string::npos);
  const std::string html = testing::readText(dir / "analysis_report.html");
  EXPECT_NE(html.find("<title>Model Analysis: DeepResNet</title>"), std::string::npos);
}

TEST(CliAnalyze, Bfloat16KeepsDeepResNetsNumbers) {
  TempDir dir;
  const testing::CliRun run = analyze(dir, {"--backend", "cpu-bf16"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto document = Json::parse(testing::readText(dir / "unique_modules.json"));
  auto modules = byPath(document);
  // The whole model passes at PCC 0.99, so nothing below it is tested: it all inherits.
  EXPECT_EQ((*modules["full_model"])["status"], "success");
  for (const auto& [path, module] : modules) {
    if (path != "full_model") {
      EXPECT_EQ((*module)["status"], "inherited_success") << path;
    }
  }
  EXPECT_NE(run.err.find("(1 sub-IR runs;"), std::string::npos) << run.err;
  const std::string summary = testing::readText(dir / "summary.md");
  EXPECT_EQ(summary.rfind("# DeepResNet — PASSED\n", 0), 0u) << summary;
  EXPECT_NE(summary.find("\nAll operations passed successfully.\n"), std::string::npos);
}

TEST(CliAnalyze, UnreachablePccFailsEveryModuleAndNamesEachConfigurationOnce) {
  TempDir dir;
  const testing::CliRun run = analyze(dir, {"--backend", "cpu-bf16", "--pcc", "1"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto document = Json::parse(testing::readText(dir / "unique_modules.json"));
  auto modules = byPath(document);
  for (const auto& [path, module] : modules)
    EXPECT_EQ((*module)["status"], "failed") << path;
  // bfloat16 rounding leaves no op exact. DeepResNet's distinct configurations: conv 3->32,
  // conv 32->32, batch_norm, relu, add, adaptive_avg_pool2d, flatten, linear.
  EXPECT_EQ((*modules["full_model"])["failed_ops"].size(), 8u);
  const Json& fc = (*modules["fc"])["failed_ops"];
  ASSERT_EQ(fc.size(), 1u);
  EXPECT_EQ(fc[0]["op_name"], "aten.linear.default");
  EXPECT_EQ(fc[0]["inputs"], Json({"1x32xf32", "10x32xf32", "10xf32"}));
  EXPECT_EQ(fc[0]["error_message"].get<std::string>().rfind("PCC 0.9", 0), 0u)
      << fc[0]["error_message"];
  // A block's conv1/conv2, bn1/bn2 and two relus are alike: conv, batch_norm, relu, add.
  EXPECT_EQ((*modules["res_block1"])["failed_ops"].size(), 4u);
  const std::string summary = testing::readText(dir / "summary.md");
  EXPECT_EQ(summary.rfind("# DeepResNet — FAILED (8 unique ops)\n", 0), 0u) << summary;
}

TEST(CliAnalyze, Float16OnAnExtractedIrWithItsWeightsBesideIt) {
  TempDir dir;
  const std::string ir = (dir / "deep.json").string();
  const testing::CliRun extract =
      testing::runCli(IRSCOPE_CLI, {"extract", kModel, "--input-shape", "1x3x32x32", "-o", ir,
                                    "--weights-out", (dir / "deep.safetensors").string()});
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  ASSERT_TRUE(std::filesystem::exists(dir / "deep.safetensors"));
  const testing::CliRun run = testing::runCli(
      IRSCOPE_CLI, {"analyze", ir, "--backend", "cpu-fp16", "-o", (dir / "out").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto document = Json::parse(testing::readText(dir / "out" / "unique_modules.json"));
  EXPECT_EQ(document["metadata"]["backend"], "cpu-fp16");
  EXPECT_EQ(byPath(document).at("full_model")->at("status"), "success");

  // Without the weights the cpu backends cannot run: one line naming the file, exit 2.
  std::filesystem::remove(dir / "deep.safetensors");
  const testing::CliRun missing = testing::runCli(
      IRSCOPE_CLI, {"analyze", ir, "--backend", "cpu-bf16", "-o", (dir / "out2").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(isOneLine(missing.err)) << missing.err;
  EXPECT_NE(missing.err.find("deep.safetensors"), std::string::npos) << missing.err;
  // The mapping backend needs no weights.
  const testing::CliRun mapping = testing::runCli(
      IRSCOPE_CLI, {"analyze", ir, "--backend", "mapping", "-o", (dir / "out3").string()});
  EXPECT_EQ(mapping.exit_code, 1) << mapping.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out2"));
}

TEST(CliAnalyze, BadInputIsOneLineAndExitTwo) {
  TempDir dir;
  const testing::CliRun backend = analyze(dir, {"--backend", "tpu"});
  EXPECT_EQ(backend.exit_code, 2);
  EXPECT_TRUE(isOneLine(backend.err)) << backend.err;
  EXPECT_NE(backend.err.find("unknown backend \"tpu\""), std::string::npos) << backend.err;

  const testing::CliRun nan = analyze(dir, {"--backend", "cpu-bf16", "--pcc", "nan"});
  EXPECT_EQ(nan.exit_code, 2);
  EXPECT_TRUE(isOneLine(nan.err)) << nan.err;

  const testing::CliRun weights =
      analyze(dir, {"--backend", "cpu-bf16", "--weights", (dir / "none.safetensors").string()});
  EXPECT_EQ(weights.exit_code, 2);
  EXPECT_TRUE(isOneLine(weights.err)) << weights.err;
  EXPECT_NE(weights.err.find("none.safetensors"), std::string::npos) << weights.err;

  // torch_ir JSON without weights: not even inferred module paths.
  testing::writeText(dir / "NoWeights.json", testing::kNoWeightsTorchIr);
  const testing::CliRun no_paths = testing::runCli(
      IRSCOPE_CLI, {"analyze", (dir / "NoWeights.json").string(), "-o", dir.path().string()});
  EXPECT_EQ(no_paths.exit_code, 2);
  EXPECT_TRUE(isOneLine(no_paths.err)) << no_paths.err;
  EXPECT_NE(no_paths.err.find("no module paths"), std::string::npos) << no_paths.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "unique_modules.json"));
}

} // namespace
} // namespace irscope::cli
