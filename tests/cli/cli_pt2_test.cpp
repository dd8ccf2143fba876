// irscope-cli on torch.export archives: the PT2 layout reads like the 2.6 fixture, and a hostile
// archive is refused with exit code 2 and one line on stderr naming the file.
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
