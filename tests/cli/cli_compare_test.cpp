// irscope-cli compare, end to end: small .npy files written here, the real binary, exit codes.
#include "core/json.h"
#include "io/npy.h"
#include "tests/support/cli_run.h"
#include "tests/support/tensor_values.h"
#include "tests/support/test_files.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <limits>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::floats;
using testing::TempDir;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

bool oneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string writeFloats(const std::filesystem::path& path, ir::Shape shape,
                        const std::vector<float>& values) {
  std::filesystem::create_directories(path.parent_path());
  io::writeNpy(floats(std::move(shape), values), path);
  return path.string();
}

TEST(CliCompare, EqualFilesPass) {
  const TempDir dir;
  const std::string a = writeFloats(dir / "a.npy", {2, 2}, {1, 2, 3, 4});
  const std::string b = writeFloats(dir / "b.npy", {2, 2}, {1, 2, 3, 4});
  const CliRun run = runCli({"compare", a, b});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, a + ": PASS\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "PCC 1 (needs >= 0.9999);")) << run.out;
  EXPECT_TRUE(contains(run.out, "\nRule: rtol 1e-05, atol 1e-05, PCC >= 0.9999 (float32)"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "\n1 of 1 passed\n")) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST(CliCompare, DifferingFilesFailWithJsonFields) {
  const TempDir dir;
  // e = [1, 2], a = [1, 2.5]: one element 0.5 off, 0.5 / 2 relative, 0.5 / 2^(1-23) = 2^21 ULP.
  const std::string actual = writeFloats(dir / "actual.npy", {2}, {1, 2.5f});
  const std::string expected = writeFloats(dir / "expected.npy", {2}, {1, 2});
  const CliRun run = runCli({"compare", actual, expected, "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const Json json = Json::parse(run.out);
  EXPECT_EQ(json["passed"], false);
  ASSERT_EQ(json["files"].size(), 1u);
  const Json& file = json["files"][0];
  EXPECT_EQ(file["passed"], false);
  EXPECT_EQ(file["actual"], actual);
  EXPECT_EQ(file["expected"], expected);
  EXPECT_EQ(file["actual_shape"], Json::parse("[2]"));
  EXPECT_EQ(file["max_abs_diff"], 0.5);
  EXPECT_EQ(file["mean_abs_diff"], 0.25);
  EXPECT_EQ(file["max_rel_diff"], 0.25);
  EXPECT_EQ(file["ulp_dtype"], "float32");
  EXPECT_EQ(file["ulp_max"], 2097152.0);
  EXPECT_EQ(file["allclose"], false);
  EXPECT_EQ(file["not_close"], 1);
  EXPECT_EQ(file["problem"], "not allclose: 1 of 2 elements outside rtol=1e-05 atol=1e-05");
  EXPECT_EQ(json["pcc_threshold"], nullptr);

  // The same pair passes with a wider tolerance, and in bfloat16 ULPs 0.5 / 2^(1-7) = 32.
  const CliRun loose = runCli({"compare", actual, expected, "--json", "--rtol", "0.25", "--atol",
                               "0", "--dtype", "bfloat16", "--pcc", "0.99"});
  ASSERT_EQ(loose.exit_code, 0) << loose.out << loose.err;
  const Json passed = Json::parse(loose.out);
  EXPECT_EQ(passed["passed"], true);
  EXPECT_EQ(passed["files"][0]["ulp_dtype"], "bfloat16");
  EXPECT_EQ(passed["files"][0]["ulp_max"], 32.0);
  EXPECT_EQ(passed["files"][0]["pcc"], 1.0); // two points always lie on a line
  EXPECT_EQ(passed["pcc_threshold"], 0.99);
}

TEST(CliCompare, TheDefaultToleranceIsTorchIrsAllclose) {
  const TempDir dir;
  // 5e-6 off a zero: within atol 1e-5 (torch_ir's default), outside numpy's 1e-8.
  const std::string actual = writeFloats(dir / "actual.npy", {2}, {5e-6f, 1});
  const std::string expected = writeFloats(dir / "expected.npy", {2}, {0, 1});
  const CliRun run = runCli({"compare", actual, expected, "--json"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const Json json = Json::parse(run.out);
  EXPECT_EQ(json["rtol"], 1e-5);
  EXPECT_EQ(json["atol"], 1e-5);
  EXPECT_EQ(runCli({"compare", actual, expected, "--atol", "1e-8"}).exit_code, 1);
}

TEST(CliCompare, ArraysBelowAtolAreJudgedByPccAsVerifyJudgesThem) {
  const TempDir dir;
  // About 1e-9 each: allclose at atol 1e-5 calls them close, though they do not correlate.
  const std::string actual = writeFloats(dir / "actual.npy", {4}, {4e-9f, 1e-9f, 3e-9f, 2e-9f});
  const std::string expected = writeFloats(dir / "expected.npy", {4}, {1e-9f, 2e-9f, 3e-9f, 4e-9f});
  const CliRun run = runCli({"compare", actual, expected});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, ": FAIL: PCC ")) << run.out;
  EXPECT_TRUE(contains(run.out, "< 0.9999\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "every expected value is below atol")) << run.out;
  // The same values in the same order agree.
  EXPECT_EQ(runCli({"compare", expected, expected}).exit_code, 0);
}

TEST(CliCompare, NonFiniteValuesAreStringsInJson) {
  const TempDir dir;
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::string actual = writeFloats(dir / "actual.npy", {3}, {inf, 1, nan});
  const std::string expected = writeFloats(dir / "expected.npy", {3}, {1, 1, 1});
  const CliRun run = runCli({"compare", actual, expected, "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const Json file = Json::parse(run.out)["files"][0];
  EXPECT_EQ(file["max_abs_diff"], "inf");
  EXPECT_EQ(file["ulp_max"], "inf");
  EXPECT_EQ(file["actual_nan"], 1);
  EXPECT_EQ(file["actual_inf"], 1);
  EXPECT_EQ(file["problem"], "NaN in actual: 1 element (expected has none); not allclose: 2 of "
                             "3 elements outside rtol=1e-05 atol=1e-05");
}

TEST(CliCompare, ShapeMismatchIsBadInputWithOneLineAndExitTwo) {
  const TempDir dir;
  const std::string actual = writeFloats(dir / "actual.npy", {2, 3}, {1, 2, 3, 4, 5, 6});
  const std::string expected = writeFloats(dir / "expected.npy", {3, 2}, {1, 2, 3, 4, 5, 6});
  const CliRun run = runCli({"compare", actual, expected});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(run.out, ": FAIL: shape [2, 3] vs expected [3, 2]\n")) << run.out;
  EXPECT_EQ(run.err,
            "error: " + actual + ": shape [2, 3] does not match " + expected + "'s [3, 2]\n");
}

TEST(CliCompare, FoldersByFileName) {
  const TempDir dir;
  writeFloats(dir / "expected" / "out0.npy", {2}, {1, 2});
  writeFloats(dir / "expected" / "out1.npy", {1}, {3});
  testing::writeText(dir / "expected" / "notes.txt", "not an array");
  writeFloats(dir / "actual" / "out0.npy", {2}, {1, 2});
  writeFloats(dir / "actual" / "extra.npy", {1}, {0});
  const std::string actual = (dir / "actual").string();
  const std::string expected = (dir / "expected").string();

  const CliRun run = runCli({"compare", actual, expected});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(contains(run.out, "out0.npy: PASS\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "out1.npy: FAIL: missing from " + actual + "\n")) << run.out;
  EXPECT_TRUE(contains(run.out, "not compared (not in " + expected + "): extra.npy\n")) << run.out;
  EXPECT_FALSE(contains(run.out, "notes.txt")) << run.out;
  EXPECT_TRUE(contains(run.out, "\n1 of 2 passed\n")) << run.out;

  const CliRun json_run = runCli({"compare", actual, expected, "--json"});
  EXPECT_EQ(json_run.exit_code, 1) << json_run.err;
  const Json json = Json::parse(json_run.out);
  ASSERT_EQ(json["files"].size(), 2u);
  EXPECT_EQ(json["files"][0]["name"], "out0.npy");
  EXPECT_EQ(json["files"][0]["passed"], true);
  EXPECT_EQ(json["files"][1]["name"], "out1.npy");
  EXPECT_EQ(json["files"][1]["missing"], true);
  EXPECT_EQ(json["files"][1]["passed"], false);
  EXPECT_EQ(json["not_compared"], Json::parse(R"(["extra.npy"])"));
  EXPECT_EQ(json["passed"], false);

  // Once the missing file is there, the folders agree.
  writeFloats(dir / "actual" / "out1.npy", {1}, {3});
  const CliRun complete = runCli({"compare", actual, expected});
  EXPECT_EQ(complete.exit_code, 0) << complete.out << complete.err;
  EXPECT_TRUE(contains(complete.out, "\n2 of 2 passed\n")) << complete.out;
}

TEST(CliCompare, UnreadableInputIsOneLineAndExitTwo) {
  const TempDir dir;
  const std::string good = writeFloats(dir / "good.npy", {1}, {1});
  const std::string missing = (dir / "missing.npy").string();
  const std::string text = (dir / "values.txt").string();
  testing::writeText(text, "1 2 3\n");
  ir::TensorData flags{"bool", {2}, {std::byte{0}, std::byte{1}}};
  const std::string bools = (dir / "flags.npy").string();
  io::writeNpy(flags, bools);

  const struct {
    std::vector<std::string> args;
    std::string error;
  } cases[] = {
      {{"compare", missing, good}, "error: " + missing + ": no such file\n"},
      {{"compare", good, text}, "error: " + text + ": not a .npy file"},
      {{"compare", bools, good}, "error: " + bools + ": a bool array cannot be compared"},
      {{"compare", good, good, "--dtype", "float7"}, "error: --dtype: 'float7' has no ULP"},
      {{"compare", good, good, "--dtype", "bool"}, "error: --dtype: 'bool' has no ULP"},
      {{"compare", (dir / "nowhere").string(), dir.path().string()},
       "error: " + (dir / "nowhere").string() + ": no such file or folder\n"},
      {{"compare", good, dir.path().string()}, "error: " + good + ": is a file but"},
  };
  for (const auto& [args, error] : cases) {
    const CliRun run = runCli(args);
    EXPECT_EQ(run.exit_code, 2) << args[1] << ' ' << args[2];
    EXPECT_TRUE(oneLine(run.err)) << run.err;
    EXPECT_EQ(run.err.rfind(error, 0), 0u) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST(CliCompare, EmptyExpectedFolderIsAnError) {
  const TempDir dir;
  std::filesystem::create_directories(dir / "actual");
  std::filesystem::create_directories(dir / "expected");
  const CliRun run = runCli({"compare", (dir / "actual").string(), (dir / "expected").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "error: " + (dir / "expected").string() + ": the folder holds no .npy files\n");
}

} // namespace
} // namespace irscope::cli
