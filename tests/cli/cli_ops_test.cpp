// irscope-cli ops, end to end: the master written with -o, to stdout, merged; --query, --list,
// --stats and --sweep read back as analyze_operations.py prints; an unknown op, a malformed file
// and a wrong command line give one line on stderr and exit 2.
#include "io/ops_master.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using io::OpsJson;
using testing::CliRun;
using testing::dataDir;
using testing::readText;
using testing::TempDir;
using testing::writeText;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& name) {
  return (dataDir() / "torch_ir" / (name + ".json")).string();
}

bool oneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expectUsageError(const std::vector<std::string>& args) {
  const CliRun run = runCli(args);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(oneLine(run.err)) << run.err;
  EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
}

// The lines of `text` between the line `heading` and the next empty line.
std::vector<std::string> section(const std::string& text, const std::string& heading) {
  std::vector<std::string> lines;
  size_t at = text.find(heading + "\n");
  if (at == std::string::npos)
    return lines;
  at += heading.size() + 1;
  while (at < text.size() && text[at] != '\n') {
    const size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

// A master of SelfAttention and CrossAttention, written once for the tests that read one.
const std::string& twoModelMaster() {
  static TempDir dir;
  static const std::string path = (dir / "master.json").string();
  static const bool written = [] {
    const CliRun run =
        runCli({"ops", fixture("SelfAttention"), fixture("CrossAttention"), "-o", path});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return true;
  }();
  (void)written;
  return path;
}

OpsJson readMaster(const std::string& path) {
  return OpsJson::parse(readText(path));
}

TEST(CliOps, WritesTheMasterWithOutputAndPrintsItWithout) {
  TempDir dir;
  const std::string out = (dir / "ops.json").string();
  const CliRun written = runCli({"ops", fixture("SelfAttention"), "-o", out});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_TRUE(written.out.empty()) << written.out;
  EXPECT_TRUE(contains(written.err, "Wrote " + out)) << written.err;
  const OpsJson master = readMaster(out);
  EXPECT_EQ(master["metadata"]["models"], OpsJson::array({fixture("SelfAttention")}));
  // SelfAttention's ops, read off the fixture: linear, view, transpose, matmul, div, softmax,
  // contiguous.
  EXPECT_EQ(master["metadata"]["unique_operations"], 7);
  EXPECT_EQ(master["operations"]["aten.linear.default"]["configurations"].size(), 1u);
  EXPECT_EQ(master["operations"]["aten.view.default"]["configurations"].size(), 2u);
  // Keys sorted, two-space indent, as json.dump(indent=2, sort_keys=True).
  const std::string text = readText(out);
  EXPECT_EQ(text.rfind("{\n  \"metadata\": {\n", 0), 0u) << text.substr(0, 40);
  EXPECT_LT(text.find("\"last_updated\""), text.find("\"models\""));

  const CliRun printed = runCli({"ops", fixture("SelfAttention")});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  OpsJson from_stdout = OpsJson::parse(printed.out);
  OpsJson from_file = master;
  from_stdout["metadata"].erase("last_updated");
  from_file["metadata"].erase("last_updated");
  EXPECT_EQ(from_stdout, from_file);
}

TEST(CliOps, MergeKeepsTheFileWhenNothingIsNewAndAddsAnotherModel) {
  TempDir dir;
  const std::string out = (dir / "ops.json").string();
  ASSERT_EQ(runCli({"ops", fixture("SelfAttention"), "-o", out, "--merge"}).exit_code, 0);
  const std::string first = readText(out);

  const CliRun again = runCli({"ops", fixture("SelfAttention"), "-o", out, "--merge"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(readText(out), first);

  const CliRun other = runCli({"ops", fixture("CrossAttention"), "-o", out, "--merge"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const OpsJson merged = readMaster(out);
  EXPECT_EQ(merged["metadata"]["models"],
            OpsJson::array({fixture("SelfAttention"), fixture("CrossAttention")}));
  size_t self = 0, cross = 0;
  for (const auto& [op, entry] : merged["operations"].items())
    for (const OpsJson& configuration : entry["configurations"])
      for (const OpsJson& execution : configuration["executions"]) {
        self += execution["source"] == fixture("SelfAttention");
        cross += execution["source"] == fixture("CrossAttention");
      }
  const OpsJson before = OpsJson::parse(first);
  EXPECT_EQ(self, before["metadata"]["total_configurations"].get<size_t>());
  EXPECT_GT(cross, 0u);

  // Without --merge the file is replaced.
  ASSERT_EQ(runCli({"ops", fixture("CrossAttention"), "-o", out}).exit_code, 0);
  EXPECT_EQ(readMaster(out)["metadata"]["models"], OpsJson::array({fixture("CrossAttention")}));
}

TEST(CliOps, QueryPrintsEachConfigurationWithSourcesAndArguments) {
  const std::string& master = twoModelMaster();
  const CliRun run = runCli({"ops", "--master", master, "--query", "linear"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  const OpsJson read = readMaster(master);
  const std::string header = "📂 Loading master file: " + master + "\n✅ Loaded " +
                             std::to_string(read["operations"].size()) + " operations\n";
  EXPECT_EQ(run.out.rfind(header, 0), 0u) << run.out.substr(0, 200);
  const size_t linear = read["operations"]["aten.linear.default"]["configurations"].size();
  EXPECT_TRUE(contains(run.out, "\n🔧 Operation: aten.linear.default\n📊 Configurations: " +
                                    std::to_string(linear) + "\n" + std::string(80, '=') + "\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "\n📋 Configuration 1:\n" + std::string(40, '-') + "\n"));
  EXPECT_FALSE(contains(run.out, "📋 Configuration " + std::to_string(linear + 1) + ":"));
  // SelfAttention's four projections: [1, 16, 64] through a 64x64 weight and a bias.
  EXPECT_TRUE(contains(run.out, "📝 Source: " + fixture("SelfAttention") + " (count 4)\n"))
      << run.out;
  EXPECT_TRUE(contains(run.out, "  arg0: Tensor(shape=[1, 16, 64], dtype=FLOAT32)\n"));
  EXPECT_TRUE(contains(run.out, "  arg1: Tensor(shape=[64, 64], dtype=FLOAT32)\n"));
  EXPECT_TRUE(contains(run.out, "  arg2: Tensor(shape=[64], dtype=FLOAT32)\n"));

  // Attrs are printed under their names; a substring finds every op containing it.
  const CliRun transpose = runCli({"ops", "--master", master, "--query", "TRANSPOSE"});
  ASSERT_EQ(transpose.exit_code, 0) << transpose.err;
  EXPECT_TRUE(contains(transpose.out, "🔧 Operation: aten.transpose.int\n"));
  EXPECT_TRUE(contains(transpose.out, "  dim0: -2\n  dim1: -1\n")) << transpose.out;
}

TEST(CliOps, ListGroupsOperationsByFamily) {
  const CliRun run = runCli({"ops", "--master", twoModelMaster(), "--list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "\n📋 ALL AVAILABLE OPERATIONS\n" + std::string(80, '=') + "\n"));
  const OpsJson read = readMaster(twoModelMaster());
  const std::vector<std::string> matmuls =
      section(run.out, "🔧 MATMUL / LINEAR OPERATIONS (" + std::to_string(2) + "):");
  ASSERT_EQ(matmuls.size(), 2u) << run.out;
  EXPECT_EQ(matmuls[0],
            "   • aten.linear.default (" +
                std::to_string(read["operations"]["aten.linear.default"]["configurations"].size()) +
                " configs)");
  EXPECT_EQ(matmuls[1].rfind("   • aten.matmul.default (", 0), 0u);
  // Every operation is listed once.
  size_t bullets = 0;
  for (size_t at = run.out.find("   • "); at != std::string::npos;
       at = run.out.find("   • ", at + 1))
    ++bullets;
  EXPECT_EQ(bullets, read["operations"].size());
}

TEST(CliOps, StatsCountsAndShowsTheTop15) {
  TempDir dir;
  const std::string out = (dir / "all.json").string();
  std::vector<std::string> args{"ops"};
  for (const std::string& name : testing::torchIrFixtureNames())
    args.push_back(fixture(name));
  args.insert(args.end(), {"-o", out});
  ASSERT_EQ(runCli(args).exit_code, 0);
  const OpsJson master = readMaster(out);
  ASSERT_GT(master["operations"].size(), 15u);

  const CliRun run = runCli({"ops", "--master", out, "--stats"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "\n📊 MASTER FILE STATISTICS\n"));
  EXPECT_TRUE(contains(
      run.out, "   🔧 Total Operations: " + std::to_string(master["operations"].size()) + "\n"));
  EXPECT_TRUE(contains(run.out, "   ⚙️ Total Configurations: " +
                                    master["metadata"]["total_configurations"].dump() + "\n"));
  EXPECT_TRUE(contains(run.out, "   🎯 Models Processed: " +
                                    std::to_string(testing::torchIrFixtureNames().size()) + "\n"));
  const std::vector<std::string> top = section(run.out, "🔧 Top Operations by Configuration Count:");
  ASSERT_EQ(top.size(), 15u) << run.out;
  // The first is an op with the most configurations, and counts never go up.
  size_t most = 0;
  for (const auto& [op, entry] : master["operations"].items())
    most = std::max(most, entry["configurations"].size());
  EXPECT_TRUE(contains(top[0], ": " + std::to_string(most) + " configs")) << top[0];
  size_t previous = most;
  for (const std::string& line : top) {
    const size_t colon = line.rfind(": ");
    const size_t count = std::stoul(line.substr(colon + 2));
    EXPECT_LE(count, previous) << line;
    const std::string op = line.substr(3, colon - 3);
    EXPECT_EQ(master["operations"][op]["configurations"].size(), count) << line;
    previous = count;
  }
  EXPECT_FALSE(section(run.out, "📂 Operation Categories:").empty());
}

TEST(CliOps, SweepWritesOneVectorPerConfiguration) {
  TempDir dir;
  const std::string vectors_file = (dir / "vectors.json").string();
  const CliRun run =
      runCli({"ops", "--master", twoModelMaster(), "--sweep", "transpose", "-o", vectors_file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const OpsJson vectors = readMaster(vectors_file);
  EXPECT_EQ(vectors["operation"], "aten.transpose.int");
  const OpsJson configurations =
      readMaster(twoModelMaster())["operations"]["aten.transpose.int"]["configurations"];
  ASSERT_EQ(vectors["vectors"].size(), configurations.size());
  for (const OpsJson& configuration : configurations) {
    const std::string hash = configuration["config_hash"];
    ASSERT_TRUE(vectors["vectors"].contains(hash)) << hash;
    EXPECT_EQ(vectors["vectors"][hash]["config_id"], configuration["config_id"]);
    EXPECT_EQ(vectors["vectors"][hash]["arguments"], configuration["arguments"]);
  }
  // "a" is in many op names: ambiguous, one line.
  expectUsageError({"ops", "--master", twoModelMaster(), "--sweep", "a", "-o", vectors_file});
}

TEST(CliOps, UnknownOpListsTheFirstTenAndExits2WithOneLine) {
  const CliRun run = runCli({"ops", "--master", twoModelMaster(), "--query", "conv_nothing"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(oneLine(run.err)) << run.err;
  EXPECT_TRUE(contains(run.err, "conv_nothing")) << run.err;
  EXPECT_TRUE(contains(run.out, "❌ No operations found matching 'conv_nothing'\n")) << run.out;
  const std::vector<std::string> listed = section(run.out, "💡 Available operations:");
  const size_t total = readMaster(twoModelMaster())["operations"].size();
  ASSERT_EQ(listed.size(), std::min<size_t>(total, 10) + (total > 10 ? 1 : 0)) << run.out;
  EXPECT_EQ(listed[0].rfind("   • aten.", 0), 0u);
}

TEST(CliOps, MalformedMasterExits2WithOneLine) {
  TempDir dir;
  const std::string bad = (dir / "bad.json").string();
  writeText(bad, R"({"operations": {"aten.relu.default": {"configurations": [
      {"config_id": 1, "config_hash": "h", "arguments": [], "executions": []}]}}})");
  for (const std::string mode : {"--stats", "--list"}) {
    const CliRun run = runCli({"ops", "--master", bad, mode});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(oneLine(run.err)) << run.err;
    EXPECT_EQ(run.err, "error: " + bad +
                           R"(: operations["aten.relu.default"].configurations[0].arguments: )"
                           "expected an object, got a list\n");
  }
  // Merging into it fails the same way and leaves it as it was.
  const std::string before = readText(bad);
  const CliRun merge = runCli({"ops", fixture("WeightTying"), "-o", bad, "--merge"});
  EXPECT_EQ(merge.exit_code, 2);
  EXPECT_TRUE(oneLine(merge.err)) << merge.err;
  EXPECT_EQ(readText(bad), before);

  writeText(bad, "{\"operations\": ");
  const CliRun truncated = runCli({"ops", "--master", bad, "--query", "relu"});
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_TRUE(oneLine(truncated.err)) << truncated.err;

  const CliRun absent = runCli({"ops", "--master", (dir / "absent.json").string(), "--list"});
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_TRUE(oneLine(absent.err)) << absent.err;
}

TEST(CliOps, WrongCommandLinesAreOneLineErrors) {
  expectUsageError({"ops"});
  expectUsageError({"ops", "--master", twoModelMaster()});
  expectUsageError({"ops", "--master", twoModelMaster(), "--list", "--stats"});
  expectUsageError({"ops", "--query", "relu"});
  expectUsageError({"ops", fixture("WeightTying"), "--merge"});
  expectUsageError({"ops", fixture("WeightTying"), "--master", twoModelMaster(), "--list"});
  expectUsageError({"ops", "--master", twoModelMaster(), "--list", "-o", "x.json"});
  expectUsageError({"ops", (dataDir() / "torch_ir" / "absent.json").string()});
}

} // namespace
} // namespace irscope::cli
