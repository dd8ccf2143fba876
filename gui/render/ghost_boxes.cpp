#include "gui/render/ghost_boxes.h"

#include "layout/diagram.h"

#include <QFontMetricsF>
#include <QPaintDevice>

namespace irscope::render {

namespace {

// In painter units, as the diagram's own boxes size their text (see diagram_painter.cpp).
QFont ghostFont(const QPainter& painter, double size, bool bold) {
  const int dpi = painter.device() ? painter.device()->logicalDpiY() : 72;
  QFont font(QStringLiteral("DejaVu Sans"));
  font.setStyleStrategy(QFont::PreferNoShaping);
  font.setPointSizeF(size * (dpi > 0 ? 72.0 / dpi : 1.0));
  font.setBold(bold);
  font.setItalic(true);
  return font;
}

void drawLine(QPainter& painter, const QRectF& rect, const QString& text, const QFont& font) {
  const QString elided =
      QFontMetricsF(font, painter.device()).elidedText(text, Qt::ElideRight, rect.width());
  painter.setFont(font);
  painter.drawText(rect, Qt::AlignCenter, elided);
}

} // namespace

void paintGhostBoxes(QPainter& painter, const std::vector<GhostBox>& ghosts, bool dark, bool text) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  for (const GhostBox& ghost : ghosts) {
    QColor fill = ghost.color;
    fill.setAlphaF(dark ? 0.18 : 0.10);
    QPen pen(ghost.color, ghost.selected ? 2.6 : 1.4, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(fill);
    painter.drawRoundedRect(ghost.box, 4, 4);
    if (!text)
      continue;
    // Text in the outline's colour, darkened on light paper so that it reads as a shadow of a
    // box rather than a box.
    painter.setPen(dark ? ghost.color.lighter(130) : ghost.color.darker(140));
    const QRectF inner = ghost.box.adjusted(4, 0, -4, 0);
    const double title_height = layout::kTitleFontSize * 1.3;
    const double detail_height = ghost.detail.isEmpty() ? 0 : layout::kDetailFontSize * 1.3;
    double y = ghost.box.center().y() - (title_height + detail_height) / 2;
    drawLine(painter, QRectF(inner.left(), y, inner.width(), title_height), ghost.title,
             ghostFont(painter, layout::kTitleFontSize, true));
    y += title_height;
    if (!ghost.detail.isEmpty())
      drawLine(painter, QRectF(inner.left(), y, inner.width(), detail_height), ghost.detail,
               ghostFont(painter, layout::kDetailFontSize, false));
  }
  painter.restore();
}

} // namespace irscope::render
