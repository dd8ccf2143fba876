// irscope-cli run and verify, end to end on the fixtures: the real binary, real files, exit codes.
#include "core/json.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::dataDir;
using testing::readText;
using testing::TempDir;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& file) {
  return (dataDir() / "torch_ir" / file).string();
}

std::vector<float> floats(const ir::TensorData& data) {
  EXPECT_EQ(data.dtype, "float32");
  std::vector<float> values(data.bytes.size() / 4);
  std::memcpy(values.data(), data.bytes.data(), values.size() * 4);
  return values;
}

bool oneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

// A copy of the model's safetensors with `change` applied to one weight's first element.
std::string perturbedWeights(const std::string& model, const std::string& weight, float value,
                             const TempDir& dir) {
  io::SafetensorsFile file = io::readSafetensors(fixture(model + ".safetensors"));
  bool found = false;
  for (auto& [name, data] : file.tensors) {
    if (name != weight)
      continue;
    std::memcpy(data.bytes.data(), &value, 4);
    found = true;
  }
  EXPECT_TRUE(found) << weight;
  const std::string path = (dir / (model + ".perturbed.safetensors")).string();
  io::writeSafetensors(file, path);
  return path;
}

// The names of the nodes that read a weight (through its placeholder).
std::vector<std::string> consumersOf(const ir::Graph& graph, const std::string& weight) {
  std::vector<std::string> placeholders{weight};
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    if (key == weight)
      placeholders.push_back(placeholder);
  std::vector<std::string> nodes;
  for (const ir::Node& node : graph.nodes)
    for (const ir::Tensor& input : node.inputs)
      if (!input.hasProducer() &&
          std::find(placeholders.begin(), placeholders.end(), input.name) != placeholders.end())
        nodes.push_back(node.name);
  return nodes;
}

TEST(CliRun, WritesOutputsStatisticsAndNodeDumps) {
  const TempDir dir;
  const CliRun run =
      runCli({"run", fixture("DeepResNet.json"), "--weights", fixture("DeepResNet.safetensors"),
              "--inputs", fixture("DeepResNet.in0.npy"), "-o", (dir / "out").string(), "--stats",
              (dir / "stats.json").string(), "--dump-nodes", (dir / "nodes").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("ran 27 ops"), std::string::npos) << run.err;
  const std::vector<float> out = floats(io::readNpy(dir / "out" / "out0.npy"));
  const std::vector<float> expected = floats(io::readNpy(fixture("DeepResNet.irout0.npy")));
  ASSERT_EQ(out.size(), expected.size());
  for (size_t i = 0; i < out.size(); ++i)
    EXPECT_NEAR(out[i], expected[i], 1e-5 + 1e-5 * std::fabs(expected[i]));

  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const Json stats = Json::parse(readText(dir / "stats.json"));
  ASSERT_EQ(stats["tensors"].size(), graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Json& entry = stats["tensors"][i];
    EXPECT_EQ(entry["tensor"], graph.nodes[i].outputs[0].name);
    EXPECT_EQ(entry["histogram"]["counts"].size(), 32u);
    EXPECT_LE(entry["min"].get<double>(), entry["max"].get<double>());
    // Every node's dump is there, and its shape is the IR's.
    const ir::TensorData dumped =
        io::readNpy(dir / "nodes" / (graph.nodes[i].outputs[0].name + ".npy"));
    EXPECT_EQ(dumped.shape, graph.nodes[i].outputs[0].shape);
  }
}

TEST(CliRun, FindsTheWeightsBesideTheModelAndWritesBfloat16AsFloat32) {
  const TempDir dir;
  const CliRun run = runCli({"run", fixture("TransformerBlock.json"), "--inputs",
                             fixture("TransformerBlock.in0.npy"), "-o", dir.path().string(),
                             "--dtype", "bfloat16"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const ir::TensorData out = io::readNpy(dir / "out0.npy");
  EXPECT_EQ(out.dtype, "float32");
  // Every value is a bfloat16 value: its low 16 bits are zero.
  for (size_t i = 0; i < out.bytes.size(); i += 4) {
    uint32_t bits;
    std::memcpy(&bits, out.bytes.data() + i, 4);
    ASSERT_EQ(bits & 0xffff, 0u) << i;
  }
}

TEST(CliRun, NamesTheFirstNodeThatProducedNaN) {
  const TempDir dir;
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const std::string weight = graph.weights[4].name;
  const std::string weights =
      perturbedWeights("DeepResNet", weight, std::numeric_limits<float>::quiet_NaN(), dir);
  const CliRun run = runCli({"run", fixture("DeepResNet.json"), "--weights", weights, "--inputs",
                             fixture("DeepResNet.in0.npy"), "-o", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> consumers = consumersOf(graph, weight);
  ASSERT_FALSE(consumers.empty());
  EXPECT_NE(run.err.find("the first node to produce any is " + consumers.front() + " ("),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "out0.npy")); // written all the same
}

TEST(CliVerify, PassesOnEveryTracedFixtureAgainstItsTorchScriptWithEveryIntermediate) {
  for (const std::string model : {"DeepResNet", "TransformerBlock", "SiameseEncoder"}) {
    std::vector<std::string> args{"verify",      fixture(model + ".json"),
                                  "--reference", fixture(model + ".ts.pt"),
                                  "--json",      "--inputs"};
    for (int i = 0; std::filesystem::exists(fixture(model + ".in" + std::to_string(i) + ".npy"));
         ++i)
      args.push_back(fixture(model + ".in" + std::to_string(i) + ".npy"));
    const CliRun run = runCli(args);
    ASSERT_EQ(run.exit_code, 0) << model << run.out << run.err;
    const Json report = Json::parse(run.out);
    EXPECT_EQ(report["is_valid"], true);
    EXPECT_TRUE(report["first_divergence"].is_null());
    const ir::Graph graph = io::readTorchIrFile(fixture(std::string(model) + ".json"));
    EXPECT_EQ(report["intermediates_compared"], graph.nodes.size()) << model;
  }
}

TEST(CliVerify, APerturbedWeightFailsAndItsConsumerIsTheFirstDivergence) {
  const TempDir dir;
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  // A weight in the middle of the network, not the first layer's.
  const std::string weight = graph.weights[graph.weights.size() / 2].name;
  const std::vector<std::string> consumers = consumersOf(graph, weight);
  ASSERT_FALSE(consumers.empty());
  const std::string weights = perturbedWeights("DeepResNet", weight, 5.0f, dir);
  const CliRun run =
      runCli({"verify", fixture("DeepResNet.json"), "--weights", weights, "--reference",
              fixture("DeepResNet.ts.pt"), "--inputs", fixture("DeepResNet.in0.npy")});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(run.out.rfind("Verification FAILED\n  Error: output 0: ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("First divergence: " + consumers.front() + " ("), std::string::npos)
      << weight << "\n"
      << run.out;
  // torch_ir JSON has no module paths; the reference's extraction gives the weight's module.
  const std::string module = weight.substr(0, weight.rfind('.'));
  EXPECT_NE(run.out.find(" in " + module + "), max difference"), std::string::npos)
      << module << "\n"
      << run.out;
}

TEST(CliVerify, ComparesWithExpectedNpyFiles) {
  const CliRun run =
      runCli({"verify", fixture("MultiTaskHead.json"), "--weights",
              fixture("MultiTaskHead.state_dict.pt"), "--inputs", fixture("MultiTaskHead.in0.npy"),
              "--expected", fixture("MultiTaskHead.out0.npy"), fixture("MultiTaskHead.out1.npy"),
              "--json", "--rtol", "1e-4", "--atol", "1e-4"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const Json report = Json::parse(run.out);
  EXPECT_EQ(report["num_outputs"], 2);
  EXPECT_EQ(report["output_details"][1]["index"], 1);
  EXPECT_EQ(report["intermediates_compared"], 0);
  // One expected file too few: torch_ir's count mismatch.
  const CliRun short_run =
      runCli({"verify", fixture("MultiTaskHead.json"), "--inputs", fixture("MultiTaskHead.in0.npy"),
              "--expected", fixture("MultiTaskHead.out0.npy")});
  EXPECT_EQ(short_run.exit_code, 1);
  EXPECT_NE(short_run.out.find("Error: Output count mismatch: original=1, ir=2"), std::string::npos)
      << short_run.out;
}

TEST(CliRunErrors, OneLineNamingTheFileAndExitTwo) {
  const TempDir dir;
  const std::string out = (dir / "out").string();
  struct Case {
    std::vector<std::string> args;
    std::string expected_start;
    std::string expected_text;
  };
  testing::writeText(dir / "broken.npy", "\x93NUMPY this is not an array");
  const std::vector<Case> cases = {
      {{"run", fixture("DeepResNet.json"), "--weights", (dir / "none.safetensors").string(), "-o",
        out},
       "error: " + (dir / "none.safetensors").string() + ": ",
       "no such file"},
      {{"run", fixture("DeepResNet.json"), "--inputs", (dir / "broken.npy").string(), "-o", out},
       "error: " + (dir / "broken.npy").string() + ": ",
       ""},
      {{"run", fixture("DeepResNet.json"), "--inputs", fixture("DeepResNet.in0.npy"),
        fixture("DeepResNet.in0.npy"), "-o", out},
       "error: " + fixture("DeepResNet.json") + ": takes 1 input",
       "2 were given"},
      {{"run", fixture("DeepResNet.json"), "--inputs", fixture("SelfAttention.in0.npy"), "-o", out},
       "error: " + fixture("SelfAttention.in0.npy") + ": input 0 (x) has shape",
       "but the IR expects [1, 3, 32, 32]"},
      {{"run", fixture("TransformerBlock.json"), "--weights", fixture("SelfAttention.safetensors"),
        "-o", out},
       "error: " + fixture("SelfAttention.safetensors") + ": weight '",
       "is missing from the weights file (read by node"},
      {{"verify", fixture("DeepResNet.json"), "--reference", fixture("DeepResNet.json")},
       "error: " + fixture("DeepResNet.json") + ": ",
       ""},
  };
  for (const Case& c : cases) {
    const CliRun run = runCli(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args[0] << " " << run.err;
    EXPECT_TRUE(oneLine(run.err)) << run.err;
    EXPECT_EQ(run.err.rfind(c.expected_start, 0), 0u) << run.err;
    EXPECT_NE(run.err.find(c.expected_text), std::string::npos) << run.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "out0.npy"));
}

} // namespace
} // namespace irscope::cli
