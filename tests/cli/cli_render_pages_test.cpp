// render to paper: a 3,000-node graph tiled onto A4 and read back with poppler (pdfinfo,
// pdffonts, pdftotext -bbox), and the pages a PDF gets without --page when one would be too large.
#include "io/torch_ir_writer.h"
#include "tests/support/cli_run.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::readText;
using testing::TempDir;

// A4 in points, and the largest page side many viewers open (Acrobat's 200 inches).
constexpr double kA4Width = 595.28, kA4Height = 841.89;
constexpr double kViewerLimit = 14400;
// DejaVu Sans (and Bold) rise 1901 and fall 483 units of 2048 (hhea), so poppler's box around a
// word is 1.164 times the font size; a 6 pt word is 6.98 pt tall.
constexpr double kDejaVuHeightPerPoint = (1901.0 + 483.0) / 2048.0;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return "FAILED: cannot start " + command;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  if (::pclose(pipe) != 0)
    output = "FAILED: " + output;
  return output;
}

struct PageSize {
  double width = 0, height = 0;
};

// Every page's size, from pdfinfo.
std::vector<PageSize> pageSizes(const std::filesystem::path& pdf) {
  const std::string info = run("pdfinfo -f 1 -l 100000 '" + pdf.string() + "'");
  std::vector<PageSize> pages;
  const std::regex line(R"(Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts)");
  for (std::sregex_iterator it(info.begin(), info.end(), line), end; it != end; ++it)
    pages.push_back({std::stod((*it)[2]), std::stod((*it)[3])});
  return pages;
}

struct Word {
  std::string text;
  double top = 0;
  double height = 0;
};

// The words of each page with the height of their boxes, from pdftotext -bbox.
std::vector<std::vector<Word>> pageWords(const std::filesystem::path& pdf) {
  const std::string xhtml = run("pdftotext -bbox '" + pdf.string() + "' -");
  std::vector<std::vector<Word>> pages;
  const std::regex token(R"re(<page |<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" )re"
                         R"re(yMax="([\d.]+)">([^<]*)</word>)re");
  for (std::sregex_iterator it(xhtml.begin(), xhtml.end(), token), end; it != end; ++it) {
    if ((*it)[0].str() == "<page ")
      pages.emplace_back();
    else if (!pages.empty())
      pages.back().push_back(
          {(*it)[3], std::stod((*it)[1]), std::stod((*it)[2]) - std::stod((*it)[1])});
  }
  return pages;
}

std::string pageText(const std::vector<Word>& words) {
  std::string text;
  for (const Word& word : words)
    text += word.text + " ";
  return text;
}

// The page's lines of text: its words grouped by where they start vertically, top to bottom.
// (Text of a box cut by the page's edge is extracted too, clipped or not, so the page label is
// found by what it says rather than by being first.)
std::vector<std::string> lines(const std::vector<Word>& words) {
  std::map<long, std::string> by_top;
  for (const Word& word : words)
    by_top[std::lround(word.top * 4)] += word.text + " ";
  std::vector<std::string> result;
  for (const auto& [top, text] : by_top)
    result.push_back(text);
  return result;
}

class CliRenderPages : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    // A transformer-like chain of blocks of 20 ops with module paths: 3,000 ops, 150 layers.
    io::writeTorchIrFile(testing::makeTransformerLikeGraph(3000, true), model());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string model() { return (*dir_ / "transformer3000.json").string(); }
  static std::filesystem::path out(const std::string& name) { return *dir_ / name; }

  static TempDir* dir_;
};
TempDir* CliRenderPages::dir_ = nullptr;

// The drawing's size in points, from the viewBox of the same graph rendered to SVG.
PageSize svgSize(const std::filesystem::path& svg) {
  std::smatch match;
  const std::string text = readText(svg);
  if (!std::regex_search(text, match, std::regex(R"re(viewBox="0 0 ([\d.]+) ([\d.]+)")re")))
    return {};
  return {std::stod(match[1]), std::stod(match[2])};
}

// The fonts pdffonts lists (the first column under the dashes).
std::vector<std::string> fontNames(const std::filesystem::path& pdf) {
  const std::string listing = run("pdffonts '" + pdf.string() + "'");
  std::vector<std::string> names;
  const size_t table = listing.find("\n---");
  if (table == std::string::npos)
    return names;
  const std::string rows = listing.substr(listing.find('\n', table + 1) + 1);
  const std::regex first(R"((?:^|\n)(\S+))");
  for (std::sregex_iterator it(rows.begin(), rows.end(), first), end; it != end; ++it)
    names.push_back((*it)[1]);
  return names;
}

TEST_F(CliRenderPages, TilesA3000NodeGraphOntoA4WithNoTextBelowSixPoints) {
  const auto pdf = out("tiled.pdf");
  const CliRun tiled = runCli({"render", model(), "-o", pdf.string(), "--page", "A4", "--tile",
                               "--expand", "all", "--names"});
  ASSERT_EQ(tiled.exit_code, 0) << tiled.err;
  EXPECT_EQ(tiled.err, "");

  // Only DejaVu Sans, so the height of a word's box tells its size.
  const std::vector<std::string> fonts = fontNames(pdf);
  ASSERT_FALSE(fonts.empty());
  for (const std::string& font : fonts)
    EXPECT_TRUE(std::regex_match(font, std::regex(R"((\w+\+)?DejaVuSans(-Bold)?)"))) << font;

  const std::vector<PageSize> sizes = pageSizes(pdf);
  const std::vector<std::vector<Word>> pages = pageWords(pdf);
  ASSERT_GT(sizes.size(), 20u);
  ASSERT_EQ(pages.size(), sizes.size());
  for (size_t p = 0; p < sizes.size(); ++p) {
    EXPECT_NEAR(sizes[p].width, kA4Width, 0.5) << "page " << p + 1;
    EXPECT_NEAR(sizes[p].height, kA4Height, 0.5) << "page " << p + 1;
  }

  // No word on any page, overview included, is set below 6 pt.
  const double six_points = 6 * kDejaVuHeightPerPoint - 0.01;
  const Word* smallest = nullptr;
  size_t smallest_page = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const Word& word : pages[p]) {
      if (!smallest || word.height < smallest->height) {
        smallest = &word;
        smallest_page = p + 1;
      }
    }
  }
  ASSERT_NE(smallest, nullptr);
  EXPECT_GE(smallest->height, six_points)
      << "\"" << smallest->text << "\" on page " << smallest_page << " is "
      << smallest->height / kDejaVuHeightPerPoint << " pt";

  // Page 1 is the overview; every other page is one tile of the grid, labelled with its place
  // and its page number, each place once.
  EXPECT_NE(pageText(pages[0]).find("overview"), std::string::npos) << pageText(pages[0]);
  const std::regex label(R"(row (\d+) of (\d+), column (\d+) of (\d+) · page (\d+) of (\d+))");
  std::set<std::pair<int, int>> places;
  int rows = 0, columns = 0;
  size_t labelled_with_a_layer = 0;
  std::set<std::string> words_on_tiles;
  for (size_t p = 1; p < pages.size(); ++p) {
    std::string text;
    std::smatch match;
    for (const std::string& line : lines(pages[p])) {
      if (std::regex_search(line, match, label)) {
        text = line;
        break;
      }
    }
    ASSERT_FALSE(text.empty()) << "page " << p + 1 << " has no label: " << pageText(pages[p]);
    std::regex_search(text, match, label);
    const int row = std::stoi(match[1]), column = std::stoi(match[3]);
    rows = std::stoi(match[2]);
    columns = std::stoi(match[4]);
    EXPECT_TRUE(row >= 1 && row <= rows && column >= 1 && column <= columns) << match[0];
    EXPECT_TRUE(places.insert({row, column}).second) << "twice: " << match[0];
    EXPECT_EQ(std::stoul(match[5]), p + 1);
    EXPECT_EQ(std::stoul(match[6]), pages.size());
    labelled_with_a_layer +=
        std::regex_search(text, std::regex(R"(^synthetic_transformer — layers › )"));
    for (const Word& word : pages[p])
      words_on_tiles.insert(word.text);
  }
  EXPECT_LE(pages.size() - 1, static_cast<size_t>(rows * columns));
  // Each page names the layer under its middle, or the layers it is between. The first page may
  // show only the title and the inputs, and the last only the head, which is a one-op module
  // drawn as its op (no frame) since modules with one op fold.
  EXPECT_GE(labelled_with_a_layer + 3, pages.size() - 1);

  // Every op is printed whole somewhere: its name (--names) is a word on some tile.
  const ir::Graph graph = testing::makeTransformerLikeGraph(3000, true);
  for (const ir::Node& node : graph.nodes)
    EXPECT_TRUE(words_on_tiles.count(node.name)) << node.name << " is on no page";

  // At a readable scale, not a wasteful one: the grid is no smaller than the drawing at the 6/7
  // that prints 7-point edge labels at 6 pt, and no larger than at full size with one-inch
  // margins.
  const auto svg = out("whole.svg");
  ASSERT_EQ(runCli({"render", model(), "-o", svg.string(), "--expand", "all", "--names"}).exit_code,
            0);
  const PageSize drawing = svgSize(svg);
  ASSERT_GT(drawing.height, kViewerLimit); // the tall graph this is about
  EXPECT_GE(rows, std::ceil(drawing.height * 6 / 7 / kA4Height));
  EXPECT_GE(columns, std::ceil(drawing.width * 6 / 7 / kA4Width));
  EXPECT_LE(rows, std::ceil(drawing.height / (kA4Height - 144)));
  EXPECT_LE(columns, std::ceil(drawing.width / (kA4Width - 144)));
}

TEST_F(CliRenderPages, WithoutPageAPdfTooLargeForViewersIsTiledOntoA4) {
  const auto pdf = out("tall.pdf");
  const CliRun tall = runCli({"render", model(), "-o", pdf.string(), "--expand", "all"});
  ASSERT_EQ(tall.exit_code, 0) << tall.err;
  // Said on stderr, in one line naming the file.
  EXPECT_EQ(std::count(tall.err.begin(), tall.err.end(), '\n'), 1) << tall.err;
  EXPECT_EQ(tall.err.rfind("note: " + pdf.string() + ": ", 0), 0u) << tall.err;
  EXPECT_NE(tall.err.find("tiled onto"), std::string::npos) << tall.err;
  const std::vector<PageSize> sizes = pageSizes(pdf);
  ASSERT_GT(sizes.size(), 2u);
  for (const PageSize& page : sizes) {
    EXPECT_LE(std::max(page.width, page.height), kViewerLimit);
    EXPECT_NEAR(std::min(page.width, page.height), kA4Width, 0.5);
    EXPECT_NEAR(std::max(page.width, page.height), kA4Height, 0.5);
  }
  EXPECT_NE(pageText(pageWords(pdf)[0]).find("overview"), std::string::npos);

  // The same model with its layers collapsed fits one page the drawing's size, without a note.
  const auto small = out("collapsed.pdf");
  const CliRun collapsed =
      runCli({"render", model(), "-o", small.string(), "--collapse-depth", "1"});
  ASSERT_EQ(collapsed.exit_code, 0) << collapsed.err;
  EXPECT_EQ(collapsed.err, "");
  const std::vector<PageSize> one = pageSizes(small);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_LE(std::max(one[0].width, one[0].height), kViewerLimit);
}

TEST_F(CliRenderPages, PaperOptionsAreForPdfAndTurnThePage) {
  const std::string fixture = (testing::dataDir() / "torch_ir" / "DeepResNet.json").string();
  const CliRun svg =
      runCli({"render", fixture, "-o", out("g.svg").string(), "--page", "A4", "--tile"});
  EXPECT_EQ(svg.exit_code, 2);
  EXPECT_EQ(std::count(svg.err.begin(), svg.err.end(), '\n'), 1) << svg.err;
  EXPECT_NE(svg.err.find("for PDF output"), std::string::npos) << svg.err;
  EXPECT_FALSE(std::filesystem::exists(out("g.svg")));

  // One A3 sheet, turned: --page without --tile shrinks the drawing onto it.
  const auto a3 = out("a3.pdf");
  const CliRun landscape =
      runCli({"render", fixture, "-o", a3.string(), "--page", "a3", "--landscape"});
  ASSERT_EQ(landscape.exit_code, 0) << landscape.err;
  const std::vector<PageSize> sizes = pageSizes(a3);
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_NEAR(sizes[0].width, 1190.55, 0.5);
  EXPECT_NEAR(sizes[0].height, 841.89, 0.5);

  // Shrinking the tall model onto one Letter page says how small its text became.
  const CliRun shrunk = runCli({"render", model(), "-o", out("letter.pdf").string(), "--page",
                                "Letter", "--collapse-depth", "2"});
  ASSERT_EQ(shrunk.exit_code, 0) << shrunk.err;
  EXPECT_NE(shrunk.err.find("--tile"), std::string::npos) << shrunk.err;
  EXPECT_EQ(pageSizes(out("letter.pdf")).size(), 1u);
}

} // namespace
} // namespace irscope::cli
