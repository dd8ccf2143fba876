#include "gui/render/paged_pdf.h"

#include "gui/render/diagram_index.h"
#include "gui/render/pdf_paint_device.h"

#include <QFontMetricsF>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <vector>

namespace irscope::render {

namespace {

constexpr double kLabelFontSize = 8;
constexpr double kCropMarkLength = 12;
constexpr double kCropMarkGap = 3; // between a mark and the content it marks
constexpr double kBandGap = 14;    // between the overview's side-by-side bands
// Margin of a drawing shrunk onto one sheet (as before tiling existed).
constexpr double kFittedMargin = 24;
const QColor kGridColor(0x1a, 0x73, 0xe8);
const QColor kMarkColor(0x30, 0x30, 0x30);

QString failure(const QString& path, const QString& what) {
  return path + ": " + what;
}

// Everything that can be printed, in coordinates of what an export draws (paintedSize, or the
// region from its top-left): the header band, then every item, frame and edge.
std::vector<QRectF> inkedRects(const layout::Diagram& diagram, const ExportOptions& options) {
  const QPointF origin =
      diagramOrigin(diagram, options.paint) - options.region.topLeft(); // region: zero when empty
  std::vector<QRectF> rects;
  rects.reserve(1 + diagram.items.size() + diagram.frames.size() + diagram.edges.size());
  if (options.paint.header) // the title and legend, above the diagram
    rects.push_back(QRectF(0, 0, paintedSize(diagram, options.paint).width(),
                           diagramOrigin(diagram, options.paint).y() + diagram.bounds.y)
                        .translated(-options.region.topLeft()));
  auto add = [&](const layout::Rect& r) {
    rects.push_back(QRectF(r.x, r.y, r.width, r.height).translated(origin));
  };
  for (const auto& item : diagram.items)
    add(item.box);
  for (const auto& frame : diagram.frames)
    add(frame.box);
  for (const auto& edge : diagram.edges) {
    if (edge.path.points.empty())
      continue;
    double left = edge.path.points[0].x, right = left, top = edge.path.points[0].y, bottom = top;
    for (const layout::Point& p : edge.path.points) {
      left = std::min(left, p.x);
      right = std::max(right, p.x);
      top = std::min(top, p.y);
      bottom = std::max(bottom, p.y);
    }
    add({left, top, right - left, bottom - top});
  }
  return rects;
}

bool anyMeets(const std::vector<QRectF>& rects, const QRectF& part) {
  return std::any_of(rects.begin(), rects.end(), [&](const QRectF& r) {
    // A zero-width rectangle (a straight vertical edge) still counts.
    return r.left() <= part.right() && part.left() <= r.right() && r.top() <= part.bottom() &&
           part.top() <= r.bottom();
  });
}

struct Tile {
  int row = 0, column = 0;
  QRectF part; // drawing coordinates
};

std::vector<Tile> printedTiles(const TileGrid& grid, const std::vector<QRectF>& inked) {
  std::vector<Tile> tiles;
  for (int row = 0; row < grid.rows; ++row) {
    for (int column = 0; column < grid.columns; ++column) {
      const QRectF part = grid.tile(row, column);
      if (anyMeets(inked, part))
        tiles.push_back({row, column, part});
    }
  }
  return tiles;
}

PageSetup automaticSetup(const QSizeF& drawing) {
  PageSetup setup;
  setup.paper = kDefaultPaper;
  setup.landscape = drawing.width() > drawing.height();
  setup.tile = true;
  return setup;
}

QFont labelFont(const QPaintDevice& device, double size = kLabelFontSize, bool bold = false) {
  QFont font(QStringLiteral("DejaVu Sans"));
  font.setStyleStrategy(QFont::PreferNoShaping); // as diagram_painter's: no ligatures
  // Sized in painter units (points here), whatever DPI the device claims.
  font.setPointSizeF(size * 72.0 / std::max(1, device.logicalDpiY()));
  font.setBold(bold);
  return font;
}

// The page's top line: `left` elided to leave `right` whole.
void paintLabel(QPainter& painter, const SheetLayout& sheet, const QString& left,
                const QString& right) {
  painter.save();
  painter.setPen(kMarkColor);
  painter.setFont(labelFont(*painter.device()));
  const QFontMetricsF metrics(painter.font(), painter.device());
  const double right_width = metrics.horizontalAdvance(right) + 2;
  painter.drawText(QRectF(sheet.label.right() - right_width, sheet.label.top(), right_width,
                          sheet.label.height()),
                   Qt::AlignRight | Qt::AlignVCenter, right);
  const double room = sheet.label.width() - right_width - 12;
  painter.drawText(QRectF(sheet.label.left(), sheet.label.top(), room, sheet.label.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   metrics.elidedText(left, Qt::ElideMiddle, room));
  painter.restore();
}

// Crop marks at the corners of the content, outside it; where a neighbour follows to the right
// or below, ticks where its part starts (the overlap's inner edge), so that the next page,
// trimmed at its own marks, lines up there.
void paintCropMarks(QPainter& painter, const TileGrid& grid, const Tile& tile) {
  const QRectF c = grid.sheet.content;
  const double g = kCropMarkGap, l = kCropMarkLength;
  painter.save();
  painter.setPen(QPen(kMarkColor, 0.5));
  auto corner = [&](double x, double y, double dx, double dy) { // d: away from the content
    painter.drawLine(QPointF(x + dx * g, y), QPointF(x + dx * (g + l), y));
    painter.drawLine(QPointF(x, y + dy * g), QPointF(x, y + dy * (g + l)));
  };
  corner(c.left(), c.top(), -1, -1);
  corner(c.right(), c.top(), 1, -1);
  corner(c.left(), c.bottom(), -1, 1);
  corner(c.right(), c.bottom(), 1, 1);
  painter.setPen(QPen(kMarkColor, 0.5, Qt::DashLine));
  if (tile.column + 1 < grid.columns) {
    const double x = c.right() - grid.overlap;
    painter.drawLine(QPointF(x, c.top() - g), QPointF(x, c.top() - g - l));
    painter.drawLine(QPointF(x, c.bottom() + g), QPointF(x, c.bottom() + g + l));
  }
  if (tile.row + 1 < grid.rows) {
    const double y = c.bottom() - grid.overlap;
    painter.drawLine(QPointF(c.left() - g, y), QPointF(c.left() - g - l, y));
    painter.drawLine(QPointF(c.right() + g, y), QPointF(c.right() + g + l, y));
  }
  painter.restore();
}

// The overview cuts a tall drawing into bands of whole tile rows and sets them side by side,
// as many as make it largest on the sheet.
struct OverviewBands {
  int rows_per_band = 1;
  int count = 1;
  double scale = 1;
  QRectF band(const TileGrid& grid, const QSizeF& drawing, int index) const {
    const double left = std::min(0.0, grid.origin.x());
    const double right =
        std::max(drawing.width(), grid.origin.x() + grid.sheet.content.width() / grid.scale +
                                      (grid.columns - 1) * grid.step().width());
    const double top = grid.origin.y() + index * rows_per_band * grid.step().height();
    const double bottom =
        index + 1 == count ? drawing.height()
                           : grid.origin.y() + (index + 1) * rows_per_band * grid.step().height();
    return QRectF(left, top, right - left, std::max(0.0, bottom - top));
  }
};

OverviewBands chooseBands(const TileGrid& grid, const QSizeF& drawing) {
  const QSizeF room = grid.sheet.content.size();
  OverviewBands best;
  best.scale = 0;
  for (int per_band = grid.rows; per_band >= 1; --per_band) {
    OverviewBands bands;
    bands.rows_per_band = per_band;
    bands.count = (grid.rows + per_band - 1) / per_band;
    if (bands.count > 1 && bands.count == best.count)
      continue;
    double tallest = 0;
    for (int i = 0; i < bands.count; ++i)
      tallest = std::max(tallest, bands.band(grid, drawing, i).height());
    const double width = bands.band(grid, drawing, 0).width();
    const double across = (room.width() - (bands.count - 1) * kBandGap) / (bands.count * width);
    if (across <= 0)
      break;
    bands.scale = std::min(across, room.height() / std::max(1.0, tallest));
    if (bands.scale > best.scale * 1.05) // a band more only when it is clearly larger
      best = bands;
  }
  return best;
}

void paintOverview(QPainter& painter, const layout::Diagram& diagram, const ExportOptions& options,
                   const TileGrid& grid, const PdfPlan& plan, const std::vector<Tile>& tiles) {
  const OverviewBands bands = chooseBands(grid, plan.drawing);
  ExportOptions small = options;
  // Text only where it would print at a readable size; the title and legend are on page 2.
  small.paint.text = bands.scale * kSmallestDrawnText >= kSmallestPrintedText;
  small.paint.smallest_text = kSmallestPrintedText / bands.scale;
  small.paint.header = false;
  const QRectF content = grid.sheet.content;
  const double band_width = bands.band(grid, plan.drawing, 0).width() * bands.scale;
  const double used = bands.count * band_width + (bands.count - 1) * kBandGap;
  std::vector<int> page_of(static_cast<size_t>(grid.count()), 0);
  for (size_t i = 0; i < tiles.size(); ++i)
    page_of[tiles[i].row * grid.columns + tiles[i].column] = static_cast<int>(i) + 2;
  for (int b = 0; b < bands.count; ++b) {
    const QRectF band = bands.band(grid, plan.drawing, b);
    painter.save();
    painter.translate(content.left() + (content.width() - used) / 2 + b * (band_width + kBandGap),
                      content.top());
    painter.scale(bands.scale, bands.scale);
    painter.translate(-band.topLeft());
    painter.save();
    painter.setClipRect(band);
    painter.translate(band.topLeft());
    paintExportedPart(painter, diagram, small, band);
    painter.restore();
    // The grid: each tile's rectangle within the band, numbered by the page that prints it.
    for (int row = b * bands.rows_per_band;
         row < std::min(grid.rows, (b + 1) * bands.rows_per_band); ++row) {
      for (int column = 0; column < grid.columns; ++column) {
        const QRectF cell = grid.tile(row, column).intersected(band);
        const int page = page_of[row * grid.columns + column];
        QColor line = kGridColor;
        line.setAlphaF(page ? 0.8 : 0.3);
        painter.setPen(QPen(line, 0.8 / bands.scale, page ? Qt::SolidLine : Qt::DotLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(cell);
        // Large enough to find, light enough to see the boxes through.
        const double number_size =
            std::min({16.0, cell.height() * bands.scale * 0.3, cell.width() * bands.scale * 0.3});
        if (page && number_size >= kSmallestPrintedText) {
          QColor ink = kGridColor;
          ink.setAlphaF(0.6);
          painter.setPen(ink);
          painter.setFont(labelFont(*painter.device(), number_size / bands.scale, true));
          painter.drawText(cell, Qt::AlignCenter, QString::number(page));
        }
      }
    }
    painter.restore();
  }
  auto count = [](int n, const char* one, const char* many) {
    return QString("%1 %2").arg(n).arg(n == 1 ? one : many);
  };
  QString summary = QString("%1 — overview: %2 (%3 × %4) at %5%")
                        .arg(QString::fromStdString(diagram.title))
                        .arg(count(static_cast<int>(tiles.size()), "page", "pages"))
                        .arg(count(grid.rows, "row", "rows"))
                        .arg(count(grid.columns, "column", "columns"))
                        .arg(std::round(grid.scale * 1000) / 10);
  if (bands.count > 1)
    summary += QString(", shown in %1 strips, left to right").arg(bands.count);
  paintLabel(painter, grid.sheet, summary, QString("page 1 of %1").arg(plan.pages));
}

void paintTile(QPainter& painter, const layout::Diagram& diagram, const ExportOptions& options,
               const TileGrid& grid, const PdfPlan& plan, const Tile& tile, int page,
               const std::vector<QRectF>& header) {
  ExportOptions tiled = options;
  tiled.paint.smallest_text = kSmallestPrintedText / grid.scale;
  tiled.paint.header = anyMeets(header, tile.part);
  const QRectF content = grid.sheet.content;
  painter.save();
  painter.translate(content.topLeft());
  painter.setClipRect(QRectF(QPointF(0, 0), content.size()));
  painter.scale(grid.scale, grid.scale);
  paintExportedPart(painter, diagram, tiled, tile.part);
  painter.restore();
  paintCropMarks(painter, grid, tile);
  const QString groups = groupsUnder(diagram, options, tile.part);
  paintLabel(painter, grid.sheet,
             QString::fromStdString(diagram.title) + (groups.isEmpty() ? "" : " — " + groups),
             QString("row %1 of %2, column %3 of %4 · page %5 of %6")
                 .arg(tile.row + 1)
                 .arg(grid.rows)
                 .arg(tile.column + 1)
                 .arg(grid.columns)
                 .arg(page)
                 .arg(plan.pages));
}

void paintFitted(QPainter& painter, const layout::Diagram& diagram, const ExportOptions& options,
                 const PdfPlan& plan) {
  const QSizeF paper = paperSize(*plan.page);
  const QRectF area(kFittedMargin, kFittedMargin, paper.width() - 2 * kFittedMargin,
                    paper.height() - 2 * kFittedMargin);
  painter.translate(area.left() + (area.width() - plan.drawing.width() * plan.scale) / 2,
                    area.top() + (area.height() - plan.drawing.height() * plan.scale) / 2);
  painter.scale(plan.scale, plan.scale);
  paintExportedPart(painter, diagram, options, QRectF(QPointF(0, 0), plan.drawing));
}

} // namespace

QString groupsUnder(const layout::Diagram& diagram, const ExportOptions& options,
                    const QRectF& part) {
  const QPointF origin = diagramOrigin(diagram, options.paint) - options.region.topLeft();
  auto boxOf = [&](const layout::DiagramFrame& frame) {
    return QRectF(frame.box.x, frame.box.y, frame.box.width, frame.box.height).translated(origin);
  };
  const layout::DiagramFrame* anchor = nullptr;
  for (const auto& frame : diagram.frames) { // the innermost frame under the middle
    if (boxOf(frame).contains(part.center()) && (!anchor || frame.depth > anchor->depth))
      anchor = &frame;
  }
  if (!anchor) {
    double most = 0;
    for (const auto& frame : diagram.frames) {
      const QRectF shared = boxOf(frame).intersected(part);
      const double area = shared.width() * shared.height();
      if (area > most || (area == most && anchor && area > 0 && frame.depth < anchor->depth)) {
        most = area;
        anchor = &frame;
      }
    }
  }
  if (!anchor)
    return {};
  std::vector<const layout::DiagramFrame*> chain;
  for (const auto& frame : diagram.frames) {
    if (frame.depth <= anchor->depth && boxOf(frame).contains(boxOf(*anchor)))
      chain.push_back(&frame);
  }
  std::sort(chain.begin(), chain.end(),
            [](const auto* a, const auto* b) { return a->depth < b->depth; });
  QStringList names;
  for (const auto* frame : chain)
    names << QString::fromStdString(frame->label);
  // Between the groups inside it (a page between two layers): the first and last of those.
  std::vector<const layout::DiagramFrame*> inside;
  for (const auto& frame : diagram.frames) {
    if (frame.depth == anchor->depth + 1 && boxOf(*anchor).contains(boxOf(frame)) &&
        boxOf(frame).intersects(part))
      inside.push_back(&frame);
  }
  std::sort(inside.begin(), inside.end(), [](const auto* a, const auto* b) {
    return std::make_pair(a->box.y, a->box.x) < std::make_pair(b->box.y, b->box.x);
  });
  if (!inside.empty())
    names << QString::fromStdString(inside.front()->label) +
                 (inside.size() > 1 ? " … " + QString::fromStdString(inside.back()->label) : "");
  return names.join(QStringLiteral(" › "));
}

PdfPlan planPdf(const layout::Diagram& diagram, const ExportOptions& options) {
  PdfPlan plan;
  plan.drawing = exportedSize(diagram, options);
  plan.page = options.page;
  if (!plan.page) {
    if (plan.drawing.width() <= kMaxPdfPageSide && plan.drawing.height() <= kMaxPdfPageSide)
      return plan;
    plan.page = automaticSetup(plan.drawing);
    plan.tiled_for_size = true;
  }
  if (!plan.page->tile) {
    const QSizeF paper = paperSize(*plan.page);
    plan.scale = std::min((paper.width() - 2 * kFittedMargin) / plan.drawing.width(),
                          (paper.height() - 2 * kFittedMargin) / plan.drawing.height());
    return plan;
  }
  const TileGrid grid = planTiles(plan.drawing, *plan.page);
  plan.scale = grid.scale;
  plan.rows = grid.rows;
  plan.columns = grid.columns;
  plan.pages = 1 + static_cast<int>(printedTiles(grid, inkedRects(diagram, options)).size());
  return plan;
}

std::optional<QString> exportPagedPdf(const layout::Diagram& diagram, const QString& path,
                                      const ExportOptions& asked, const PdfPlan& plan,
                                      const std::function<void(int done, int pages)>& page_done) {
  // Each tiled page draws its own part: the index finds it without reading the whole diagram.
  const DiagramIndex index(diagram);
  ExportOptions options = asked;
  if (!options.paint.index)
    options.paint.index = &index;
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return failure(path, "cannot open for writing: " + file.errorString());
  // Named papers keep their exact sizes (595.276 x 841.89 for A4), so viewers call them A4.
  PdfPaintDevice pdf(&file, plan.page ? paperSize(*plan.page) : plan.drawing,
                     QString::fromStdString(diagram.title), QStringLiteral("irscope"));
  QPainter painter;
  if (!painter.begin(&pdf))
    return failure(path, "cannot start the PDF");
  if (!plan.page) {
    paintExportedPart(painter, diagram, options, QRectF(QPointF(0, 0), plan.drawing));
  } else if (!plan.page->tile) {
    paintFitted(painter, diagram, options, plan);
  } else {
    const TileGrid grid = planTiles(plan.drawing, *plan.page);
    const std::vector<Tile> tiles = printedTiles(grid, inkedRects(diagram, options));
    std::vector<QRectF> header = inkedRects(diagram, options);
    header.resize(options.paint.header ? 1 : 0); // the header band comes first
    const int pages = static_cast<int>(tiles.size()) + 1;
    paintOverview(painter, diagram, options, grid, plan, tiles);
    if (page_done)
      page_done(1, pages);
    for (size_t i = 0; i < tiles.size(); ++i) {
      if (!pdf.newPage())
        return failure(path, "cannot add a page");
      paintTile(painter, diagram, options, grid, plan, tiles[i], static_cast<int>(i) + 2, header);
      if (page_done)
        page_done(static_cast<int>(i) + 2, pages);
    }
  }
  if (!painter.end() || !pdf.ok())
    return failure(path, "cannot write: " + file.errorString());
  if (!file.commit())
    return failure(path, "cannot write: " + file.errorString());
  return std::nullopt;
}

} // namespace irscope::render
