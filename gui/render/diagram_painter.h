#pragma once
#include "gui/render/ghost_boxes.h"
#include "gui/render/heat_map.h"
#include "layout/diagram.h"

#include <QPainter>
#include <QRectF>
#include <QSizeF>
#include <optional>
#include <vector>

namespace irscope::render {

struct DiagramIndex;

// The smallest text paintDiagram draws (edge labels), in painter units.
inline constexpr double kSmallestDrawnText = layout::kDetailFontSize - 1;

struct PaintOptions {
  bool legend = true;
  bool text = true; // false draws boxes only (low zoom)
  // false leaves the band of the title and legend blank, in the same place: tiles of a paged PDF
  // that do not reach it, and the overview page, where it would be too small to read.
  bool header = true;
  // Text too wide for its box is shrunk, to no less than this (painter units), then cut short
  // with "…". Paper sets it so that nothing prints below 6 pt.
  double smallest_text = 4;
  // For far-out zooms, where a box is a few pixels: no antialiasing, plain rectangles, straight
  // edges without arrowheads. Keeps a frame of a 10k-op graph fast.
  bool coarse = false;
  // Only what meets this rectangle (in diagram coordinates) is drawn; empty draws everything.
  // The canvas passes the exposed area so that large graphs pan smoothly.
  QRectF visible;
  // An index of this same diagram (diagram_index.h): with it, finding what meets `visible`
  // costs what is there, not the size of the diagram. It may also find a little more than
  // meets `visible` (it knows what reaches past its box: strokes, stacks, edge labels).
  const DiagramIndex* index = nullptr;
  std::vector<int> selected_items; // drawn with a highlight, as are their edges
  std::vector<int> marked_items;   // search hits and other marks
  bool dark = false; // light ink on a dark background (the dark theme); exports stay light
  // Fills that replace the op-family colours, one per item (an invalid colour keeps the item's
  // own), and the legend that explains them, shown instead of the op families' (heat_map.h).
  std::vector<QColor> item_fills;
  std::optional<HeatLegend> heat_legend;
  // Boxes for nodes the diagram does not hold (a comparison's removed nodes), drawn over it.
  // The canvas draws its own over its cached frame and leaves this empty; exports pass them.
  std::vector<GhostBox> ghosts;
};

// Where the diagram's own coordinates start inside what paintDiagram draws (below the header).
QPointF diagramOrigin(const layout::Diagram& diagram, const PaintOptions& options);

// The size in points that paintDiagram covers: the diagram, a margin, and the header with the
// title and legend.
QSizeF paintedSize(const layout::Diagram& diagram, const PaintOptions& options);

// Where the legend row sits in what paintDiagram draws; empty without a legend.
QRectF legendRect(const layout::Diagram& diagram, const PaintOptions& options);

// The heat legend on its own, in a panel: the canvas keeps it in view when the diagram's header
// has scrolled away or is too small to read. Drawn at the painter's scale, `dark` as in
// PaintOptions, in rows no wider than `max_width` (0: one row). The size is estimated; the
// panel is painted as large as its text turns out, which is never larger.
QSizeF heatLegendPanelSize(const HeatLegend& legend, double max_width = 0);
void paintHeatLegendPanel(QPainter& painter, const HeatLegend& legend, const QPointF& top_left,
                          bool dark, double max_width = 0);

// Draws the diagram with its top-left corner at the painter's origin, one unit per point.
// Every output (screen, SVG, PDF, PNG) goes through here, so they all look alike.
void paintDiagram(QPainter& painter, const layout::Diagram& diagram, const PaintOptions& options);

} // namespace irscope::render
