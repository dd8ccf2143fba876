// irscope-cli extract, end to end on the traced fixtures: the IR it writes validates, reads
// back with info and render, and its weights file holds the state_dict.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"
#include "tests/support/torch_ir_loader_rules.h"

#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using testing::dataDir;
using testing::readText;
using testing::TempDir;

using testing::CliRun;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& file) {
  return (dataDir() / "torch_ir" / file).string();
}

TEST(CliExtract, TheIrAndItsWeightsAreWrittenAsAPairOrNotAtAll) {
  const TempDir dir;
  const std::string ir = (dir / "model.json").string();
  testing::writeText(ir, "the previous extraction");
  // The weights cannot be written (no such folder): the IR must not be replaced alone.
  const CliRun run =
      runCli({"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1x3x32x32", "-o", ir,
              "--weights-out", (dir / "missing" / "model.safetensors").string()});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(testing::readText(ir), "the previous extraction");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++entries;
  EXPECT_EQ(entries, 1u); // no temporary file left either
}

TEST(CliExtract, WritesIrThatValidatesAndRendersWithItsWeights) {
  const TempDir dir;
  const std::string ir = (dir / "deep.json").string();
  const std::string weights = (dir / "deep.safetensors").string();
  const CliRun run = runCli({"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1x3x32x32",
                             "-o", ir, "--weights-out", weights});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("27 ops"), std::string::npos) << run.err;

  const CliRun validate = runCli({"validate", ir, "--weights", weights});
  EXPECT_EQ(validate.exit_code, 0) << validate.out;
  // Validated against the state_dict that Python saved, too.
  const CliRun against_python =
      runCli({"validate", ir, "--weights", fixture("DeepResNet.state_dict.pt")});
  EXPECT_EQ(against_python.exit_code, 0) << against_python.out;

  const CliRun info = runCli({"info", ir, "--json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const Json summary = Json::parse(info.out);
  const Json python = Json::parse(readText(fixture("DeepResNet.info.json")));
  EXPECT_EQ(summary["total_parameters"], python["total_parameters"]);
  EXPECT_EQ(summary["op_distribution"], python["op_distribution"]);

  const std::string svg = (dir / "deep.svg").string();
  const CliRun render = runCli({"render", ir, "-o", svg});
  ASSERT_EQ(render.exit_code, 0) << render.err;
  // Groups come from the module paths: the residual blocks are drawn as boxes.
  EXPECT_NE(readText(svg).find("res_block2"), std::string::npos);
}

TEST(CliExtract, TakesNpyInputsAndSeveralOutputs) {
  const TempDir dir;
  const std::string ir = (dir / "siamese.json").string();
  const CliRun run =
      runCli({"extract", fixture("SiameseEncoder.ts.pt"), "--inputs",
              fixture("SiameseEncoder.in0.npy"), fixture("SiameseEncoder.in1.npy"), "-o", ir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json graph = Json::parse(readText(ir));
  ASSERT_EQ(graph["graph_inputs"].size(), 2u);
  EXPECT_EQ(graph["graph_inputs"][1]["name"], "x2");
  EXPECT_EQ(graph["graph_outputs"].size(), 2u);
}

// The fixture was traced by Python from torch_ir's zoo (tests/models/skip_connections.py), so
// its classes are named as torch.jit names real ones: "__torch__.torch.nn.modules.conv.
// ___torch_mangle_96.Conv2d", "__torch__.tests.models.skip_connections.___torch_mangle_109.
// ResidualBlock" (the code folder inside the .pt shows them).
TEST(CliExtract, WritesEveryModulesClassWhereTorchIrsLoaderIgnoresIt) {
  const TempDir dir;
  const std::string ir = (dir / "deep.json").string();
  const CliRun run =
      runCli({"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1x3x32x32", "-o", ir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json file = Json::parse(readText(ir));
  EXPECT_EQ(testing::torchIrLoaderViolations(file), std::vector<std::string>{});
  ASSERT_TRUE(file.contains("module_classes"));
  const Json& classes = file["module_classes"];
  EXPECT_EQ(classes[""], "tests.models.skip_connections.DeepResNet");
  EXPECT_EQ(classes["conv1"], "torch.nn.modules.conv.Conv2d");
  EXPECT_EQ(classes["res_block1"], "tests.models.skip_connections.ResidualBlock");
  EXPECT_EQ(classes["res_block2"], "tests.models.skip_connections.ResidualBlock");
  EXPECT_EQ(classes["res_block3.relu"], "torch.nn.modules.activation.ReLU");
  EXPECT_EQ(classes["fc"], "torch.nn.modules.linear.Linear");
  // Root, conv1, bn1, relu, 3 x (block + 5), avgpool, flatten, fc.
  EXPECT_EQ(classes.size(), 1u + 3u + 3u * 6u + 3u);
}

TEST(CliExtract, BadInputGivesOneLineExitTwoAndWritesNothing) {
  const TempDir dir;
  const std::string ir = (dir / "out.json").string();
  const std::vector<std::vector<std::string>> cases = {
      {"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1x4x32x32", "-o", ir},
      {"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1xAx32", "-o", ir},
      {"extract", fixture("DeepResNet.ts.pt"), "--input-shape", "1x3x32x32:quaternion", "-o", ir},
      {"extract", fixture("DeepResNet.state_dict.pt"), "--input-shape", "1x3x32x32", "-o", ir},
      {"extract", fixture("DeepResNet.ts.pt"), "-o", ir},
      {"extract", fixture("CrossAttention.ts.pt"), "--inputs", fixture("DeepResNet.in0.npy"),
       fixture("DeepResNet.in0.npy"), "-o", ir},
  };
  for (const auto& args : cases) {
    const CliRun run = runCli(args);
    EXPECT_EQ(run.exit_code, 2) << args[3];
    EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_FALSE(std::filesystem::exists(ir)) << args[3];
  }
}

} // namespace
} // namespace irscope::cli
