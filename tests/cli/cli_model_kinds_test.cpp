// Every irscope-cli command that takes a model takes all three kinds through one loader:
// torch_ir JSON, TorchScript (run on --input-shape or --inputs) and torch.export archives
// (.pt2). A command given TorchScript prints what it prints for the IR that `extract` writes
// from the same file; a file that is no model says what it is in one line.
#include "core/json.h"
#include "io/exported_program.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::readText;
using testing::TempDir;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& file) {
  return (testing::dataDir() / "torch_ir" / file).string();
}

// RecurrentUnroll: five linear + tanh steps on a 1x32 input, 10 KB of TorchScript.
const std::string kTorchScript = fixture("RecurrentUnroll.ts.pt");
const std::vector<std::string> kShape = {"--input-shape", "1x32"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void expectOneLineError(const CliRun& run, const std::string& part) {
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find(part), std::string::npos) << run.err;
}

// The IR `extract` writes for the TorchScript fixture, with its weights beside it.
class TorchScriptModel : public ::testing::Test {
protected:
  void SetUp() override {
    const CliRun run = runCli(with({"extract", kTorchScript, "-o", ir_}, kShape));
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  TempDir dir_;
  const std::string ir_ = (dir_ / "RecurrentUnroll.json").string();
};

TEST_F(TorchScriptModel, InfoPrintsWhatItPrintsForTheExtractedIr) {
  const CliRun direct = runCli(with({"info", kTorchScript, "--json"}, kShape));
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  const CliRun extracted = runCli({"info", ir_, "--json"});
  ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
  EXPECT_EQ(direct.out, extracted.out);
  // And it is the model Python's torch_ir exported: its parameters and op counts.
  const Json summary = Json::parse(direct.out);
  const Json python = Json::parse(readText(fixture("RecurrentUnroll.info.json")));
  EXPECT_EQ(summary["total_parameters"], python["total_parameters"]);
  EXPECT_EQ(summary["op_distribution"], python["op_distribution"]);
}

TEST_F(TorchScriptModel, ValidateChecksItAndTheWeightsGiven) {
  const CliRun run = runCli(with(
      {"validate", kTorchScript, "--weights", fixture("RecurrentUnroll.state_dict.pt")}, kShape));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(": valid ("), std::string::npos) << run.out;
  // A weights file of another model: missing weights, exit 1.
  const CliRun wrong = runCli(
      with({"validate", kTorchScript, "--weights", fixture("DeepResNet.safetensors")}, kShape));
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
}

TEST_F(TorchScriptModel, RenderDrawsIt) {
  const std::string svg = (dir_ / "model.svg").string();
  const CliRun run = runCli(with({"render", kTorchScript, "-o", svg}, kShape));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(readText(svg).find("<svg"), std::string::npos);
}

TEST_F(TorchScriptModel, ConvertWritesWhatItWritesForTheExtractedIr) {
  const std::string direct = (dir_ / "direct.mmd").string();
  const std::string extracted = (dir_ / "extracted.mmd").string();
  ASSERT_EQ(runCli(with({"convert", kTorchScript, "-o", direct}, kShape)).exit_code, 0);
  ASSERT_EQ(runCli({"convert", ir_, "-o", extracted}).exit_code, 0);
  EXPECT_EQ(readText(direct), readText(extracted));
  EXPECT_NE(readText(direct).find("linear"), std::string::npos);
}

TEST_F(TorchScriptModel, SummaryPrintsWhatItPrintsForTheExtractedIr) {
  const CliRun direct = runCli(with({"summary", kTorchScript, "--json"}, kShape));
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  EXPECT_EQ(direct.out, runCli({"summary", ir_, "--json"}).out);
  EXPECT_EQ(Json::parse(direct.out)["totals"]["trainable_parameters"], 1056);
}

TEST_F(TorchScriptModel, CoverageAndOpsTakeItAmongOtherModels) {
  // Several models, one --input-shape: it applies to the TorchScript one.
  const CliRun coverage = runCli(
      {"coverage", kTorchScript, fixture("DeepResNet.json"), "--input-shape", "1x32", "--json"});
  ASSERT_EQ(coverage.exit_code, 0) << coverage.err;
  EXPECT_NE(coverage.out.find("aten.tanh.default"), std::string::npos);
  EXPECT_NE(coverage.out.find("aten.conv2d.default"), std::string::npos);

  const std::string direct = (dir_ / "direct_master.json").string();
  const std::string extracted = (dir_ / "extracted_master.json").string();
  const CliRun ops = runCli({"ops", kTorchScript, "--input-shape", "1x32", "-o", direct});
  ASSERT_EQ(ops.exit_code, 0) << ops.err;
  ASSERT_EQ(runCli({"ops", ir_, "-o", extracted}).exit_code, 0);
  // The same configurations, by hash; only the executions' source file differs.
  const Json a = Json::parse(readText(direct)), b = Json::parse(readText(extracted));
  ASSERT_TRUE(a.contains("operations"));
  ASSERT_EQ(a["operations"].size(), b["operations"].size());
  for (const auto& [op, entry] : a["operations"].items()) {
    ASSERT_TRUE(b["operations"].contains(op)) << op;
    const Json& other = b["operations"][op]["configurations"];
    ASSERT_EQ(entry["configurations"].size(), other.size()) << op;
    for (size_t i = 0; i < other.size(); ++i)
      EXPECT_EQ(entry["configurations"][i]["config_hash"], other[i]["config_hash"]) << op;
  }
}

TEST(CliModelKinds, RunsTorchScriptWithItsOwnWeights) {
  TempDir dir;
  const CliRun run = runCli({"run", kTorchScript, "--inputs", fixture("RecurrentUnroll.in0.npy"),
                             "-o", dir.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // What PyTorch computed for these inputs.
  const CliRun compare =
      runCli({"compare", (dir / "out0.npy").string(), fixture("RecurrentUnroll.out0.npy")});
  EXPECT_EQ(compare.exit_code, 0) << compare.out;
}

TEST(CliModelKinds, VerifiesTorchScriptAndSaysWithWhatTolerance) {
  const CliRun run = runCli({"verify", kTorchScript, "--inputs", fixture("RecurrentUnroll.in0.npy"),
                             "--expected", fixture("RecurrentUnroll.out0.npy")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Verification PASSED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Rule: rtol 1e-05, atol 1e-05"), std::string::npos) << run.out;
}

TEST(CliModelKinds, TorchScriptWithoutInputsSaysWhichNeedAShape) {
  const CliRun run = runCli({"info", kTorchScript});
  expectOneLineError(run, "--input-shape");
  EXPECT_NE(run.err.find("x: Tensor"), std::string::npos) << run.err;
}

TEST(CliModelKinds, AFileThatIsNoModelSaysWhatItIs) {
  TempDir dir;
  const std::string notes = (dir / "model.pt").string();
  testing::writeText(notes, "not a model\n");
  for (const std::string command : {"info", "validate", "summary"}) {
    const CliRun run = runCli({command, notes});
    expectOneLineError(run, "is not a PyTorch file");
    EXPECT_EQ(run.err.find("line 1"), std::string::npos) << run.err; // no JSON syntax error
  }
  expectOneLineError(runCli(with({"info", fixture("RecurrentUnroll.state_dict.pt")}, kShape)),
                     "weights only");
  expectOneLineError(runCli({"info", fixture("RecurrentUnroll.safetensors")}), "weights only");
}

TEST(CliExtractDefaults, WritesTheWeightsBesideTheIrSoThatRunNeedsNoWeightsOption) {
  TempDir dir;
  const std::string ir = (dir / "model.json").string();
  const CliRun extract = runCli(with({"extract", kTorchScript, "-o", ir}, kShape));
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  ASSERT_TRUE(fs::exists(dir / "model.safetensors"));
  const CliRun run = runCli(
      {"run", ir, "--inputs", fixture("RecurrentUnroll.in0.npy"), "-o", (dir / "out").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(
      runCli({"compare", (dir / "out" / "out0.npy").string(), fixture("RecurrentUnroll.out0.npy")})
          .exit_code,
      0);
}

TEST(CliExtractDefaults, NoWeightsAndWeightsOutAndStdoutWriteNoneOrWhereTold) {
  TempDir dir;
  const CliRun bare = runCli(
      with({"extract", kTorchScript, "-o", (dir / "a.json").string(), "--no-weights"}, kShape));
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_TRUE(fs::exists(dir / "a.json"));
  EXPECT_FALSE(fs::exists(dir / "a.safetensors"));

  const CliRun elsewhere = runCli(with({"extract", kTorchScript, "-o", (dir / "b.json").string(),
                                        "--weights-out", (dir / "w.safetensors").string()},
                                       kShape));
  ASSERT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
  EXPECT_TRUE(fs::exists(dir / "w.safetensors"));
  EXPECT_FALSE(fs::exists(dir / "b.safetensors"));

  // To stdout there is no name to put weights beside.
  const CliRun out = runCli(with({"extract", kTorchScript}, kShape));
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(Json::parse(out.out)["model_name"], "RecurrentUnroll");

  // --no-weights and --weights-out contradict each other.
  EXPECT_EQ(runCli(with({"extract", kTorchScript, "-o", (dir / "c.json").string(), "--no-weights",
                         "--weights-out", (dir / "c.safetensors").string()},
                        kShape))
                .exit_code,
            2);
}

// torch.export archives, command by command. They run once io/exported_program.cpp reads
// archives; until then each is skipped.
class ExportedProgram : public ::testing::Test {
protected:
  void SetUp() override {
    if (!io::isExportedProgramArchive(pt2_))
      GTEST_SKIP() << "io/exported_program.cpp cannot read .pt2 archives yet";
  }
  const std::string pt2_ = (testing::dataDir() / "pt2" / "RecurrentUnroll.pt2").string();
  TempDir dir_;
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
};

TEST_F(ExportedProgram, Info) {
  const CliRun run = runCli({"info", pt2_, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json python = Json::parse(readText(fixture("RecurrentUnroll.info.json")));
  EXPECT_EQ(Json::parse(run.out)["total_parameters"], python["total_parameters"]);
}

TEST_F(ExportedProgram, Validate) {
  const CliRun run =
      runCli({"validate", pt2_, "--weights", fixture("RecurrentUnroll.safetensors")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(ExportedProgram, Render) {
  EXPECT_EQ(runCli({"render", pt2_, "-o", out("m.svg")}).exit_code, 0);
  EXPECT_NE(readText(out("m.svg")).find("<svg"), std::string::npos);
}

TEST_F(ExportedProgram, Convert) {
  EXPECT_EQ(runCli({"convert", pt2_, "-o", out("m.mmd")}).exit_code, 0);
  EXPECT_NE(readText(out("m.mmd")).find("linear"), std::string::npos);
}

TEST_F(ExportedProgram, Summary) {
  const CliRun run = runCli({"summary", pt2_, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Json::parse(run.out)["totals"]["trainable_parameters"], 1056);
}

TEST_F(ExportedProgram, Coverage) {
  const CliRun run = runCli({"coverage", pt2_, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("aten.tanh.default"), std::string::npos);
}

TEST_F(ExportedProgram, Ops) {
  ASSERT_EQ(runCli({"ops", pt2_, "-o", out("master.json")}).exit_code, 0);
  EXPECT_NE(readText(out("master.json")).find("aten.linear.default"), std::string::npos);
}

TEST_F(ExportedProgram, RunWithItsOwnWeights) {
  const CliRun run =
      runCli({"run", pt2_, "--inputs", fixture("RecurrentUnroll.in0.npy"), "-o", out("run")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(runCli({"compare", out("run/out0.npy"), fixture("RecurrentUnroll.out0.npy")}).exit_code,
            0);
  // With no inputs given, on the archive's own example inputs.
  EXPECT_EQ(runCli({"run", pt2_, "-o", out("examples")}).exit_code, 0);
}

TEST_F(ExportedProgram, Verify) {
  const CliRun run = runCli({"verify", pt2_, "--inputs", fixture("RecurrentUnroll.in0.npy"),
                             "--expected", fixture("RecurrentUnroll.out0.npy")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(ExportedProgram, GoldenModel) {
  const CliRun run = runCli({"golden", "model", pt2_, "-o", out("golden")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(out("golden/metadata.json")));
}

TEST_F(ExportedProgram, Modules) {
  ASSERT_EQ(runCli({"modules", pt2_, "-o", out("modules")}).exit_code, 0);
  EXPECT_TRUE(fs::exists(out("modules/unique_modules.json")));
}

TEST_F(ExportedProgram, Analyze) {
  const CliRun run = runCli({"analyze", pt2_, "-o", out("analysis")});
  EXPECT_NE(run.exit_code, 2) << run.err;
  EXPECT_TRUE(fs::exists(out("analysis/unique_modules.json")));
}

TEST_F(ExportedProgram, Report) {
  const CliRun run = runCli({"report", pt2_, "-o", out("report")});
  EXPECT_NE(run.exit_code, 2) << run.err;
  EXPECT_TRUE(fs::exists(out("report/RecurrentUnroll.md")));
}

TEST_F(ExportedProgram, ExtractWritesTheIrAndItsWeights) {
  const CliRun run = runCli({"extract", pt2_, "-o", out("m.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(out("m.safetensors")));
  EXPECT_EQ(runCli({"run", out("m.json"), "--inputs", fixture("RecurrentUnroll.in0.npy"), "-o",
                    out("run")})
                .exit_code,
            0);
}

} // namespace
} // namespace irscope::cli
