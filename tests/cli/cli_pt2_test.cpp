// irscope-cli on torch.export archives: the PT2 layout reads like the 2.6 fixture, and a hostile
// archive is refused with exit code 2 and one line on stderr naming the file.
#include "core/json.h"
#include "tests/support/cli_run.h"
#include "tests/support/handmade_zip.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using testing::dataDir;
using testing::TempDir;

testing::CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

// What issue 18 asks of every fixture archive: `extract` gives torch_ir's own JSON for the model,
// node for node (irscope's module and source keys aside), with the weights beside it, and the
// extracted IR then runs on those weights to the model's outputs.
TEST(CliPt2, ExtractGivesTorchIrsJsonAndItsWeightsRunToTheModelsOutputs) {
  TempDir dir;
  for (const char* name :
       {"CrossAttention", "DeepResNet", "DenseBlock", "MultiTaskHead", "RecurrentUnroll",
        "SelfAttention", "SiameseEncoder", "TransformerBlock", "WeightTying"}) {
    SCOPED_TRACE(name);
    const std::string ir = (dir / (std::string(name) + ".json")).string();
    const testing::CliRun extract =
        runCli({"extract", (dataDir() / "pt2" / (std::string(name) + ".pt2")).string(), "-o", ir});
    ASSERT_EQ(extract.exit_code, 0) << extract.err;
    Json written = Json::parse(testing::readText(ir));
    const Json expected =
        Json::parse(testing::readText(dataDir() / "torch_ir" / (std::string(name) + ".json")));
    EXPECT_TRUE(written.contains("module_classes"));
    written.erase("module_classes");
    for (Json& node : written["nodes"])
      for (const char* key : {"module_path", "module_type", "stack_trace"})
        node.erase(key);
    EXPECT_EQ(written, expected);

    std::vector<std::string> run = {"run", ir, "-o", (dir / name).string()};
    for (int i = 0; std::filesystem::exists(
             dataDir() / "torch_ir" / (std::string(name) + ".in" + std::to_string(i) + ".npy"));
         ++i) {
      run.push_back("--inputs");
      run.push_back(
          (dataDir() / "torch_ir" / (std::string(name) + ".in" + std::to_string(i) + ".npy"))
              .string());
    }
    const testing::CliRun ran = runCli(run);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    const testing::CliRun compared =
        runCli({"compare", (dir / name).string() + "/out0.npy",
                (dataDir() / "torch_ir" / (std::string(name) + ".out0.npy")).string(), "--rtol",
                "1e-4", "--atol", "1e-4"});
    EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
  }
}

TEST(CliPt2, InfoOnThePt2LayoutSaysWhatItSaysOnThePyTorch26Archive) {
  const testing::CliRun layout =
      runCli({"info", (dataDir() / "pt2" / "Pt2LayoutDeflated.pt2").string()});
  const testing::CliRun original =
      runCli({"info", (dataDir() / "pt2" / "DeepResNet.pt2").string()});
  ASSERT_EQ(layout.exit_code, 0) << layout.err;
  ASSERT_EQ(original.exit_code, 0) << original.err;
  EXPECT_NE(layout.out.find("27"), std::string::npos) << layout.out;
  // Only the model's name (the file's) differs.
  std::string renamed = layout.out;
  for (size_t at; (at = renamed.find("Pt2LayoutDeflated")) != std::string::npos;)
    renamed.replace(at, 17, "DeepResNet");
  EXPECT_EQ(renamed, original.out);
}

TEST(CliPt2, HostileArchivesExitTwoWithOneLineNamingTheFile) {
  TempDir dir;
  testing::HandmadeZipEntry bomb{"m/models/model.json", std::string(100, '\0')};
  bomb.method = 8;
  bomb.local_size = bomb.central_size = 0xFFFFFFF0;
  testing::HandmadeZipEntry ppmd{"m/models/model.json", "{}"};
  ppmd.method = 98;
  testing::HandmadeZipEntry stored{"m/archive_format", "pt2"};
  stored.local_size = stored.central_size = 9;
  const std::vector<std::pair<std::string, std::string>> archives = {
      {"outside.pt2", testing::storedZip({{"m/archive_format", "pt2"}, {"../x", ""}})},
      {"absolute.pt2", testing::storedZip({{"/m/archive_format", "pt2"}})},
      {"bomb.pt2", testing::handmadeZip({{"m/archive_format", "pt2"}, bomb})},
      {"ppmd.pt2", testing::handmadeZip({{"m/archive_format", "pt2"}, ppmd})},
      {"sizes.pt2", testing::handmadeZip({stored})},
      {"truncated.pt2",
       testing::readText(dataDir() / "pt2" / "Pt2LayoutLegacy.pt2").substr(0, 100000)},
      {"no_model.pt2", testing::storedZip({{"m/archive_format", "pt2"}})},
  };
  for (const auto& [name, bytes] : archives) {
    const std::string path = (dir / name).string();
    testing::writeText(path, bytes);
    const testing::CliRun run = runCli({"info", path});
    EXPECT_EQ(run.exit_code, 2) << name;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_NE(run.err.find(path + ": "), std::string::npos) << run.err;
    // Each says what is wrong with it, not merely that it is a zip.
    EXPECT_EQ(run.err.find("irscope reads torch_ir JSON here"), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
}

} // namespace
} // namespace irscope::cli
