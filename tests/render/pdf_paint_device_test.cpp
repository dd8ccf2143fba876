// The PDF device against Qt's own PDF writer, both read back by poppler: the same picture, text
// that stays text, clips, pages, and a file poppler reads without a complaint.
#include "gui/render/diagram_export.h"
#include "gui/render/heat_map.h"
#include "gui/render/pdf_paint_device.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPdfWriter>
#include <cstdio>
#include <gtest/gtest.h>
#include <regex>

namespace irscope::render {
namespace {

using testing::TempDir;

QString qpath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

struct Output {
  std::string out, err;
  int status = 0;
};

// A command's stdout, stderr and exit status.
Output run(const std::string& command, const TempDir& dir) {
  const std::string err_file = (dir / "stderr.txt").string();
  Output result;
  FILE* pipe = ::popen((command + " 2>'" + err_file + "'").c_str(), "r");
  if (!pipe) {
    result.status = -1;
    return result;
  }
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    result.out.append(buffer, n);
  result.status = ::pclose(pipe);
  QFile err(QString::fromStdString(err_file));
  if (err.open(QIODevice::ReadOnly))
    result.err = err.readAll().toStdString();
  return result;
}

// One page of a PDF as poppler draws it; poppler must have nothing to say about the file.
QImage rasterise(const std::filesystem::path& pdf, int page, int dpi, const TempDir& dir) {
  const std::string prefix = (dir / ("page" + std::to_string(page))).string();
  const Output drawn =
      run("pdftoppm -r " + std::to_string(dpi) + " -f " + std::to_string(page) + " -l " +
              std::to_string(page) + " -singlefile -png '" + pdf.string() + "' '" + prefix + "'",
          dir);
  EXPECT_EQ(drawn.status, 0);
  EXPECT_EQ(drawn.err, "") << pdf;
  return QImage(QString::fromStdString(prefix + ".png")).convertToFormat(QImage::Format_RGB32);
}

// The share of pixels whose colour differs by more than `tolerance` in some channel.
double differingShare(const QImage& a, const QImage& b, int tolerance) {
  EXPECT_EQ(a.size(), b.size());
  if (a.size() != b.size() || a.isNull())
    return 1;
  long differing = 0;
  for (int y = 0; y < a.height(); ++y) {
    const auto* p = reinterpret_cast<const QRgb*>(a.constScanLine(y));
    const auto* q = reinterpret_cast<const QRgb*>(b.constScanLine(y));
    for (int x = 0; x < a.width(); ++x) {
      differing += std::abs(qRed(p[x]) - qRed(q[x])) > tolerance ||
                   std::abs(qGreen(p[x]) - qGreen(q[x])) > tolerance ||
                   std::abs(qBlue(p[x]) - qBlue(q[x])) > tolerance;
    }
  }
  return static_cast<double>(differing) / (static_cast<double>(a.width()) * a.height());
}

// The share of pixels in `area` that are not white.
double inkShare(const QImage& image, const QRect& area) {
  long inked = 0, all = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x, ++all)
      inked += image.pixel(x, y) != qRgb(255, 255, 255);
  return all ? static_cast<double>(inked) / all : 0;
}

// Paints with `paint` onto a PdfPaintDevice writing `path` (titled by its stem), and says
// whether the file was written.
template <typename Paint>
bool writePdf(const std::filesystem::path& path, const QSizeF& page, Paint paint) {
  QFile file(qpath(path));
  if (!file.open(QIODevice::WriteOnly))
    return false;
  PdfPaintDevice device(&file, page, QString::fromStdString(path.stem().string()), "irscope");
  QPainter painter(&device);
  paint(painter);
  painter.end();
  return device.ok();
}

PaintOptions heatColoured(const layout::Diagram& diagram) {
  std::vector<std::optional<double>> values;
  for (size_t i = 0; i < diagram.items.size(); ++i)
    values.push_back(i % 3 ? std::optional<double>(static_cast<double>(i)) : std::nullopt);
  const HeatMap heat = buildHeatMap(values, QStringLiteral("max |x|"), HeatScale::Linear);
  PaintOptions options;
  options.item_fills = heat.fills;
  options.heat_legend = heat.legend;
  options.selected_items = {1, 4};
  return options;
}

// The diagram on one page through `device`, as exportPagedPdf draws it without a page setup.
void paintOnto(QPaintDevice& device, const layout::Diagram& diagram, const PaintOptions& options) {
  QPainter painter(&device);
  ExportOptions exported;
  exported.paint = options;
  paintExportedPart(painter, diagram, exported,
                    QRectF(QPointF(0, 0), paintedSize(diagram, options)));
}

TEST(PdfPaintDevice, DrawsADiagramAsQtsPdfWriterDoes) {
  TempDir dir;
  const testing::TestModel model = testing::decoderModel(2);
  const layout::Diagram diagram =
      layout::buildDiagram(model.graph, model.topology, model.modules, {});
  const PaintOptions options = heatColoured(diagram); // a gradient, selection, colours
  const QSizeF size = paintedSize(diagram, options);

  QFile ours(qpath(dir / "ours.pdf"));
  ASSERT_TRUE(ours.open(QIODevice::WriteOnly));
  PdfPaintDevice device(&ours, size, "decoder", "irscope");
  paintOnto(device, diagram, options);
  ASSERT_TRUE(device.ok());
  ours.close();

  QPdfWriter qt(qpath(dir / "qt.pdf"));
  qt.setResolution(72);
  qt.setPageLayout(QPageLayout(QPageSize(size, QPageSize::Point), QPageLayout::Portrait, {}));
  paintOnto(qt, diagram, options);

  const QImage a = rasterise(dir / "ours.pdf", 1, 100, dir);
  const QImage b = rasterise(dir / "qt.pdf", 1, 100, dir);
  ASSERT_FALSE(a.isNull());
  // The page is mostly drawn on (frames, boxes): a blank page would differ everywhere.
  EXPECT_GT(inkShare(b, b.rect()), 0.3);
  // Glyphs land within a fraction of a pixel of Qt's, which antialiasing turns into some
  // pixels of a different shade at the edges of letters; shapes and colours are the same.
  EXPECT_LT(differingShare(a, b, 96), 0.001);
}

TEST(PdfPaintDevice, WritesTextAsTextInEmbeddedSubsetsThatPopplerReadsBack) {
  TempDir dir;
  const auto path = dir / "text.pdf";
  ASSERT_TRUE(writePdf(path, QSizeF(400, 200), [](QPainter& painter) {
    QFont regular(QStringLiteral("DejaVu Sans"));
    regular.setStyleStrategy(QFont::PreferNoShaping);
    regular.setPointSizeF(10);
    painter.setFont(regular);
    painter.drawText(QPointF(20, 40), QStringLiteral("memory ↗ 1×16×64 café_ß"));
    QFont bold = regular;
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QPointF(20, 80), QStringLiteral("layers.0 (TransformerDecoderLayer)"));
  }));
  const Output text = run("pdftotext '" + path.string() + "' -", dir);
  EXPECT_EQ(text.err, "");
  EXPECT_NE(text.out.find("memory ↗ 1×16×64 café_ß"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("layers.0 (TransformerDecoderLayer)"), std::string::npos) << text.out;

  const Output fonts = run("pdffonts '" + path.string() + "'", dir);
  EXPECT_EQ(fonts.err, "");
  // name, type, encoding, embedded, subset, ToUnicode
  EXPECT_TRUE(std::regex_search(
      fonts.out, std::regex(R"([A-Z]{6}\+DejaVuSans +CID TrueType +Identity-H +yes yes yes)")))
      << fonts.out;
  EXPECT_TRUE(std::regex_search(
      fonts.out, std::regex(R"([A-Z]{6}\+DejaVuSans-Bold +CID TrueType +Identity-H +yes yes yes)")))
      << fonts.out;
  // Each subset holds the glyphs drawn, not the whole font (DejaVu Sans is over 700 kB).
  EXPECT_LT(QFileInfo(qpath(path)).size(), 60'000);
}

TEST(PdfPaintDevice, ClipsWhereThePainterClipsAndStartsEachPageAfresh) {
  TempDir dir;
  const auto path = dir / "clip.pdf";
  {
    QFile file(qpath(path));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    PdfPaintDevice device(&file, QSizeF(200, 100), "clip", "irscope");
    QPainter painter(&device);
    painter.save();
    painter.translate(50, 20);
    painter.setClipRect(QRectF(0, 0, 40, 40)); // (50, 20) to (90, 60) on the page
    painter.scale(4, 4);
    painter.fillRect(QRectF(-100, -100, 1000, 1000), Qt::black);
    painter.restore();
    painter.fillRect(QRectF(150, 70, 20, 20), QColor(0, 0, 255, 128)); // after: not clipped
    ASSERT_TRUE(device.newPage());
    painter.fillRect(QRectF(0, 0, 200, 100), Qt::red);
    painter.end();
    ASSERT_TRUE(device.ok());
  }
  const Output info = run("pdfinfo '" + path.string() + "'", dir);
  EXPECT_NE(info.out.find("Pages:           2\n"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Page size:       200 x 100 pts"), std::string::npos) << info.out;

  const QImage first = rasterise(path, 1, 72, dir);
  ASSERT_EQ(first.size(), QSize(200, 100));
  EXPECT_EQ(inkShare(first, QRect(52, 22, 36, 36)), 1.0); // inside
  EXPECT_EQ(inkShare(first, QRect(0, 0, 48, 100)) + inkShare(first, QRect(92, 0, 50, 60)), 0);
  const QColor half_blue = first.pixelColor(160, 80);
  EXPECT_NEAR(half_blue.red(), 127, 3); // half the white through half-transparent blue
  EXPECT_EQ(half_blue.blue(), 255);

  const QImage second = rasterise(path, 2, 72, dir);
  EXPECT_EQ(second.pixel(5, 5), qRgb(255, 0, 0));
  EXPECT_EQ(second.pixel(195, 95), qRgb(255, 0, 0));
}

TEST(PdfPaintDevice, DrawsCharactersItsFontLacksAsOutlines) {
  TempDir dir;
  const auto path = dir / "outlines.pdf";
  ASSERT_TRUE(writePdf(path, QSizeF(300, 60), [](QPainter& painter) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(20);
    painter.setFont(f);
    // U+E000 is private use: no font has it, so Qt draws its missing-glyph box.
    painter.drawText(QPointF(10, 40), QString("x") + QChar(0xE000) + "y");
  }));
  const QImage page = rasterise(path, 1, 72, dir);
  EXPECT_GT(inkShare(page, QRect(10, 20, 60, 25)), 0.05);
}

TEST(PdfPaintDevice, SaysSoWhenItsOutputCannotBeWritten) {
  QByteArray bytes;
  QBuffer read_only(&bytes);
  ASSERT_TRUE(read_only.open(QIODevice::ReadOnly));
  PdfPaintDevice device(&read_only, QSizeF(100, 100), "x", "irscope");
  QPainter painter(&device);
  painter.fillRect(QRectF(0, 0, 10, 10), Qt::black);
  painter.end();
  EXPECT_FALSE(device.ok());
}

} // namespace
} // namespace irscope::render
