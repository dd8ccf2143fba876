#pragma once
#include "layout/diagram.h"

#include <QPainter>
#include <QRectF>
#include <QSizeF>

namespace irscope::render {

struct PaintOptions {
  bool legend = true;
  bool text = true; // false draws boxes only (low zoom)
};

// The size in points that paintDiagram covers: the diagram, a margin, and the header with the
// title and legend.
QSizeF paintedSize(const layout::Diagram& diagram, const PaintOptions& options);

// Draws the diagram with its top-left corner at the painter's origin, one unit per point.
// Every output (screen, SVG, PDF, PNG) goes through here, so they all look alike.
void paintDiagram(QPainter& painter, const layout::Diagram& diagram, const PaintOptions& options);

} // namespace irscope::render
