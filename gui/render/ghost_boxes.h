#pragma once
// Boxes for things the diagram does not hold: a node that a comparison found only in the other
// model, drawn with a dashed outline where it would have been. Drawn over a diagram in its own
// coordinates, by the canvas and by any export alike.
#include <QColor>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <vector>

namespace irscope::render {

struct GhostBox {
  QRectF box;     // in diagram coordinates, as layout::Rect
  QString title;  // the op, as the box of a real node would say it
  QString detail; // a second line (the node's name), may be empty
  QColor color;   // the outline and a faint fill
  bool selected = false;
};

// Paints the boxes with the painter set up as for paintDiagram's diagram coordinates (after
// translating by diagramOrigin). `text` false draws outlines only (far-out zooms).
void paintGhostBoxes(QPainter& painter, const std::vector<GhostBox>& ghosts, bool dark, bool text);

} // namespace irscope::render
