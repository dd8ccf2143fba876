#pragma once
// The canvas's frames: the diagram at the window's zoom and scroll position, drawn through
// paintDiagram, at a cost that follows what is on screen rather than the size of the graph.
//  - A spatial index (diagram_index.h) hands the painter only what meets the window.
//  - The last frame is kept. Painting it again unchanged is a copy; panning moves its pixels
//    and paints only the strips that came into view. Anything else that changes the picture
//    (zoom, window size, selection, marks, fills, theme, the diagram) paints it anew.
#include "gui/render/diagram_index.h"
#include "gui/render/diagram_painter.h"

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QSize>
#include <memory>

namespace irscope::render {

struct CanvasView {
  double scale = 1;
  QPointF offset; // where the painted diagram's (0, 0) lands, in widget pixels
  QSize size;     // the widget, in logical pixels
  double device_pixel_ratio = 1;
  QColor background;
};

class CanvasPainter {
public:
  // Indexes the diagram; null shows nothing. Holding the pointer keeps the diagram alive, and a
  // new pointer is a new picture.
  void setDiagram(std::shared_ptr<const layout::Diagram> diagram);
  const DiagramIndex* index() const { return index_.get(); }

  // Draws the whole window's frame on `painter` (widget coordinates, logical pixels): the
  // background, then the diagram with `options` (their `visible` and `index` are the canvas's
  // own). The offset is rounded to whole device pixels so that a pan moves whole pixels.
  void paint(QPainter& painter, const PaintOptions& options, const CanvasView& view);

  // How the last paint() made its frame, for tests and benchmarks.
  enum class Reuse { Painted, Scrolled, Copied };
  Reuse lastReuse() const { return last_reuse_; }

private:
  void paintPart(const QRect& device_part);

  std::shared_ptr<const layout::Diagram> diagram_;
  std::unique_ptr<DiagramIndex> index_;
  QImage frame_;
  bool frame_valid_ = false;
  PaintOptions frame_options_; // what frame_ shows
  CanvasView frame_view_;      // its offset rounded to device pixels
  Reuse last_reuse_ = Reuse::Painted;
};

} // namespace irscope::render
