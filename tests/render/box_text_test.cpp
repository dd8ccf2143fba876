// Text in a box never runs into the next line: a title's underscore ("batch_norm_") stays clear
// of the shape below it, at the zooms the canvas draws text at.
#include "gui/render/diagram_painter.h"

#include <QImage>
#include <QPainter>
#include <gtest/gtest.h>

namespace irscope::render {
namespace {

// One box as the layout sizes it: a title line and detail lines.
layout::Diagram oneBox(layout::ItemKind kind, std::vector<std::string> lines) {
  layout::Diagram diagram;
  layout::DiagramItem item;
  item.kind = kind;
  item.category = ir::OpCategory::Normalization;
  item.lines = std::move(lines);
  const double height = layout::kTitleFontSize * 1.3 +
                        (item.lines.size() - 1) * layout::kDetailFontSize * 1.3 + 2 * 6;
  item.box = {0, 0, 120, height};
  diagram.items.push_back(item);
  diagram.bounds = {0, 0, 120, height};
  return diagram;
}

// The first and last rows that hold ink (text: darker than the box's fill and its outline)
// inside the box, as the canvas paints it at `zoom`; {-1, -1} when none do.
std::pair<int, int> inkRows(const layout::Diagram& diagram, double zoom) {
  PaintOptions options;
  options.legend = false;
  options.header = false;
  const QSizeF size = paintedSize(diagram, options) * zoom;
  QImage image(size.toSize() + QSize(2, 2), QImage::Format_ARGB32);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    painter.scale(zoom, zoom);
    paintDiagram(painter, diagram, options);
  }
  const QPointF origin = diagramOrigin(diagram, options);
  const layout::Rect& box = diagram.items[0].box;
  // Inside the outline by a few points.
  const QRect inside(
      QPoint(int((origin.x() + box.x + 6) * zoom), int((origin.y() + box.y + 2) * zoom)),
      QPoint(int((origin.x() + box.right() - 6) * zoom),
             int((origin.y() + box.bottom() - 2) * zoom)));
  std::pair<int, int> rows{-1, -1};
  for (int y = inside.top(); y <= inside.bottom(); ++y)
    for (int x = inside.left(); x <= inside.right(); ++x)
      if (QColor(image.pixel(x, y)).lightnessF() < 0.7) {
        if (rows.first < 0)
          rows.first = y;
        rows.second = y;
        break;
      }
  return rows;
}

TEST(BoxText, ATitlesUnderscoreStaysClearOfTheShapeLineBelow) {
  // The two lines painted apart, each in the place it has in the box with both: between the
  // title's lowest ink (its underscore) and the shape line's highest, 2.5 pt stay clear. (At
  // screen sizes, hinting moves glyphs by a pixel; without that room they touch.)
  using layout::ItemKind;
  struct Case {
    ItemKind kind;
    std::vector<std::string> title_only, detail_only;
  };
  const Case cases[] = {
      {ItemKind::Op, {"batch_norm_", ""}, {"", "1x32x32x32"}},
      // A decoder's layer as it opens, collapsed: "_0" over its class.
      {ItemKind::CollapsedGroup, {"_0", "", ""}, {"", "TransformerDecoderLayer", ""}}};
  for (const Case& c : cases)
    for (const double zoom : {1.0, 1.5, 2.0}) {
      SCOPED_TRACE(c.title_only.front() + " at zoom " + std::to_string(zoom));
      const auto title = inkRows(oneBox(c.kind, c.title_only), zoom);
      const auto shape = inkRows(oneBox(c.kind, c.detail_only), zoom);
      ASSERT_GE(title.first, 0);
      ASSERT_GE(shape.first, 0);
      const int clear_rows = shape.first - title.second - 1;
      EXPECT_GE(clear_rows, 2.5 * zoom) << "title rows " << title.first << "-" << title.second
                                        << ", shape rows " << shape.first << "-" << shape.second;
    }
}

} // namespace
} // namespace irscope::render
