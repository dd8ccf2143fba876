#include "core/module_tree.h"
#include "gui/render/diagram_export.h"
#include "io/torch_ir_reader.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <QFile>
#include <QImage>
#include <QXmlStreamReader>
#include <cstdlib>
#include <gtest/gtest.h>
#include <regex>

namespace irscope::render {
namespace {

using testing::TempDir;

layout::Diagram fixtureDiagram(const std::string& name) {
  const testing::TestModel model = testing::fixtureModel(name);
  return layout::buildDiagram(model.graph, model.topology, model.modules, {});
}

QString qpath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

// Every text run in an SVG, in document order.
std::vector<std::string> svgTexts(const std::filesystem::path& path, std::string* error) {
  QFile file(qpath(path));
  if (!file.open(QIODevice::ReadOnly)) {
    *error = "cannot open";
    return {};
  }
  QXmlStreamReader xml(&file);
  std::vector<std::string> texts;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("text"))
      texts.push_back(
          xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().toStdString());
  }
  if (xml.hasError())
    *error = xml.errorString().toStdString();
  return texts;
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  if (::pclose(pipe) != 0)
    output = "FAILED: " + output;
  return output;
}

TEST(SvgExport, IsWellFormedXmlWithEveryLabelAsText) {
  TempDir dir;
  const layout::Diagram diagram = fixtureDiagram("TransformerBlock");
  ASSERT_EQ(exportSvg(diagram, qpath(dir / "g.svg"), {}), std::nullopt);
  std::string error;
  const std::vector<std::string> texts = svgTexts(dir / "g.svg", &error);
  ASSERT_EQ(error, "");
  for (const layout::DiagramItem& item : diagram.items) {
    for (const std::string& line : item.lines)
      EXPECT_NE(std::find(texts.begin(), texts.end(), line), texts.end()) << line;
  }
  EXPECT_NE(std::find(texts.begin(), texts.end(), "TransformerBlock"), texts.end());
  EXPECT_NE(std::find(texts.begin(), texts.end(), "matmul / linear"), texts.end()); // legend
}

TEST(SvgExport, ACategoricalLegendNamesEachClassAndTheShareRamp) {
  TempDir dir;
  const layout::Diagram diagram = fixtureDiagram("DeepResNet");
  // Classes for the ops, a share for one box: as "Colour by: Target Mapping" paints them.
  std::vector<std::optional<double>> shares(diagram.items.size());
  shares[0] = 0.5;
  HeatMap map = buildHeatMap(shares, "target mapping (TTNN)", HeatScale::Share);
  const QColor converted(0x6c, 0xc3, 0xa0), fallback(0xf0, 0x8a, 0x4b);
  map.legend->swatches = {{"converted", converted}, {"fallback", fallback}};
  map.legend->ramp_title = "groups: share of ops that map";
  for (size_t i = 1; i < diagram.items.size(); ++i)
    map.fills[i] = i % 2 ? converted : fallback;
  ExportOptions options;
  options.paint.item_fills = map.fills;
  options.paint.heat_legend = map.legend;
  ASSERT_EQ(exportSvg(diagram, qpath(dir / "classes.svg"), options), std::nullopt);
  std::string error;
  const std::vector<std::string> texts = svgTexts(dir / "classes.svg", &error);
  ASSERT_EQ(error, "");
  for (const char* text : {"Colour: target mapping (TTNN)", "converted", "fallback",
                           "groups: share of ops that map", "0%", "100%"})
    EXPECT_NE(std::find(texts.begin(), texts.end(), text), texts.end()) << text;
  // The legend row is as wide as what it lists, and the swatches are drawn in their colours.
  const QRectF legend = legendRect(diagram, options.paint);
  HeatLegend without_swatches = *map.legend;
  without_swatches.swatches = {};
  PaintOptions ramp_only = options.paint;
  ramp_only.heat_legend = std::move(without_swatches);
  EXPECT_GT(legend.width(), legendRect(diagram, ramp_only).width() + 100);
  // In a narrow canvas the floating panel wraps into rows, keeping "0%", ramp and "100%" together.
  const QSizeF one_row = heatLegendPanelSize(*map.legend);
  const QSizeF wrapped = heatLegendPanelSize(*map.legend, 260);
  EXPECT_LE(wrapped.width(), 260);
  EXPECT_GT(wrapped.height(), 2 * one_row.height());
  options.dpi = 72; // one pixel per point: the legend's rectangle is where it is drawn
  ASSERT_EQ(exportPng(diagram, qpath(dir / "classes.png"), options), std::nullopt);
  const QImage png(qpath(dir / "classes.png"));
  ASSERT_FALSE(png.isNull());
  const int row = static_cast<int>(legend.center().y());
  bool converted_swatch = false, fallback_swatch = false;
  for (int x = 0; x < static_cast<int>(legend.right()) && x < png.width(); ++x) {
    converted_swatch = converted_swatch || png.pixelColor(x, row) == converted;
    fallback_swatch = fallback_swatch || png.pixelColor(x, row) == fallback;
  }
  EXPECT_TRUE(converted_swatch);
  EXPECT_TRUE(fallback_swatch);
}

TEST(PdfExport, PassesPdfinfoAndHoldsTheLabelsAsText) {
  TempDir dir;
  const layout::Diagram diagram = fixtureDiagram("DeepResNet");
  const auto pdf = dir / "g.pdf";
  ASSERT_EQ(exportPdf(diagram, qpath(pdf), {}), std::nullopt);
  const std::string info = run("pdfinfo '" + pdf.string() + "'");
  EXPECT_EQ(info.rfind("FAILED", 0), std::string::npos) << info;
  EXPECT_TRUE(std::regex_search(info, std::regex("Pages:\\s+1\\n"))) << info;
  const std::string text = run("pdftotext '" + pdf.string() + "' -");
  for (const char* label :
       {"DeepResNet", "conv2d", "batch_norm", "adaptive_avg_pool2d", "1x32x32x32"})
    EXPECT_NE(text.find(label), std::string::npos) << label << " not in:\n" << text;
}

TEST(PdfExport, FitsOntoAnA4Page) {
  TempDir dir;
  ExportOptions options;
  options.page = PageSetup{Paper::A4, false, false};
  ASSERT_EQ(exportPdf(fixtureDiagram("resnet18"), qpath(dir / "a4.pdf"), options), std::nullopt);
  const std::string info = run("pdfinfo '" + (dir / "a4.pdf").string() + "'");
  EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
}

TEST(PngExport, SizeFollowsDpi) {
  TempDir dir;
  const layout::Diagram diagram = fixtureDiagram("SelfAttention");
  ExportOptions options;
  options.dpi = 72;
  ASSERT_EQ(exportPng(diagram, qpath(dir / "72.png"), options), std::nullopt);
  options.dpi = 144;
  ASSERT_EQ(exportPng(diagram, qpath(dir / "144.png"), options), std::nullopt);
  const QImage small(qpath(dir / "72.png"));
  const QImage large(qpath(dir / "144.png"));
  ASSERT_FALSE(small.isNull());
  const QSizeF points = paintedSize(diagram, {});
  EXPECT_NEAR(small.width(), points.width(), 1.0);
  EXPECT_NEAR(small.height(), points.height(), 1.0);
  EXPECT_NEAR(large.width(), 2 * small.width(), 2.0);
  EXPECT_NEAR(large.height(), 2 * small.height(), 2.0);
  EXPECT_NEAR(large.dotsPerMeterX(), 144 / 0.0254, 1.0);
}

TEST(PngExport, RefusesImagesTooLargeToAllocate) {
  TempDir dir;
  ExportOptions options;
  options.dpi = 1200;
  const auto error = exportPng(fixtureDiagram("resnet18"), qpath(dir / "huge.png"), options);
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->contains("too large")) << error->toStdString();
  EXPECT_FALSE(std::filesystem::exists(dir / "huge.png"));
}

TEST(Export, ChoosesFormatBySuffixAndFailsCleanly) {
  TempDir dir;
  const layout::Diagram diagram = fixtureDiagram("WeightTying");
  EXPECT_EQ(exportDiagram(diagram, qpath(dir / "g.SVG"), {}), std::nullopt);
  EXPECT_TRUE(exportDiagram(diagram, qpath(dir / "g.bmp"), {}).has_value());
  const auto missing = dir / "no" / "dir" / "g.svg";
  const auto error = exportDiagram(diagram, qpath(missing), {});
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->startsWith(qpath(missing))) << error->toStdString();
  EXPECT_FALSE(std::filesystem::exists(dir / "g.bmp"));
}

} // namespace
} // namespace irscope::render
