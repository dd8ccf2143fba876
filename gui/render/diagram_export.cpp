#include "gui/render/diagram_export.h"

#include "gui/render/paged_pdf.h"
#include "gui/render/svg_paint_device.h"

#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <cmath>

namespace irscope::render {

namespace {

// Largest PNG irscope writes; past this QImage cannot allocate (and nobody can view it).
constexpr double kMaxPngPixels = 250e6;

QString failure(const QString& path, const QString& what) {
  return path + ": " + what;
}

std::optional<QString> commit(QSaveFile& file, const QString& path) {
  if (!file.commit())
    return failure(path, "cannot write: " + file.errorString());
  return std::nullopt;
}

} // namespace

QSizeF exportedSize(const layout::Diagram& diagram, const ExportOptions& options) {
  return options.region.isEmpty() ? paintedSize(diagram, options.paint) : options.region.size();
}

void paintExportedPart(QPainter& painter, const layout::Diagram& diagram,
                       const ExportOptions& options, const QRectF& part) {
  if (options.region.isEmpty() && part == QRectF(QPointF(0, 0), exportedSize(diagram, options))) {
    paintDiagram(painter, diagram, options.paint); // all of it: no clip, nothing left out
    return;
  }
  // In paintDiagram's coordinates: the exported region's corner is the drawing's.
  const QRectF painted = part.translated(options.region.topLeft());
  PaintOptions paint = options.paint;
  paint.visible = painted.translated(-diagramOrigin(diagram, paint));
  if (paint.visible.isEmpty()) // a part of no size: nothing to draw, not everything
    return;
  painter.save();
  painter.setClipRect(QRectF(QPointF(0, 0), part.size()), Qt::IntersectClip);
  painter.translate(-painted.topLeft());
  paintDiagram(painter, diagram, paint);
  painter.restore();
}

std::optional<QString> exportSvg(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return failure(path, "cannot open for writing: " + file.errorString());
  const QSizeF size = exportedSize(diagram, options);
  SvgPaintDevice svg(&file, size, QString::fromStdString(diagram.title),
                     QStringLiteral("Drawn by irscope"));
  QPainter painter;
  if (!painter.begin(&svg))
    return failure(path, "cannot start the SVG");
  painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
  paintExportedPart(painter, diagram, options, QRectF(QPointF(0, 0), size));
  painter.end();
  if (!svg.ok())
    return failure(path, "cannot write: " + file.errorString());
  return commit(file, path);
}

std::optional<QString> exportPdf(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options) {
  return exportPagedPdf(diagram, path, options, planPdf(diagram, options));
}

std::optional<QString> exportPng(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options) {
  if (!(options.dpi > 0))
    return failure(path, "--dpi must be positive");
  const QSizeF size = exportedSize(diagram, options);
  const double scale = options.dpi / 72.0;
  const double pixels = size.width() * scale * size.height() * scale;
  if (pixels > kMaxPngPixels)
    return failure(path, QString("a %1 x %2 pixel PNG is too large; lower --dpi to at most %3, or "
                                 "export SVG or PDF")
                             .arg(std::ceil(size.width() * scale))
                             .arg(std::ceil(size.height() * scale))
                             .arg(std::floor(options.dpi * std::sqrt(kMaxPngPixels / pixels))));
  QImage image(static_cast<int>(std::ceil(size.width() * scale)),
               static_cast<int>(std::ceil(size.height() * scale)), QImage::Format_ARGB32);
  if (image.isNull())
    return failure(path, "not enough memory for the image");
  image.fill(Qt::white);
  const int dots_per_meter = static_cast<int>(std::lround(options.dpi / 0.0254));
  image.setDotsPerMeterX(dots_per_meter);
  image.setDotsPerMeterY(dots_per_meter);
  {
    QPainter painter(&image);
    painter.scale(scale, scale);
    paintExportedPart(painter, diagram, options, QRectF(QPointF(0, 0), size));
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return failure(path, "cannot open for writing: " + file.errorString());
  if (!image.save(&file, "PNG"))
    return failure(path, "cannot encode the PNG");
  return commit(file, path);
}

std::optional<QString> exportDiagram(const layout::Diagram& diagram, const QString& path,
                                     const ExportOptions& options) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "svg")
    return exportSvg(diagram, path, options);
  if (suffix == "pdf")
    return exportPdf(diagram, path, options);
  if (suffix == "png")
    return exportPng(diagram, path, options);
  return failure(path, "unknown output format; use a .svg, .pdf or .png file name");
}

} // namespace irscope::render
