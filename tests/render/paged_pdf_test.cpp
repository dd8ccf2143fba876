// Paper: the tile grid's geometry, the group named on a page, the automatic tiling of drawings
// too large for one PDF page, and the SVG's viewBox.
#include "gui/render/paged_pdf.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <regex>

namespace irscope::render {
namespace {

using testing::TempDir;

QString qpath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return "FAILED";
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  if (::pclose(pipe) != 0)
    output = "FAILED: " + output;
  return output;
}

// A column of `count` boxes 100 pt apart, in two nested frames ("outer" round all of them,
// "inner" round the first half): a tall drawing without running dot.
layout::Diagram tallColumn(int count) {
  layout::Diagram diagram;
  diagram.title = "column";
  for (int i = 0; i < count; ++i) {
    layout::DiagramItem item;
    item.lines = {"relu", "1x8"};
    item.box = {20, 20 + 100.0 * i, 80, 36};
    diagram.items.push_back(item);
  }
  diagram.frames.push_back({0, "outer", 0, {0, 0, 120, 100.0 * count + 20}});
  diagram.frames.push_back({1, "inner", 1, {10, 10, 100, 50.0 * count}});
  diagram.bounds = {0, 0, 120, 100.0 * count + 20};
  return diagram;
}

TEST(TileGrid, CoversTheDrawingWithOverlappingPagesAtAReadableScale) {
  const QSizeF drawing(1500, 5000);
  for (const PageSetup setup :
       {PageSetup{Paper::A4, false, true}, PageSetup{Paper::A3, true, true},
        PageSetup{Paper::Letter, false, true}, PageSetup{Paper::Tabloid, true, true}}) {
    const TileGrid grid = planTiles(drawing, setup);
    EXPECT_GE(grid.scale * kSmallestDrawnText, kSmallestPrintedText);
    // The content fits the paper inside its margins.
    EXPECT_TRUE(QRectF(QPointF(0, 0), grid.sheet.paper).contains(grid.sheet.content));
    EXPECT_GT(grid.sheet.content.left(), 0);
    // Together the tiles hold the whole drawing.
    const QRectF first = grid.tile(0, 0), last = grid.tile(grid.rows - 1, grid.columns - 1);
    EXPECT_LE(first.left(), 0);
    EXPECT_LE(first.top(), 0);
    EXPECT_GE(last.right(), drawing.width());
    EXPECT_GE(last.bottom(), drawing.height());
    // Neighbours share a strip, and a tile is what fits the content at the grid's scale.
    ASSERT_GT(grid.columns, 1);
    ASSERT_GT(grid.rows, 1);
    EXPECT_GT(grid.overlap, 0);
    EXPECT_NEAR(grid.tile(0, 0).right() - grid.tile(0, 1).left(), grid.overlap / grid.scale, 1e-6);
    EXPECT_NEAR(grid.tile(0, 0).bottom() - grid.tile(1, 0).top(), grid.overlap / grid.scale, 1e-6);
    EXPECT_NEAR(first.width() * grid.scale, grid.sheet.content.width(), 1e-6);
    // No row or column more than needed: without the last, the drawing would not be covered.
    EXPECT_LT(grid.tile(grid.rows - 2, 0).bottom(), drawing.height());
    EXPECT_LT(grid.tile(0, grid.columns - 2).right(), drawing.width());
  }
  // Landscape turns the paper.
  const QSizeF portrait = paperSize({Paper::A4, false, false});
  EXPECT_NEAR(portrait.width(), 595.28, 0.5);
  EXPECT_NEAR(portrait.height(), 841.89, 0.5);
  EXPECT_EQ(paperSize({Paper::A4, true, false}), portrait.transposed());
  EXPECT_EQ(paperNamed("tabloid"), Paper::Tabloid);
  EXPECT_EQ(paperNamed("B5"), std::nullopt);
}

TEST(PagedPdf, NamesTheGroupsUnderThePageOrBesideIt) {
  const layout::Diagram diagram = tallColumn(10);
  ExportOptions options;
  const QPointF origin = diagramOrigin(diagram, options.paint);
  auto at = [&](double x, double y) {
    return QRectF(origin + QPointF(x - 5, y - 5), QSizeF(10, 10));
  };
  EXPECT_EQ(groupsUnder(diagram, options, at(50, 100)), "outer › inner");
  EXPECT_EQ(groupsUnder(diagram, options, at(50, 800)), "outer");
  // Over no frame at all, the frame covering most of the part; none near it, nothing.
  EXPECT_EQ(groupsUnder(diagram, options, QRectF(origin + QPointF(115, 700), QSizeF(40, 40))),
            "outer");
  EXPECT_EQ(groupsUnder(diagram, options, QRectF(origin + QPointF(500, 0), QSizeF(40, 40))), "");
}

TEST(PagedPdf, ADrawingPastTheViewerLimitIsTiledOntoA4Pages) {
  TempDir dir;
  const layout::Diagram diagram = tallColumn(200); // 20,000 pt tall
  const ExportOptions options;
  const PdfPlan plan = planPdf(diagram, options);
  EXPECT_TRUE(plan.tiled_for_size);
  ASSERT_TRUE(plan.page);
  EXPECT_EQ(plan.page->paper, kDefaultPaper);
  EXPECT_GT(plan.drawing.height(), kMaxPdfPageSide);
  const auto pdf = dir / "tall.pdf";
  ASSERT_EQ(exportPdf(diagram, qpath(pdf), options), std::nullopt);
  const std::string info = run("pdfinfo -f 1 -l 1000 '" + pdf.string() + "'");
  std::smatch pages;
  ASSERT_TRUE(std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))"))) << info;
  EXPECT_EQ(std::stoi(pages[1]), plan.pages);
  // 20,000 pt at 87.5% is 17,500 pt of paper: more than 20 A4 pages, and the overview.
  EXPECT_GT(plan.pages, 21);
  const std::regex size(R"(Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\))");
  int a4_pages = 0;
  for (std::sregex_iterator it(info.begin(), info.end(), size), end; it != end; ++it) {
    EXPECT_LT(std::stod((*it)[2]), kMaxPdfPageSide);
    ++a4_pages;
  }
  EXPECT_EQ(a4_pages, plan.pages);
  // Every box is on a page: 200 "relu" on the tiles (each at least once; the overview has none,
  // its text would be too small).
  const std::string overview = run("pdftotext -f 1 -l 1 '" + pdf.string() + "' -");
  EXPECT_EQ(overview.find("relu"), std::string::npos);
  EXPECT_NE(overview.find("overview"), std::string::npos) << overview;
  const std::string tiles = run("pdftotext -f 2 '" + pdf.string() + "' -");
  size_t relus = 0;
  for (size_t at = tiles.find("relu"); at != std::string::npos; at = tiles.find("relu", at + 1))
    ++relus;
  EXPECT_GE(relus, 200u);
  EXPECT_LT(relus, 260u); // the overlap repeats a few, not every page all of them

  // Below the limit: one page, the drawing's size.
  const layout::Diagram short_column = tallColumn(20);
  EXPECT_EQ(planPdf(short_column, options).page, std::nullopt);
  ASSERT_EQ(exportPdf(short_column, qpath(dir / "short.pdf"), options), std::nullopt);
  EXPECT_NE(run("pdfinfo '" + (dir / "short.pdf").string() + "'").find("Pages:           1\n"),
            std::string::npos);
}

TEST(SvgExport, StatesItsSizeInItsViewBox) {
  TempDir dir;
  const layout::Diagram diagram = tallColumn(200);
  ASSERT_EQ(exportSvg(diagram, qpath(dir / "tall.svg"), {}), std::nullopt);
  const std::string svg = testing::readText(dir / "tall.svg");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      svg, match,
      std::regex(
          R"re(<svg width="([\d.]+)mm" height="([\d.]+)mm"\s+viewBox="0 0 ([\d.]+) ([\d.]+)")re")))
      << svg.substr(0, 400);
  const QSizeF size = paintedSize(diagram, {});
  EXPECT_NEAR(std::stod(match[3]), size.width(), 0.01);
  EXPECT_NEAR(std::stod(match[4]), size.height(), 0.01);
  // One canvas, however tall: its size in millimetres is the same, at 72 points an inch.
  EXPECT_NEAR(std::stod(match[2]) / 25.4 * 72, size.height(), 1.0);
  EXPECT_NEAR(std::stod(match[1]) / 25.4 * 72, size.width(), 1.0);
}

} // namespace
} // namespace irscope::render
