// Runs the real irscope-cli binary, as scripts and CI do.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using testing::dataDir;
using testing::readText;
using testing::TempDir;
using testing::writeText;

using testing::CliRun;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& name, const std::string& suffix = ".json") {
  return (dataDir() / "torch_ir" / (name + suffix)).string();
}

size_t lineCount(const std::string& text) {
  size_t lines = 0;
  for (char c : text)
    lines += c == '\n';
  return lines;
}

TEST(Cli, InfoJsonMatchesPythonOnEveryFixture) {
  TempDir dir;
  for (const std::string& name : testing::torchIrFixtureNames()) {
    const auto out = dir / (name + ".info.json");
    const CliRun run = runCli({"info", fixture(name), "--json", "-o", out.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    Json actual = Json::parse(readText(out));
    const Json expected = Json::parse(readText(fixture(name, ".info.json")));
    for (const auto& [key, value] : expected.items())
      EXPECT_EQ(actual[key], value) << name << " " << key;
    EXPECT_TRUE(actual.contains("parameter_bytes")) << name;
  }
}

TEST(Cli, InfoTextReadsLikeTorchIr) {
  const CliRun run = runCli({"info", fixture("DeepResNet")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("Model: DeepResNet\nNodes: 27\nInputs: 1\nOutputs: 1\nWeights: 51\n"
                          "Total parameters: 57,617\n",
                          0),
            0u)
      << run.out;
  EXPECT_NE(run.out.find("Input shapes:\n  x: [1, 3, 32, 32]\n"), std::string::npos);
  EXPECT_NE(
      run.out.find("Op distribution:\n  aten.conv2d.default: 7\n  aten.batch_norm.default: 7\n"),
      std::string::npos);
  EXPECT_NE(run.out.find("Parameter bytes: "), std::string::npos);
}

TEST(Cli, InfoTextSaysWhenTiedWeightsAreCountedTwice) {
  const CliRun run = runCli({"info", fixture("WeightTying")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Total parameters: 21,220 (14,820 unique"), std::string::npos) << run.out;
}

TEST(Cli, ValidatePassesEveryFixture) {
  for (const std::string& name : testing::torchIrFixtureNames()) {
    const CliRun run = runCli({"validate", fixture(name)});
    EXPECT_EQ(run.exit_code, 0) << name << run.out;
    EXPECT_NE(run.out.find(": valid ("), std::string::npos) << run.out;
  }
}

TEST(Cli, ValidateListsEveryProblemAndExitsOne) {
  TempDir dir;
  std::string text = readText(fixture("RecurrentUnroll"));
  text.replace(text.find("\"producer_node\": \"tanh\""), 23, "\"producer_node\": \"ghost\"");
  text.replace(text.find("\"producer_node\": \"tanh_2\""), 25, "\"producer_node\": \"tanh_3\"");
  writeText(dir / "broken.json", text);
  const CliRun run = runCli({"validate", (dir / "broken.json").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("node 'linear_1': input 0 'tanh': producer 'ghost' is neither"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("nodes form a cycle: 'linear_3' -> 'tanh_3' -> 'linear_3'"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("invalid, 2 problems"), std::string::npos) << run.out;
}

TEST(Cli, ValidateChecksAWeightsFileAgainstTheGraph) {
  for (const char* model : {"DeepResNet", "WeightTying", "MultiTaskHead"}) {
    const CliRun run =
        runCli({"validate", fixture(model), "--weights", fixture(model, ".safetensors")});
    EXPECT_EQ(run.exit_code, 0) << model << run.out << run.err;
  }
  // Another model's weights: each missing one is reported, with a node that needs it.
  const CliRun wrong = runCli(
      {"validate", fixture("DeepResNet"), "--weights", fixture("WeightTying", ".safetensors")});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_NE(wrong.out.find("node 'conv2d': weight 'conv1.weight' is missing from the weights file"),
            std::string::npos)
      << wrong.out;
  EXPECT_NE(wrong.out.find("invalid, 51 problems"), std::string::npos) << wrong.out;
  TempDir dir;
  Json changed = Json::parse(readText(fixture("RecurrentUnroll")));
  changed["weights"][0]["shape"] = {32, 16}; // cell.weight
  writeText(dir / "changed.json", changed.dump(2));
  const CliRun shape = runCli({"validate", (dir / "changed.json").string(), "--weights",
                               fixture("RecurrentUnroll", ".safetensors")});
  EXPECT_EQ(shape.exit_code, 1);
  EXPECT_NE(shape.out.find("node 'linear': weight 'cell.weight' is [32, 32] float32 in the weights "
                           "file but the graph expects [32, 16] float32"),
            std::string::npos)
      << shape.out;
  writeText(dir / "cut.safetensors",
            readText(fixture("RecurrentUnroll", ".safetensors")).substr(0, 300));
  const CliRun cut = runCli(
      {"validate", fixture("RecurrentUnroll"), "--weights", (dir / "cut.safetensors").string()});
  EXPECT_EQ(cut.exit_code, 2);
  EXPECT_EQ(lineCount(cut.err), 1u) << cut.err;
  EXPECT_NE(cut.err.find("cut.safetensors: file is truncated"), std::string::npos) << cut.err;
}

TEST(Cli, ValidateExitsTwoOnUnreadableFile) {
  TempDir dir;
  writeText(dir / "t.json", "{\"nodes\": [");
  const CliRun run = runCli({"validate", (dir / "t.json").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(lineCount(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find((dir / "t.json").string() + ": invalid JSON"), std::string::npos)
      << run.err;
}

TEST(Cli, BadInputGivesOneLineAndExitTwoForEveryCommand) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty.json", ""},
      {"truncated.json", readText(fixture("DeepResNet")).substr(0, 5000)},
      {"binary.json", std::string("\x7f"
                                  "ELF\x00\x00\x01",
                                  7)},
      {"wrong_type.json",
       R"({"graph_inputs": "x", "graph_outputs": [], "weights": [], "weight_name_mapping": {}, "nodes": []})"},
  };
  const auto out_dot = dir / "out.dot";
  for (const auto& [name, content] : inputs) {
    writeText(dir / name, content);
    const std::string path = (dir / name).string();
    for (const std::vector<std::string>& args : {std::vector<std::string>{"info", path},
                                                 {"info", path, "--json"},
                                                 {"convert", path, "-o", out_dot.string()}}) {
      const CliRun run = runCli(args);
      EXPECT_EQ(run.exit_code, 2) << name << " " << args[0];
      EXPECT_EQ(lineCount(run.err), 1u) << run.err;
      EXPECT_NE(run.err.find(path + ": "), std::string::npos) << run.err;
      EXPECT_TRUE(run.out.empty()) << run.out;
    }
  }
  EXPECT_FALSE(std::filesystem::exists(out_dot)) << "a failed convert left a file";
}

TEST(Cli, ConvertWritesDotThatGraphvizAcceptsAndMermaidLikeTorchIr) {
  TempDir dir;
  const auto dot = dir / "g.dot";
  ASSERT_EQ(runCli({"convert", fixture("TransformerBlock"), "-o", dot.string()}).exit_code, 0);
  const std::string render =
      "dot -Tsvg '" + dot.string() + "' -o '" + (dir / "g.svg").string() + "'";
  EXPECT_EQ(std::system(render.c_str()), 0);
  EXPECT_NE(readText(dir / "g.svg").find("layer_norm"), std::string::npos);

  const auto mmd = dir / "g.mmd";
  ASSERT_EQ(
      runCli({"convert", fixture("encoder24"), "-o", mmd.string(), "--max-nodes", "30"}).exit_code,
      0);
  EXPECT_EQ(readText(mmd), readText(fixture("encoder24", ".mmd")));

  ASSERT_EQ(runCli({"convert", fixture("encoder24"), "-o", mmd.string(), "--no-weights"}).exit_code,
            0);
  EXPECT_EQ(readText(mmd).find("w_p_"), std::string::npos);
  EXPECT_NE(readText(mmd).find("op_layer_norm_47"), std::string::npos);
}

TEST(Cli, ConvertRefusesUnknownFormatWithoutWriting) {
  TempDir dir;
  const CliRun run = runCli({"convert", fixture("DeepResNet"), "-o", (dir / "g.xyz").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown output format"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "g.xyz"));
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(runCli({}).exit_code, 2);
  EXPECT_EQ(runCli({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(runCli({"info"}).exit_code, 2);
  EXPECT_EQ(runCli({"--help"}).exit_code, 0);
}

} // namespace
} // namespace irscope::cli

namespace irscope::cli {
namespace {

TEST(CliRender, DrawsEveryFixtureToSvgPdfAndPng) {
  TempDir dir;
  for (const std::string& name : testing::torchIrFixtureNames()) {
    for (const char* format : {"svg", "pdf", "png"}) {
      const auto out = dir / (name + "." + format);
      const CliRun run = runCli({"render", fixture(name), "-o", out.string()});
      EXPECT_EQ(run.exit_code, 0) << name << " " << format << ": " << run.err;
      EXPECT_GT(std::filesystem::file_size(out), 1000u) << out;
    }
  }
  EXPECT_EQ(readText(dir / "DeepResNet.pdf").rfind("%PDF", 0), 0u);
  EXPECT_EQ(readText(dir / "DeepResNet.png").substr(1, 3), "PNG");
  EXPECT_NE(readText(dir / "DeepResNet.svg").find("<svg"), std::string::npos);
}

TEST(CliRender, TakesLayoutOptions) {
  TempDir dir;
  const auto out = dir / "g.svg";
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--show-weights", "--rankdir", "LR"},
        {"--collapse-depth", "1"},
        {"--expand", "all", "--names"},
        {"--max-nodes", "5"}}) {
    std::vector<std::string> args = {"render", fixture("encoder24"), "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun run = runCli(args);
    EXPECT_EQ(run.exit_code, 0) << extra[0] << ": " << run.err;
  }
  EXPECT_NE(readText(out).find("showing the first 5 of 864 ops"), std::string::npos);
  EXPECT_EQ(
      runCli({"render", fixture("encoder24"), "-o", out.string(), "--rankdir", "XY"}).exit_code, 2);
  EXPECT_EQ(runCli({"render", fixture("encoder24"), "-o", out.string(), "--collapse-depth", "1",
                    "--expand", "all"})
                .exit_code,
            2);
}

TEST(CliRender, BadInputOrFormatWritesNothing) {
  TempDir dir;
  writeText(dir / "bad.json", "{\"nodes\": [}");
  const auto out = dir / "g.svg";
  const CliRun bad = runCli({"render", (dir / "bad.json").string(), "-o", out.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(lineCount(bad.err), 1u) << bad.err;
  EXPECT_NE(bad.err.find((dir / "bad.json").string() + ": invalid JSON"), std::string::npos);
  const CliRun format = runCli({"render", fixture("DeepResNet"), "-o", (dir / "g.gif").string()});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("unknown output format"), std::string::npos) << format.err;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1); // only bad.json
}

} // namespace
} // namespace irscope::cli
