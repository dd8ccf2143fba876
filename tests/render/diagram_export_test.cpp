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
  options.page = PageSize::A4;
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
