// irscope-cli diff, end to end: the fixtures against themselves, against irscope's own
// extraction of their TorchScript files, and edited copies; exit codes and the JSON schema.
#include "core/json.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::TempDir;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& name) {
  return (testing::dataDir() / "torch_ir" / name).string();
}

std::vector<std::string> inputsOf(const std::string& model) {
  std::vector<std::string> args;
  for (int i = 0; std::filesystem::exists(fixture(model + ".in" + std::to_string(i) + ".npy"));
       ++i) {
    args.push_back("--inputs");
    args.push_back(fixture(model + ".in" + std::to_string(i) + ".npy"));
  }
  return args;
}

TEST(CliDiff, AFixtureAgainstItselfHasNoChanges) {
  const CliRun run = runCli({"diff", fixture("DeepResNet.json"), fixture("DeepResNet.json")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Nodes:   27 same, 0 changed, 0 added, 0 removed"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("No changes."), std::string::npos);
}

// torch_ir's JSON (PyTorch 2.6, torch.export) against irscope's recording of the same model's
// TorchScript file: every op kind both have is paired as often as the rarer side has it.
TEST(CliDiff, TorchIrJsonAgainstOwnExtractionPairsEveryOpBothHave) {
  int compared = 0;
  for (const std::string& name : testing::torchIrFixtureNames()) {
    if (!std::filesystem::exists(fixture(name + ".ts.pt")))
      continue;
    std::vector<std::string> args = {"diff", fixture(name + ".json"), fixture(name + ".ts.pt"),
                                     "--json"};
    for (const std::string& arg : inputsOf(name))
      args.push_back(arg);
    const CliRun run = runCli(args);
    ASSERT_NE(run.exit_code, 2) << name << ": " << run.err;
    const Json json = Json::parse(run.out);
    std::map<std::string, int> in_a, in_b, paired;
    for (const Json& node : json["nodes"]) {
      if (!node["a"].is_null())
        ++in_a[node["a"]["op_type"].get<std::string>()];
      if (!node["b"].is_null())
        ++in_b[node["b"]["op_type"].get<std::string>()];
      if (!node["a"].is_null() && !node["b"].is_null())
        ++paired[node["a"]["op_type"].get<std::string>()];
    }
    for (const auto& [op, count] : in_a) {
      const int both = std::min(count, in_b.count(op) ? in_b[op] : 0);
      EXPECT_EQ(paired[op], both) << name << ": " << op;
    }
    std::cout << name << ": " << json["a"]["nodes"] << " vs " << json["b"]["nodes"] << " nodes, "
              << json["node_counts"].dump() << ", weights " << json["weight_counts"].dump() << '\n';
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

TEST(CliDiff, OnePaddingChangedIsOneChangeAndExitOne) {
  const TempDir dir;
  ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  graph.nodes[3].attrs["padding"] = Json::array({5, 5});
  const std::string edited = (dir / "edited.json").string();
  io::writeTorchIrFile(graph, edited);
  const CliRun run = runCli({"diff", fixture("DeepResNet.json"), edited, "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const Json json = Json::parse(run.out);
  EXPECT_EQ(json["changed"], true);
  EXPECT_EQ(json["node_counts"]["changed"], 1);
  EXPECT_EQ(json["node_counts"]["added"], 0);
  EXPECT_EQ(json["node_counts"]["removed"], 0);
  for (const Json& node : json["nodes"]) {
    if (node["class"] == "changed") {
      EXPECT_EQ(node["a"]["name"], graph.nodes[3].name);
      EXPECT_EQ(node["differences"][0]["field"], "attrs.padding");
    }
  }
  const CliRun text = runCli({"diff", fixture("DeepResNet.json"), edited});
  EXPECT_NE(text.out.find("attrs.padding: [1,1] -> [5,5]"), std::string::npos) << text.out;
}

TEST(CliDiff, PerturbedWeightIsChangedByValueAndRunNamesTheFirstDivergence) {
  const TempDir dir;
  io::SafetensorsFile weights = io::readSafetensors(fixture("DeepResNet.safetensors"));
  std::string perturbed;
  for (auto& [name, data] : weights.tensors)
    if (name == "res_block2.conv1.weight") {
      float value;
      std::memcpy(&value, data.bytes.data(), sizeof(value));
      value += 1.0f;
      std::memcpy(data.bytes.data(), &value, sizeof(value));
      perturbed = name;
    }
  ASSERT_FALSE(perturbed.empty());
  const std::string file = (dir / "perturbed.safetensors").string();
  io::writeSafetensors(weights, file);
  std::vector<std::string> args = {
      "diff", fixture("DeepResNet.json"), fixture("DeepResNet.json"), "--weights-b", file, "--json",
      "--run"};
  for (const std::string& arg : inputsOf("DeepResNet"))
    args.push_back(arg);
  const CliRun run = runCli(args);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const Json json = Json::parse(run.out);
  EXPECT_EQ(json["node_counts"]["same"], 27);
  EXPECT_EQ(json["weight_counts"]["changed"], 1);
  for (const Json& weight : json["weights"]) {
    EXPECT_EQ(weight["class"], weight["name"] == perturbed ? "changed" : "same") << weight["name"];
    EXPECT_EQ(weight["values"]["bit_equal"], weight["name"] != perturbed);
  }
  // The conv reading the perturbed weight is where the outputs part.
  ASSERT_FALSE(json["run"]["first_divergence"].is_null()) << run.out;
  EXPECT_EQ(json["run"]["first_divergence"]["module_path"], "res_block2.conv1");
  EXPECT_EQ(json["run"]["first_divergence"]["op_type"], "aten.conv2d.default");
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const std::string a_name = json["run"]["first_divergence"]["a"];
  for (const ir::Node& node : graph.nodes) {
    if (node.name == a_name) {
      EXPECT_EQ(node.inputs[1].name, "p_res_block2_conv1_weight");
    }
  }
}

TEST(CliDiff, RunOnItselfHasNoDivergence) {
  std::vector<std::string> args = {"diff", fixture("SelfAttention.json"),
                                   fixture("SelfAttention.json"), "--run", "--json"};
  const CliRun run = runCli(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const Json json = Json::parse(run.out);
  EXPECT_EQ(json["run"]["pairs_compared"], 18);
  EXPECT_TRUE(json["run"]["first_divergence"].is_null());
}

TEST(CliDiff, AnUnreadableModelIsExitTwoWithOneLine) {
  const TempDir dir;
  testing::writeText(dir / "broken.json", "{\"nodes\": [");
  const CliRun run =
      runCli({"diff", fixture("SelfAttention.json"), (dir / "broken.json").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find("broken.json"), std::string::npos) << run.err;
}

} // namespace
} // namespace irscope::cli
