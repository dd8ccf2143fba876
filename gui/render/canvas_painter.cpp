#include "gui/render/canvas_painter.h"

#include <QPainter>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace irscope::render {

namespace {

// Antialiasing and pens reach past what the index knows by up to a pixel or two: a part of the
// frame asks the painter for a little more around it, so that its edges match its neighbours'.
constexpr double kPartPaddingPixels = 3;

bool sameLegend(const std::optional<HeatLegend>& a, const std::optional<HeatLegend>& b) {
  if (a.has_value() != b.has_value())
    return false;
  if (!a)
    return true;
  if (a->swatches.size() != b->swatches.size())
    return false;
  for (size_t i = 0; i < a->swatches.size(); ++i)
    if (a->swatches[i].label != b->swatches[i].label ||
        a->swatches[i].color != b->swatches[i].color)
      return false;
  return a->title == b->title && a->scale == b->scale && a->low == b->low && a->high == b->high &&
         a->any_value == b->any_value && a->non_finite == b->non_finite && a->zero == b->zero &&
         a->ramp_start == b->ramp_start && a->ramp_title == b->ramp_title;
}

// Whether two sets of options draw the same picture (their `visible` and `index` aside).
bool sameLook(const PaintOptions& a, const PaintOptions& b) {
  return a.legend == b.legend && a.text == b.text && a.header == b.header &&
         a.smallest_text == b.smallest_text && a.coarse == b.coarse && a.dark == b.dark &&
         a.selected_items == b.selected_items && a.marked_items == b.marked_items &&
         a.item_fills == b.item_fills && sameLegend(a.heat_legend, b.heat_legend);
}

bool sameFrame(const CanvasView& a, const CanvasView& b) {
  return a.scale == b.scale && a.size == b.size && a.device_pixel_ratio == b.device_pixel_ratio &&
         a.background == b.background;
}

// Moves the image's pixels by (dx, dy), leaving what was uncovered as it was.
void scrollPixels(QImage& image, int dx, int dy) {
  const int width = image.width(), height = image.height();
  const int bytes = (width - std::abs(dx)) * 4; // 32-bit formats only
  const int to_x = std::max(dx, 0) * 4, from_x = std::max(-dx, 0) * 4;
  auto move = [&](int y) {
    std::memmove(image.scanLine(y) + to_x, image.constScanLine(y - dy) + from_x,
                 static_cast<size_t>(bytes));
  };
  if (dy > 0) {
    for (int y = height - 1; y >= dy; --y)
      move(y);
  } else {
    for (int y = 0; y < height + dy; ++y)
      move(y);
  }
}

} // namespace

void CanvasPainter::setDiagram(std::shared_ptr<const layout::Diagram> diagram) {
  if (diagram == diagram_)
    return;
  diagram_ = std::move(diagram);
  index_ = diagram_ ? std::make_unique<DiagramIndex>(*diagram_) : nullptr;
  frame_valid_ = false;
}

void CanvasPainter::paint(QPainter& painter, const PaintOptions& options, const CanvasView& asked) {
  if (!diagram_) {
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(asked.size)), asked.background);
    return;
  }
  CanvasView view = asked;
  const double ratio = view.device_pixel_ratio > 0 ? view.device_pixel_ratio : 1;
  view.offset =
      QPointF(std::round(view.offset.x() * ratio), std::round(view.offset.y() * ratio)) / ratio;
  const QSize pixels(static_cast<int>(std::ceil(view.size.width() * ratio)),
                     static_cast<int>(std::ceil(view.size.height() * ratio)));

  const bool reusable = frame_valid_ && sameFrame(view, frame_view_) &&
                        sameLook(options, frame_options_) && frame_.size() == pixels;
  const QPoint shift = ((view.offset - frame_view_.offset) * ratio).toPoint();
  if (!reusable || std::abs(shift.x()) >= pixels.width() ||
      std::abs(shift.y()) >= pixels.height()) {
    if (frame_.size() != pixels) {
      frame_ = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
      frame_.setDevicePixelRatio(ratio);
    }
    frame_view_ = view;
    frame_options_ = options;
    frame_valid_ = !frame_.isNull();
    paintPart(QRect(QPoint(0, 0), pixels));
    last_reuse_ = Reuse::Painted;
  } else if (shift.isNull()) {
    last_reuse_ = Reuse::Copied;
  } else {
    scrollPixels(frame_, shift.x(), shift.y());
    frame_view_.offset = view.offset;
    // The uncovered columns, full height; then the uncovered rows beside them.
    const int w = pixels.width(), h = pixels.height(), dx = shift.x(), dy = shift.y();
    if (dx > 0)
      paintPart(QRect(0, 0, dx, h));
    else if (dx < 0)
      paintPart(QRect(w + dx, 0, -dx, h));
    const int rows_left = std::max(dx, 0), rows_width = w - std::abs(dx);
    if (dy > 0)
      paintPart(QRect(rows_left, 0, rows_width, dy));
    else if (dy < 0)
      paintPart(QRect(rows_left, h + dy, rows_width, -dy));
    last_reuse_ = Reuse::Scrolled;
  }
  painter.drawImage(QPointF(0, 0), frame_);
}

void CanvasPainter::paintPart(const QRect& device_part) {
  if (frame_.isNull() || device_part.isEmpty())
    return;
  const double ratio = frame_.devicePixelRatio();
  const QRectF part(QPointF(device_part.topLeft()) / ratio, QSizeF(device_part.size()) / ratio);
  const double scale = frame_view_.scale;
  PaintOptions options = frame_options_;
  options.index = index_.get();
  const double padding = kPartPaddingPixels / ratio;
  const QRectF asked = part.adjusted(-padding, -padding, padding, padding);
  options.visible =
      QRectF((asked.topLeft() - frame_view_.offset) / scale - diagramOrigin(*diagram_, options),
             asked.size() / scale);
  QPainter painter(&frame_);
  painter.setClipRect(part);
  painter.fillRect(part, frame_view_.background);
  painter.translate(frame_view_.offset);
  painter.scale(scale, scale);
  paintDiagram(painter, *diagram_, options);
}

} // namespace irscope::render
