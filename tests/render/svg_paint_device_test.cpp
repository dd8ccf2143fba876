#include "gui/render/diagram_export.h"
#include "gui/render/svg_paint_device.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QSvgRenderer>
#include <QXmlStreamReader>
#include <gtest/gtest.h>

namespace irscope::render {
namespace {

QString qpath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

layout::Diagram decoderDiagram(size_t layers) {
  const testing::TestModel model = testing::decoderModel(layers);
  return layout::buildDiagram(model.graph, model.topology, model.modules, {});
}

struct ParsedSvg {
  std::vector<std::string> texts;
  std::string title;
  std::string error;
};

ParsedSvg parse(const QByteArray& svg) {
  ParsedSvg parsed;
  QXmlStreamReader xml(svg);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("text"))
      parsed.texts.push_back(xml.readElementText().toStdString());
    else if (xml.isStartElement() && xml.name() == QLatin1String("title"))
      parsed.title = xml.readElementText().toStdString();
  }
  if (xml.hasError())
    parsed.error = xml.errorString().toStdString();
  return parsed;
}

// Both pictures rasterised by Qt's SVG renderer at the same size.
QImage rasterise(const QByteArray& svg, const QSize& size) {
  QSvgRenderer renderer(svg);
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter painter(&image);
  renderer.render(&painter);
  return image;
}

// Qt's own SVG writer, as exportSvg used it before: the reference picture.
QByteArray qtSvg(const layout::Diagram& diagram, const PaintOptions& options) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  const QSizeF size = paintedSize(diagram, options);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setResolution(72);
  svg.setSize(size.toSize());
  svg.setViewBox(QRectF(QPointF(0, 0), size));
  QPainter painter(&svg);
  painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
  paintDiagram(painter, diagram, options);
  return bytes;
}

QByteArray ourSvg(const layout::Diagram& diagram, const PaintOptions& options) {
  testing::TempDir dir;
  ExportOptions exported;
  exported.paint = options;
  EXPECT_EQ(exportSvg(diagram, qpath(dir / "g.svg"), exported), std::nullopt);
  QFile file(qpath(dir / "g.svg"));
  file.open(QIODevice::ReadOnly);
  return file.readAll();
}

TEST(SvgPaintDevice, WritesEveryLabelOfAnExpandedDecoderAsText) {
  const layout::Diagram diagram = decoderDiagram(6);
  const ParsedSvg svg = parse(ourSvg(diagram, {}));
  ASSERT_EQ(svg.error, "");
  EXPECT_EQ(svg.title, diagram.title);
  auto has = [&](const std::string& text) {
    return std::find(svg.texts.begin(), svg.texts.end(), text) != svg.texts.end();
  };
  size_t stubs = 0;
  for (const layout::DiagramItem& item : diagram.items) {
    stubs += item.kind == layout::ItemKind::Stub;
    for (const std::string& line : item.lines)
      EXPECT_TRUE(has(line)) << line;
  }
  EXPECT_GT(stubs, 0u); // the decoder's shared `memory` is drawn as stubs, labels and all
  ASSERT_FALSE(diagram.frames.empty());
  for (const layout::DiagramFrame& frame : diagram.frames)
    EXPECT_TRUE(has(frame.label)) << frame.label;
  for (const layout::DiagramEdge& edge : diagram.edges) {
    if (!edge.label.empty()) {
      EXPECT_TRUE(has(edge.label)) << edge.label;
    }
  }
}

// The same picture as Qt's own SVG writer gives, once both are drawn: boxes, fills, edges,
// arrowheads, dashes, text and the legend's gradient. Anti-aliasing and the hundredth of a
// point the numbers are rounded to move a few pixels by a little.
TEST(SvgPaintDevice, LooksLikeQtsSvgGenerator) {
  const layout::Diagram diagram = decoderDiagram(2);
  PaintOptions options;
  HeatLegend legend; // a ramp: a linear gradient in the header
  legend.title = QStringLiteral("max |x|");
  legend.low = 0.5;
  legend.high = 8;
  legend.any_value = true;
  options.heat_legend = legend;
  options.item_fills.assign(diagram.items.size(), QColor());
  options.item_fills[3] = heatColor(0.7);
  options.selected_items = {5};
  const QSizeF size = paintedSize(diagram, options);
  const QSize pixels = (size * 2).toSize(); // two pixels a point: text is drawn, not a blur
  const QImage reference = rasterise(qtSvg(diagram, options), pixels);
  const QImage ours = rasterise(ourSvg(diagram, options), pixels);
  ASSERT_FALSE(reference.isNull());
  ASSERT_FALSE(ours.isNull());
  int differing = 0, drawn = 0;
  for (int y = 0; y < pixels.height(); ++y)
    for (int x = 0; x < pixels.width(); ++x) {
      const QRgb a = reference.pixel(x, y), b = ours.pixel(x, y);
      drawn += a != qRgb(255, 255, 255);
      differing += std::abs(qRed(a) - qRed(b)) > 48 || std::abs(qGreen(a) - qGreen(b)) > 48 ||
                   std::abs(qBlue(a) - qBlue(b)) > 48;
    }
  EXPECT_GT(drawn, pixels.width() * pixels.height() / 10); // the reference has a picture
  EXPECT_LT(differing, pixels.width() * pixels.height() / 500)
      << differing << " of " << pixels.width() * pixels.height() << " pixels differ";
}

TEST(SvgPaintDevice, EscapesMarkupInText) {
  layout::Diagram diagram = decoderDiagram(1);
  diagram.title = "a<b & \"c\">";
  diagram.items[0].lines[0] = "x<y&z";
  const ParsedSvg svg = parse(ourSvg(diagram, {}));
  ASSERT_EQ(svg.error, "");
  EXPECT_EQ(svg.title, "a<b & \"c\">");
  EXPECT_NE(std::find(svg.texts.begin(), svg.texts.end(), "x<y&z"), svg.texts.end());
}

TEST(SvgPaintDevice, ReportsAFailedWrite) {
  QBuffer closed; // never opened: every write fails
  SvgPaintDevice svg(&closed, QSizeF(100, 100), "t", "d");
  QPainter painter(&svg);
  painter.drawRect(QRectF(10, 10, 20, 20));
  painter.end();
  EXPECT_FALSE(svg.ok());
}

} // namespace
} // namespace irscope::render
