#include "gui/render/diagram_painter.h"

#include "gui/render/diagram_index.h"
#include "gui/render/palette.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainterPath>
#include <algorithm>
#include <set>

namespace irscope::render {

namespace {

constexpr double kMargin = 18;
constexpr double kHeaderTitleSize = 14;
constexpr double kLegendSwatch = 10;
constexpr double kLegendPanelPadding = 7;
constexpr double kTitleGap = 2.5; // between a box's title and its detail lines
// Ink on boxes stays dark in both themes: the boxes keep their light fills.
const QColor kInk(0x2b, 0x33, 0x3e);
// What sits on the background follows the theme; paintDiagram picks the set per call.
struct BackgroundInk {
  QColor edge, muted, title, frame_fill, frame_line;
};
const BackgroundInk kLightInk{QColor(0x5b, 0x6b, 0x82), QColor(0x6b, 0x75, 0x82),
                              QColor(0x2b, 0x33, 0x3e), QColor(0xf4, 0xf6, 0xfb),
                              QColor(0xa9, 0xb4, 0xc4)};
const BackgroundInk kDarkInk{QColor(0x9a, 0xa8, 0xbc), QColor(0xa3, 0xad, 0xba),
                             QColor(0xe6, 0xea, 0xf0), QColor(0x2a, 0x30, 0x3a),
                             QColor(0x55, 0x60, 0x70)};
thread_local const BackgroundInk* ink = &kLightInk;
const QColor kSelection(0xe0, 0x5a, 0x00);
const QColor kMark(0x1a, 0x73, 0xe8);

// Devices turn point sizes into pixels by their own DPI (96 for a QImage, 72 for our SVG and
// PDF). Fonts are sized in painter units instead, so that text keeps its size relative to the
// boxes on every device; paintDiagram sets this factor for the device it paints on.
thread_local double font_scale = 1.0;

QFont font(double size, bool bold = false) {
  QFont f(QStringLiteral("DejaVu Sans"));
  // No ligatures: "l1_flat" must stay f, l in a PDF's text, or searching and copying it fails.
  f.setStyleStrategy(QFont::PreferNoShaping);
  f.setPointSizeF(size * font_scale);
  f.setBold(bold);
  return f;
}

double legendWidth(const layout::Diagram& diagram, const PaintOptions& options);

std::vector<ir::OpCategory> categoriesUsed(const layout::Diagram& diagram) {
  std::set<ir::OpCategory> used;
  for (const auto& item : diagram.items) {
    if (item.kind == layout::ItemKind::Op)
      used.insert(item.category);
  }
  std::vector<ir::OpCategory> ordered;
  for (ir::OpCategory category : ir::kAllOpCategories) {
    if (used.count(category))
      ordered.push_back(category);
  }
  return ordered;
}

double headerHeight(const layout::Diagram& diagram, const PaintOptions& options) {
  double height = kHeaderTitleSize * 1.6;
  if (options.legend)
    height += kLegendSwatch * 2;
  height += diagram.notes.size() * layout::kDetailFontSize * 1.5;
  return height;
}

// Draws `text` centred in `rect`, shrinking the font if the estimate the layout used was short,
// to no less than `smallest` (painter units); past that the text is cut short with "…".
void drawFitted(QPainter& painter, const QRectF& rect, QString text, QFont f, double smallest) {
  const double available = rect.width();
  const double needed = QFontMetricsF(f, painter.device()).horizontalAdvance(text);
  if (needed > available && needed > 0) {
    const double floor = std::min(f.pointSizeF(), smallest * font_scale);
    f.setPointSizeF(std::max(floor, f.pointSizeF() * available / needed));
    text = QFontMetricsF(f, painter.device()).elidedText(text, Qt::ElideRight, available);
  }
  painter.setFont(f);
  painter.drawText(rect, Qt::AlignCenter, text);
}

// The pieces of a heat legend, left to right. Sizing walks them with the layout's text estimate
// (there is no painter yet), painting with the real font, which the estimate never undercuts.
struct HeatLegendPiece {
  enum Kind { Text, Ramp, Swatch } kind = Text;
  QString text;
  QColor color;                        // Swatch only
  double ramp_start = 0.0;             // Ramp only: where on the ramp it starts
  HeatScale scale = HeatScale::Linear; // Ramp only: the share scale has its own colours
  bool joined = false; // stays on the row of the piece before it ("0%", ramp, "100%")
};

QColor rampColor(HeatScale scale, double t) {
  return scale == HeatScale::Share ? shareColor(t) : heatColor(t);
}

constexpr double kHeatLegendGap = 8;
constexpr double kRampWidth = 120;
constexpr double kLegendRowHeight = kLegendSwatch + 4;
constexpr double kLegendRowGap = 4;

std::vector<HeatLegendPiece> heatLegendPieces(const HeatLegend& legend) {
  std::vector<HeatLegendPiece> pieces;
  auto text = [&](const QString& t, bool joined = false) {
    pieces.push_back({HeatLegendPiece::Text, t, {}, 0, {}, joined});
  };
  auto swatch = [&](const QColor& color, const QString& label) {
    pieces.push_back({HeatLegendPiece::Swatch, label, color, 0, {}, false});
  };
  auto ramp = [&] {
    text(heatValueText(legend.low, legend.scale));
    pieces.push_back({HeatLegendPiece::Ramp, {}, {}, legend.ramp_start, legend.scale, true});
    text(heatValueText(legend.high, legend.scale), true);
  };
  text(QStringLiteral("Colour: ") + legend.title);
  const auto noted = [&] {
    if (!legend.note.isEmpty())
      text(legend.note);
    return pieces;
  };
  if (!legend.swatches.empty()) {
    // Classes first; the ramp only for what carries a value besides (groups by their share).
    for (const LegendSwatch& class_swatch : legend.swatches)
      swatch(class_swatch.color, class_swatch.label);
    if (legend.any_value) {
      if (!legend.ramp_title.isEmpty())
        text(legend.ramp_title);
      ramp();
    }
    return noted();
  }
  if (!legend.any_value) {
    text(QStringLiteral("(no values)"));
    return noted();
  }
  if (legend.scale == HeatScale::Flag) {
    swatch(heatColor(0), QStringLiteral("all finite"));
  } else {
    if (legend.zero && legend.high > 0)
      swatch(heatColor(0), QStringLiteral("0"));
    if (legend.low < legend.high) {
      ramp();
    } else if (legend.high > 0 || !legend.non_finite) {
      // One value only: a single swatch, in the colour buildHeatMap gave it, says what it is.
      const bool log_top = legend.scale == HeatScale::Log && legend.high > 0;
      swatch(heatColor(log_top ? 1 : 0), heatValueText(legend.high, legend.scale));
    }
  }
  if (legend.non_finite || legend.scale == HeatScale::Flag)
    swatch(nonFiniteColor(), QStringLiteral("NaN/Inf"));
  return noted();
}

// Where each piece of the legend goes, left to right, wrapping before a piece (with the pieces
// joined to it) that would pass `max_width`; 0 keeps one row.
struct LegendPlacement {
  std::vector<QPointF> at; // per piece, relative to the legend's top left
  QSizeF size;
};

template <typename TextWidth>
LegendPlacement placeHeatLegend(const std::vector<HeatLegendPiece>& pieces, TextWidth text_width,
                                double max_width) {
  auto width_of = [&](const HeatLegendPiece& piece) {
    return piece.kind == HeatLegendPiece::Ramp     ? kRampWidth
           : piece.kind == HeatLegendPiece::Swatch ? kLegendSwatch + 4 + text_width(piece.text)
                                                   : text_width(piece.text);
  };
  LegendPlacement placement;
  placement.at.resize(pieces.size());
  double x = 0, y = 0, widest = 0;
  for (size_t first = 0; first < pieces.size();) {
    size_t end = first + 1; // the piece and those joined to it move together
    double unit = width_of(pieces[first]);
    while (end < pieces.size() && pieces[end].joined)
      unit += kHeatLegendGap + width_of(pieces[end++]);
    if (max_width > 0 && x > 0 && x + unit > max_width) {
      x = 0;
      y += kLegendRowHeight + kLegendRowGap;
    }
    for (size_t i = first; i < end; ++i) {
      placement.at[i] = QPointF(x, y);
      x += width_of(pieces[i]) + kHeatLegendGap;
    }
    widest = std::max(widest, x - kHeatLegendGap);
    first = end;
  }
  placement.size = QSizeF(widest, y + kLegendRowHeight);
  return placement;
}

// Estimated with the layout's text metrics: there is no painter when sizing.
QSizeF estimatedHeatLegendSize(const HeatLegend& legend, double max_width = 0) {
  return placeHeatLegend(
             heatLegendPieces(legend),
             [](const QString& text) {
               return layout::estimateTextWidth(text.toStdString(), layout::kDetailFontSize);
             },
             max_width)
      .size;
}

double heatLegendWidth(const HeatLegend& legend) {
  return estimatedHeatLegendSize(legend).width();
}

// Paints the legend from (x, y), in rows no wider than `max_width` (0: one row), or with `draw`
// false only measures it; returns the size it covers.
QSizeF paintHeatLegend(QPainter& painter, const HeatLegend& legend, double x, double y,
                       bool draw = true, double max_width = 0) {
  painter.setFont(font(layout::kDetailFontSize));
  const QFontMetricsF metrics(painter.font(), painter.device());
  const std::vector<HeatLegendPiece> pieces = heatLegendPieces(legend);
  const LegendPlacement placement = placeHeatLegend(
      pieces, [&](const QString& text) { return metrics.horizontalAdvance(text); }, max_width);
  if (!draw)
    return placement.size;
  const double row = kLegendRowHeight;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const HeatLegendPiece& piece = pieces[i];
    const double left = x + placement.at[i].x(), top = y + placement.at[i].y();
    const double text_width = metrics.horizontalAdvance(piece.text);
    switch (piece.kind) {
    case HeatLegendPiece::Text:
      painter.setPen(ink->title);
      painter.drawText(QRectF(left, top, text_width + 2, row), Qt::AlignLeft | Qt::AlignVCenter,
                       piece.text);
      break;
    case HeatLegendPiece::Ramp: {
      const QRectF bar(left, top + 2, kRampWidth, kLegendSwatch);
      QLinearGradient gradient(bar.topLeft(), bar.topRight());
      for (int stop = 0; stop <= 8; ++stop)
        gradient.setColorAt(
            stop / 8.0,
            rampColor(piece.scale, piece.ramp_start + (1 - piece.ramp_start) * stop / 8.0));
      if (piece.scale == HeatScale::Share) // "all" is a step of its own at the end
        gradient.setColorAt(0.93, shareColor(0.999));
      painter.setPen(QPen(ink->edge, 0.6));
      painter.setBrush(gradient);
      painter.drawRect(bar);
      break;
    }
    case HeatLegendPiece::Swatch:
      painter.setPen(QPen(ink->edge, 0.6));
      painter.setBrush(piece.color);
      painter.drawRoundedRect(QRectF(left, top + 2, kLegendSwatch, kLegendSwatch), 2, 2);
      painter.setPen(ink->title);
      painter.drawText(QRectF(left + kLegendSwatch + 4, top, text_width + 2, row),
                       Qt::AlignLeft | Qt::AlignVCenter, piece.text);
      break;
    }
  }
  return placement.size;
}

// Sets up the per-call state paintDiagram and the legend panel share.
void beginPainting(QPainter& painter, bool dark) {
  const int dpi = painter.device() ? painter.device()->logicalDpiY() : 72;
  font_scale = dpi > 0 ? 72.0 / dpi : 1.0;
  ink = dark ? &kDarkInk : &kLightInk;
}

// Dark ink on light fills, light ink on the dark end of the heat ramp and on red.
QColor inkOn(const QColor& fill) {
  return fill.lightnessF() < 0.55 ? QColor(0xf7, 0xf9, 0xfc) : kInk;
}

void paintHeader(QPainter& painter, const layout::Diagram& diagram, const PaintOptions& options,
                 double width) {
  painter.setPen(ink->title);
  painter.setFont(font(kHeaderTitleSize, true));
  double y = kMargin;
  painter.drawText(QRectF(kMargin, y, width, kHeaderTitleSize * 1.5),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(diagram.title));
  y += kHeaderTitleSize * 1.6;
  if (options.legend && options.heat_legend) {
    paintHeatLegend(painter, *options.heat_legend, kMargin, y);
    y += kLegendSwatch * 2;
  } else if (options.legend) {
    double x = kMargin;
    painter.setFont(font(layout::kDetailFontSize));
    const QFontMetricsF metrics(painter.font(), painter.device());
    for (ir::OpCategory category : categoriesUsed(diagram)) {
      const QString name = QString::fromUtf8(ir::categoryName(category).data(),
                                             static_cast<int>(ir::categoryName(category).size()));
      painter.setPen(QPen(ink->edge, 0.6));
      painter.setBrush(categoryColor(category));
      painter.drawRoundedRect(QRectF(x, y + 2, kLegendSwatch, kLegendSwatch), 2, 2);
      painter.setPen(ink->title);
      const double text_width = metrics.horizontalAdvance(name);
      painter.drawText(QRectF(x + kLegendSwatch + 4, y, text_width + 2, kLegendSwatch + 4),
                       Qt::AlignLeft | Qt::AlignVCenter, name);
      x += kLegendSwatch + 4 + text_width + 14;
    }
    y += kLegendSwatch * 2;
  }
  painter.setPen(ink->muted);
  painter.setFont(font(layout::kDetailFontSize));
  for (const std::string& note : diagram.notes) {
    painter.drawText(QRectF(kMargin, y, width, layout::kDetailFontSize * 1.5),
                     Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(note));
    y += layout::kDetailFontSize * 1.5;
  }
}

void paintFrames(QPainter& painter, const layout::Diagram& diagram,
                 const std::vector<int>& to_draw) {
  for (int f : to_draw) {
    const layout::DiagramFrame& frame = diagram.frames[f];
    const QRectF rect(frame.box.x, frame.box.y, frame.box.width, frame.box.height);
    // Nested frames get slightly deeper shades.
    painter.setPen(QPen(ink->frame_line, 0.8, Qt::SolidLine));
    painter.setBrush(ink->frame_fill.darker(100 + 3 * frame.depth));
    painter.drawRoundedRect(rect, 6, 6);
  }
}

// Frame titles go over the edges: an edge that enters a frame near its top left would otherwise
// cross out the title. Each sits on a patch of its frame's fill, so the edge passes under it.
void paintFrameTitles(QPainter& painter, const layout::Diagram& diagram,
                      const PaintOptions& options, const std::vector<int>& to_draw) {
  if (!options.text)
    return;
  painter.setFont(font(layout::kFrameTitleFontSize, true));
  const QFontMetricsF metrics(painter.font(), painter.device());
  for (int f : to_draw) {
    const layout::DiagramFrame& frame = diagram.frames[f];
    const QRectF rect(frame.box.x, frame.box.y, frame.box.width, frame.box.height);
    // Top left, clear of the edges that enter frames near the middle of their top.
    const QRectF area = rect.adjusted(8, 3, -8, 0);
    const QString label = QString::fromStdString(frame.label);
    const QRectF text = metrics.boundingRect(area, Qt::AlignTop | Qt::AlignLeft, label) & area;
    painter.setPen(Qt::NoPen);
    painter.setBrush(ink->frame_fill.darker(100 + 3 * frame.depth));
    painter.drawRoundedRect(text.adjusted(-2, 0, 2, 0), 2, 2);
    painter.setPen(ink->muted);
    painter.drawText(area, Qt::AlignTop | Qt::AlignLeft, label);
  }
}

QRectF boundsOf(const layout::EdgePath& path) {
  if (path.points.empty())
    return {};
  double left = path.points[0].x, right = left, top = path.points[0].y, bottom = top;
  for (const layout::Point& p : path.points) {
    left = std::min(left, p.x);
    right = std::max(right, p.x);
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y);
  }
  return QRectF(left, top, right - left, bottom - top).adjusted(-10, -10, 10, 10);
}

void paintEdge(QPainter& painter, const layout::DiagramEdge& edge, const PaintOptions& options,
               bool highlighted) {
  const auto& points = edge.path.points;
  if (points.size() < 2)
    return;
  if (options.coarse) {
    // The on-curve points joined by straight lines: close enough when a box is a few pixels.
    QPolygonF line;
    for (size_t i = 0; i < points.size(); i += 3)
      line << QPointF(points[i].x, points[i].y);
    if (edge.path.has_arrow)
      line << QPointF(edge.path.tip.x, edge.path.tip.y);
    painter.setPen(QPen(highlighted ? kSelection : ink->edge, 0));
    painter.drawPolyline(line);
    return;
  }
  QPainterPath path(QPointF(points[0].x, points[0].y));
  size_t i = 1;
  for (; i + 2 < points.size(); i += 3) // cubic segments: two control points, then the end
    path.cubicTo(QPointF(points[i].x, points[i].y), QPointF(points[i + 1].x, points[i + 1].y),
                 QPointF(points[i + 2].x, points[i + 2].y));
  for (; i < points.size(); ++i) // a plain polyline when splines are off
    path.lineTo(QPointF(points[i].x, points[i].y));
  const QColor color = highlighted ? kSelection : ink->edge;
  QPen pen(color,
           highlighted       ? 2.0
           : edge.side_input ? 0.7
                             : 1.0,
           edge.side_input ? Qt::DashLine : Qt::SolidLine);
  painter.setPen(pen);
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(path);

  if (edge.path.has_arrow) {
    const QPointF tip(edge.path.tip.x, edge.path.tip.y);
    const QPointF base(points.back().x, points.back().y);
    const QPointF along = tip - base;
    const QPointF across(-along.y() * 0.45, along.x() * 0.45);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawPolygon(QPolygonF({tip, base + across, base - across}));
  }
  if (options.text && !edge.label.empty()) {
    painter.setPen(ink->muted);
    painter.setFont(font(kSmallestDrawnText));
    const QString label = QString::fromStdString(edge.label);
    const double width =
        QFontMetricsF(painter.font(), painter.device()).horizontalAdvance(label) + 2;
    painter.drawText(QRectF(edge.label_center.x, edge.label_center.y - 6, width, 12),
                     Qt::AlignLeft | Qt::AlignVCenter, label);
  }
}

void paintItem(QPainter& painter, const layout::DiagramItem& item, const PaintOptions& options,
               const QColor& outline, const QColor& heat_fill) {
  const QRectF rect(item.box.x, item.box.y, item.box.width, item.box.height);
  const QColor fill = heat_fill.isValid()                 ? heat_fill
                      : item.kind == layout::ItemKind::Op ? categoryColor(item.category)
                                                          : kindColor(item.kind);
  const bool emphasised = outline != ink->edge;
  if (options.coarse) {
    painter.fillRect(rect, emphasised ? outline : fill);
    return;
  }
  painter.setPen(QPen(outline, emphasised                                      ? 2.4
                               : item.kind == layout::ItemKind::CollapsedGroup ? 1.4
                                                                               : 0.8));
  painter.setBrush(fill);
  switch (item.kind) {
  case layout::ItemKind::GraphInput:
  case layout::ItemKind::GraphOutput:
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2);
    break;
  case layout::ItemKind::Weight:
  case layout::ItemKind::Constant:
    painter.drawRect(rect);
    break;
  case layout::ItemKind::CollapsedGroup: {
    // A stack of cards: it holds more than it shows.
    painter.drawRoundedRect(rect.translated(3, 3), 4, 4);
    painter.drawRoundedRect(rect, 4, 4);
    break;
  }
  case layout::ItemKind::Op:
    painter.drawRoundedRect(rect, 4, 4);
    break;
  case layout::ItemKind::Stub: {
    // A port with a dashed outline: the value arrives from elsewhere (its producer).
    QPen pen = painter.pen();
    pen.setStyle(emphasised ? Qt::SolidLine : Qt::DashLine);
    painter.setPen(pen);
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2);
    break;
  }
  }
  if (!options.text || item.lines.empty())
    return;
  if (item.kind == layout::ItemKind::Stub) {
    painter.setPen(inkOn(fill));
    drawFitted(painter, rect.adjusted(3, 0, -3, 0), QString::fromStdString(item.lines.front()),
               font(layout::kStubFontSize), options.smallest_text);
    return;
  }
  painter.setPen(inkOn(fill));
  const double title_height = layout::kTitleFontSize * 1.3;
  const double detail_height = layout::kDetailFontSize * 1.3;
  // The title's underscores and descenders sit low in its line ("batch_norm_"): a gap, taken
  // from the box's padding, keeps them off the shape line below at every zoom.
  const double gap = item.lines.size() > 1 ? kTitleGap : 0;
  const double text_height = title_height + gap + (item.lines.size() - 1) * detail_height;
  double y = rect.center().y() - text_height / 2;
  const QRectF inner = rect.adjusted(4, 0, -4, 0);
  for (size_t i = 0; i < item.lines.size(); ++i) {
    const double line_height = i == 0 ? title_height : detail_height;
    drawFitted(painter, QRectF(inner.left(), y, inner.width(), line_height),
               QString::fromStdString(item.lines[i]),
               i == 0 ? font(layout::kTitleFontSize, item.kind != layout::ItemKind::Weight)
                      : font(layout::kDetailFontSize),
               options.smallest_text);
    y += line_height + (i == 0 ? gap : 0);
  }
}

// What paintDiagram draws of `count` things, in drawing order: everything when nothing is culled;
// else what the index finds in the visible part, or without an index each thing whose box
// meets it.
template <typename BoxOf>
std::vector<int> toDraw(size_t count, const BoxGrid* grid, const PaintOptions& options,
                        BoxOf box_of) {
  std::vector<int> found;
  if (options.visible.isEmpty()) {
    found.resize(count);
    for (size_t i = 0; i < count; ++i)
      found[i] = static_cast<int>(i);
  } else if (grid && grid->size() == count) {
    const QRectF& v = options.visible;
    found = grid->overlapping({v.x(), v.y(), v.width(), v.height()});
  } else {
    for (size_t i = 0; i < count; ++i)
      if (options.visible.intersects(box_of(i)))
        found.push_back(static_cast<int>(i));
  }
  return found;
}

// Estimated from the layout's text metrics, since there is no painter yet when sizing.
double legendWidth(const layout::Diagram& diagram, const PaintOptions& options) {
  if (options.heat_legend)
    return heatLegendWidth(*options.heat_legend);
  double width = 0;
  for (ir::OpCategory category : categoriesUsed(diagram))
    width += kLegendSwatch + 4 +
             layout::estimateTextWidth(std::string(ir::categoryName(category)),
                                       layout::kDetailFontSize) +
             14;
  return width;
}

} // namespace

QSizeF paintedSize(const layout::Diagram& diagram, const PaintOptions& options) {
  double width = diagram.bounds.width;
  width = std::max(width, layout::estimateTextWidth(diagram.title, kHeaderTitleSize) * 1.1);
  if (options.legend)
    width = std::max(width, legendWidth(diagram, options));
  for (const std::string& note : diagram.notes)
    width = std::max(width, layout::estimateTextWidth(note, layout::kDetailFontSize));
  return {width + 2 * kMargin,
          diagram.bounds.height + 2 * kMargin + headerHeight(diagram, options)};
}

QPointF diagramOrigin(const layout::Diagram& diagram, const PaintOptions& options) {
  return {kMargin - diagram.bounds.x, kMargin + headerHeight(diagram, options) - diagram.bounds.y};
}

QRectF legendRect(const layout::Diagram& diagram, const PaintOptions& options) {
  if (!options.legend)
    return {};
  return QRectF(kMargin, kMargin + kHeaderTitleSize * 1.6, legendWidth(diagram, options),
                kLegendSwatch * 2);
}

QSizeF heatLegendPanelSize(const HeatLegend& legend, double max_width) {
  const double inner = max_width > 0 ? std::max(1.0, max_width - 2 * kLegendPanelPadding) : 0;
  return estimatedHeatLegendSize(legend, inner) +
         QSizeF(2 * kLegendPanelPadding, 2 * kLegendPanelPadding);
}

void paintHeatLegendPanel(QPainter& painter, const HeatLegend& legend, const QPointF& top_left,
                          bool dark, double max_width) {
  beginPainting(painter, dark);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  const double inner = max_width > 0 ? std::max(1.0, max_width - 2 * kLegendPanelPadding) : 0;
  const QSizeF size = paintHeatLegend(painter, legend, 0, 0, false, inner) + // measured
                      QSizeF(2 * kLegendPanelPadding, 2 * kLegendPanelPadding);
  QColor fill = ink->frame_fill;
  fill.setAlpha(235);
  painter.setPen(QPen(ink->frame_line, 0.8));
  painter.setBrush(fill);
  painter.drawRoundedRect(QRectF(top_left, size), 5, 5);
  paintHeatLegend(painter, legend, top_left.x() + kLegendPanelPadding,
                  top_left.y() + kLegendPanelPadding, true, inner);
  painter.restore();
}

void paintDiagram(QPainter& painter, const layout::Diagram& diagram, const PaintOptions& options) {
  beginPainting(painter, options.dark);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, !options.coarse);
  painter.setRenderHint(QPainter::TextAntialiasing);
  // The header sits above the diagram's top (bounds.y in the diagram's coordinates).
  const bool culling = !options.visible.isEmpty();
  if (options.header && (!culling || options.visible.top() < diagram.bounds.y))
    paintHeader(painter, diagram, options, paintedSize(diagram, options).width() - 2 * kMargin);
  painter.translate(diagramOrigin(diagram, options));
  auto rectOf = [](const layout::Rect& r) { return QRectF(r.x, r.y, r.width, r.height); };

  // Sorted copies: looked up per drawn item, never sized by the diagram.
  auto sorted = [](std::vector<int> items) {
    std::sort(items.begin(), items.end());
    return items;
  };
  const std::vector<int> selected_items = sorted(options.selected_items);
  const std::vector<int> marked_items = sorted(options.marked_items);
  auto selected = [&](int item) {
    return std::binary_search(selected_items.begin(), selected_items.end(), item);
  };
  auto marked = [&](int item) {
    return std::binary_search(marked_items.begin(), marked_items.end(), item);
  };

  const std::vector<int> frames =
      toDraw(diagram.frames.size(), options.index ? &options.index->frames : nullptr, options,
             [&](size_t f) { return rectOf(diagram.frames[f].box); });
  paintFrames(painter, diagram, frames);
  const std::vector<int> edges =
      toDraw(diagram.edges.size(), options.index ? &options.index->edges : nullptr, options,
             [&](size_t e) { return boundsOf(diagram.edges[e].path); });
  std::vector<const layout::DiagramEdge*> highlighted;
  for (int e : edges) {
    const layout::DiagramEdge& edge = diagram.edges[e];
    if (selected(edge.from) || selected(edge.to))
      highlighted.push_back(&edge); // drawn last, over the others
    else
      paintEdge(painter, edge, options, false);
  }
  for (const auto* edge : highlighted)
    paintEdge(painter, *edge, options, true);
  paintFrameTitles(painter, diagram, options, frames);
  const std::vector<int> items =
      toDraw(diagram.items.size(), options.index ? &options.index->items : nullptr, options,
             [&](size_t i) { return rectOf(diagram.items[i].box); });
  for (int i : items) {
    const auto& item = diagram.items[i];
    const QColor heat_fill =
        static_cast<size_t>(i) < options.item_fills.size() ? options.item_fills[i] : QColor();
    paintItem(painter, item, options,
              selected(i) ? kSelection
              : marked(i) ? kMark
                          : ink->edge,
              heat_fill);
  }
  if (!options.ghosts.empty()) {
    std::vector<GhostBox> shown;
    for (const GhostBox& ghost : options.ghosts)
      if (options.visible.isEmpty() || options.visible.intersects(ghost.box))
        shown.push_back(ghost);
    paintGhostBoxes(painter, shown, options.dark, options.text);
  }
  painter.restore();
}

} // namespace irscope::render
