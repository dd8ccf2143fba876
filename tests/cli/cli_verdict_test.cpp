// The verdict rule (core/verdict.h) end to end: verify and report cannot pass by accident when
// outputs are tiny, a bfloat16 run is judged by its own PCC threshold, outputs that pass over a
// middle node that diverges give the amber verdict, and outputs that cannot be compared are bad
// input.
#include "core/json.h"
#include "core/shape.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "tests/support/changed_weights.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::dataDir;
using testing::readText;
using testing::TempDir;

namespace fs = std::filesystem;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& file) {
  return (dataDir() / "torch_ir" / file).string();
}

using testing::reversedAndScaledBy;
using testing::scaledBy;

// A copy of the model's safetensors with each named float32 weight changed.
std::string changedWeights(const std::string& model,
                           const std::map<std::string, testing::WeightChange>& changes,
                           const fs::path& path) {
  testing::writeChangedWeights(fixture(model + ".safetensors"), changes, path);
  return path.string();
}

bool oneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

// DeepResNet's classifier scaled by 1e-8 makes every output about 1e-7, below atol = 1e-5:
// allclose then calls any two such outputs close. Run once with these weights (the reference)
// and once with the classifier's weights reversed (different weights).
struct TinyOutputs {
  TempDir dir;
  std::string reference_weights;
  std::string other_weights;
  std::string expected; // out0.npy of the reference weights
};

void makeTinyOutputs(TinyOutputs& tiny) {
  tiny.reference_weights =
      changedWeights("DeepResNet", {{"fc.weight", scaledBy(1e-8f)}, {"fc.bias", scaledBy(1e-8f)}},
                     tiny.dir / "reference.safetensors");
  tiny.other_weights = changedWeights(
      "DeepResNet", {{"fc.weight", reversedAndScaledBy(1e-8f)}, {"fc.bias", scaledBy(1e-8f)}},
      tiny.dir / "other.safetensors");
  const CliRun run =
      runCli({"run", fixture("DeepResNet.json"), "--weights", tiny.reference_weights, "--inputs",
              fixture("DeepResNet.in0.npy"), "-o", (tiny.dir / "reference").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  tiny.expected = (tiny.dir / "reference" / "out0.npy").string();
}

TEST(CliVerdict, DifferentWeightsWhoseOutputsAreBelowAtolFailOnPcc) {
  TinyOutputs tiny;
  makeTinyOutputs(tiny);
  const std::vector<std::string> verify{"verify",     fixture("DeepResNet.json"),
                                        "--inputs",   fixture("DeepResNet.in0.npy"),
                                        "--expected", tiny.expected};

  // The same weights pass: the rule does not fail tiny outputs as such.
  std::vector<std::string> same = verify;
  same.insert(same.end(), {"--weights", tiny.reference_weights});
  const CliRun passed = runCli(same);
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;

  std::vector<std::string> other = verify;
  other.insert(other.end(), {"--weights", tiny.other_weights});
  const CliRun failed = runCli(other);
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_EQ(failed.out.rfind("Verification FAILED\n", 0), 0u) << failed.out;
  EXPECT_NE(failed.out.find("Error: output 0: PCC "), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("every reference value is below atol"), std::string::npos)
      << failed.out;
  // torch_ir's own answer is still given, and it is the one that was fooled.
  EXPECT_NE(failed.out.find("torch_ir's allclose: passed"), std::string::npos) << failed.out;

  other.push_back("--json");
  const CliRun json_run = runCli(other);
  EXPECT_EQ(json_run.exit_code, 1);
  const Json report = Json::parse(json_run.out);
  EXPECT_EQ(report["is_valid"], true); // torch_ir's field, torch_ir's meaning
  EXPECT_EQ(report["verdict"], "FAILED");
  EXPECT_EQ(report["passed"], false);
  EXPECT_EQ(report["output_details"][0]["below_atol"], true);
  EXPECT_LT(report["output_details"][0]["pcc"].get<double>(), 0.9999);
  EXPECT_EQ(report["output_details"][0]["pcc_threshold"].get<double>(), 0.9999);
  EXPECT_EQ(report["rtol"].get<double>(), 1e-5);
  EXPECT_EQ(report["atol"].get<double>(), 1e-5);
}

TEST(CliVerdict, ReportFailsDifferentWeightsWhoseOutputsAreBelowAtol) {
  TinyOutputs tiny;
  makeTinyOutputs(tiny);
  // The layout report reads: the model, NAME.in0.npy and NAME.out0.npy beside it.
  const fs::path models = tiny.dir.path() / "models";
  fs::create_directories(models);
  fs::copy_file(fixture("DeepResNet.json"), models / "DeepResNet.json");
  fs::copy_file(fixture("DeepResNet.in0.npy"), models / "DeepResNet.in0.npy");
  fs::copy_file(tiny.expected, models / "DeepResNet.out0.npy");
  const fs::path out = tiny.dir.path() / "reports";
  const CliRun run = runCli({"report", (models / "DeepResNet.json").string(), "--weights",
                             tiny.other_weights, "-o", out.string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("DeepResNet: FAILED: output 0: PCC "), std::string::npos) << run.out;
  const std::string report = readText(out / "DeepResNet.md");
  EXPECT_NE(report.find("**Status:** FAILED"), std::string::npos) << report;
  EXPECT_NE(report.find("**Verdict:** FAILED: output 0: PCC "), std::string::npos) << report;
  EXPECT_NE(report.find("**torch_ir's allclose:** passed"), std::string::npos) << report;
  EXPECT_NE(report.find("every reference value is below atol"), std::string::npos) << report;
  EXPECT_NE(report.find("**Rule:** rtol 1e-05, atol 1e-05, PCC >= 0.9999 (float32)"),
            std::string::npos)
      << report;
  const std::string summary = readText(out / "SUMMARY.md");
  EXPECT_NE(summary.find("- **Failed:** 1"), std::string::npos) << summary;
  EXPECT_NE(summary.find("**Rule:** rtol 1e-05"), std::string::npos) << summary;
}

std::vector<std::string> transformerBlockInBfloat16() {
  return {"verify",      fixture("TransformerBlock.json"),
          "--reference", fixture("TransformerBlock.ts.pt"),
          "--inputs",    fixture("TransformerBlock.in0.npy"),
          "--dtype",     "bfloat16"};
}

TEST(CliVerdict, BfloatRunOfTransformerBlockPassesAtItsDefaultAndFailsAtATighterPcc) {
  std::vector<std::string> args = transformerBlockInBfloat16();
  args.push_back("--json");
  const CliRun run = runCli(args);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const Json report = Json::parse(run.out);
  EXPECT_EQ(report["verdict"], "PASSED");
  EXPECT_EQ(report["is_valid"], false); // allclose at 1e-5 cannot hold in bfloat16
  const Json& output = report["output_details"][0];
  EXPECT_EQ(output["dtype"], "bfloat16");
  EXPECT_EQ(output["pcc_threshold"].get<double>(), 0.99);
  EXPECT_EQ(output["allclose_decides"], false);
  const double pcc = output["pcc"].get<double>();
  EXPECT_GE(pcc, 0.99);
  EXPECT_LT(pcc, 0.99999);

  std::vector<std::string> tight = transformerBlockInBfloat16();
  tight.insert(tight.end(), {"--pcc", "0.99999"});
  const CliRun failed = runCli(tight);
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_EQ(failed.out.rfind("Verification FAILED\n", 0), 0u) << failed.out;
  // Both figures: the PCC measured and the threshold it missed.
  EXPECT_NE(failed.out.find("Error: output 0: PCC 0.99"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find(" < 0.99999"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("(needs >= 0.99999)"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("Rule: rtol 1e-05, atol 1e-05, PCC >= 0.99999\n"), std::string::npos)
      << failed.out;
}

TEST(CliVerdict, OutputsThatPassOverAMiddleNodeThatDivergesGiveTheAmberVerdict) {
  const TempDir dir;
  // res_block2's second convolution scaled by 1e-7 adds almost nothing to its residual sum, so
  // replacing its weights changes that node completely and the outputs not measurably.
  const std::string reference = changedWeights(
      "DeepResNet",
      {{"res_block2.conv2.weight", scaledBy(1e-7f)}, {"res_block2.conv2.bias", scaledBy(1e-7f)}},
      dir / "reference.safetensors");
  const std::string other = changedWeights("DeepResNet",
                                           {{"res_block2.conv2.weight", reversedAndScaledBy(1e-7f)},
                                            {"res_block2.conv2.bias", scaledBy(1e-7f)}},
                                           dir / "other.safetensors");
  const fs::path golden = dir / "golden";
  const CliRun wrote =
      runCli({"golden", "model", fixture("DeepResNet.json"), "--weights", reference, "--inputs",
              fixture("DeepResNet.in0.npy"), "--nodes", "-o", golden.string()});
  ASSERT_EQ(wrote.exit_code, 0) << wrote.err;

  const CliRun same = runCli(
      {"verify", fixture("DeepResNet.json"), "--weights", reference, "--golden", golden.string()});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_EQ(same.out.rfind("Verification PASSED\n", 0), 0u) << same.out;

  const CliRun amber = runCli(
      {"verify", fixture("DeepResNet.json"), "--weights", other, "--golden", golden.string()});
  EXPECT_EQ(amber.exit_code, 3) << amber.out << amber.err;
  // conv2d_4 is the node that reads res_block2.conv2.weight (the fixture's IR).
  EXPECT_EQ(amber.out.rfind("Verification PASSED WITH DIVERGENT INTERMEDIATES: conv2d_4 (", 0), 0u)
      << amber.out;

  const CliRun json_run = runCli({"verify", fixture("DeepResNet.json"), "--weights", other,
                                  "--golden", golden.string(), "--json"});
  EXPECT_EQ(json_run.exit_code, 3);
  const Json report = Json::parse(json_run.out);
  EXPECT_EQ(report["verdict"], "PASSED WITH DIVERGENT INTERMEDIATES");
  EXPECT_EQ(report["passed"], true);
  EXPECT_EQ(report["divergent_intermediate"]["node"], "conv2d_4");
  EXPECT_LT(report["divergent_intermediate"]["pcc"].get<double>(), 0.9999);

  // The exit code is in the help.
  const CliRun help = runCli({"verify", "--help"});
  EXPECT_NE(help.out.find("3 when the outputs pass but an intermediate diverges far"),
            std::string::npos)
      << help.out;
}

TEST(CliVerdict, AnExpectedOutputOfAnotherShapeIsOneLineNamingBothShapesAndExitTwo) {
  const CliRun run =
      runCli({"verify", fixture("DeepResNet.json"), "--inputs", fixture("DeepResNet.in0.npy"),
              "--expected", fixture("SelfAttention.out0.npy")});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(oneLine(run.err)) << run.err;
  const ir::TensorData expected = io::readNpy(fixture("SelfAttention.out0.npy"));
  EXPECT_EQ(run.err.rfind("error: " + fixture("SelfAttention.out0.npy") + ": ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("shape [1, 10] float32 vs expected " +
                         ir::formatShapeList(expected.shape) + " float32"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.out.find("inf"), std::string::npos) << run.out;
}

} // namespace
} // namespace irscope::cli
