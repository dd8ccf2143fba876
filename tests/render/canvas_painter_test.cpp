#include "gui/render/canvas_painter.h"
#include "tests/support/graph_builder.h"

#include <QImage>
#include <QPainter>
#include <gtest/gtest.h>

namespace irscope::render {
namespace {

std::shared_ptr<const layout::Diagram> expandedTransformer(size_t nodes) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(nodes);
  const ir::Topology topology = ir::buildTopology(graph);
  return std::make_shared<const layout::Diagram>(
      layout::buildDiagram(graph, topology, ir::buildModuleTree(graph, topology), {}));
}

const std::shared_ptr<const layout::Diagram>& sharedDiagram() {
  static const auto diagram = expandedTransformer(400);
  return diagram;
}

// The options the window paints with at `scale` (gui/app/graph_view.cpp).
PaintOptions windowOptions(double scale) {
  PaintOptions options;
  options.text = scale >= 0.35;
  options.coarse = scale < 0.1;
  return options;
}

CanvasView viewAt(double scale, QPointF offset) {
  CanvasView view;
  view.scale = scale;
  view.offset = offset;
  view.size = QSize(640, 400);
  view.background = QColor(0xfb, 0xfc, 0xfe);
  return view;
}

QImage frameOf(CanvasPainter& canvas, const PaintOptions& options, const CanvasView& view) {
  QImage image(view.size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::black); // the canvas must cover all of it
  QPainter painter(&image);
  canvas.paint(painter, options, view);
  return image;
}

// Pixels whose channels differ by more than `tolerance`.
int differingPixels(const QImage& a, const QImage& b, int tolerance) {
  int differing = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) {
      const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
      if (std::abs(qRed(p) - qRed(q)) > tolerance || std::abs(qGreen(p) - qGreen(q)) > tolerance ||
          std::abs(qBlue(p) - qBlue(q)) > tolerance)
        ++differing;
    }
  return differing;
}

// The same frame painted whole by paintDiagram, as the window did before it kept frames.
QImage paintedWhole(const layout::Diagram& diagram, PaintOptions options, const CanvasView& view) {
  QImage image(view.size, QImage::Format_ARGB32_Premultiplied);
  image.fill(view.background);
  QPainter painter(&image);
  options.visible = QRectF(-view.offset / view.scale - diagramOrigin(diagram, options),
                           QSizeF(view.size) / view.scale);
  painter.translate(view.offset);
  painter.scale(view.scale, view.scale);
  paintDiagram(painter, diagram, options);
  return image;
}

class CanvasPan : public ::testing::TestWithParam<double> {};

// A pan moves the last frame's pixels and paints the strips that came into view: the result
// must be the frame a fresh paint gives at the new position.
TEST_P(CanvasPan, MatchesAFramePaintedWhole) {
  const double scale = GetParam();
  const auto& diagram = sharedDiagram();
  const PaintOptions options = windowOptions(scale);
  const QSizeF painted = paintedSize(*diagram, options) * scale;
  QPointF offset = QPointF(320, 200) - QPointF(painted.width(), painted.height()) / 2;
  CanvasPainter panned;
  panned.setDiagram(diagram);
  frameOf(panned, options, viewAt(scale, offset));
  for (const QPointF step : {QPointF(13, -29), QPointF(-40, 7), QPointF(0, 55), QPointF(-3, 0)}) {
    offset += step;
    const QImage moved = frameOf(panned, options, viewAt(scale, offset));
    ASSERT_EQ(panned.lastReuse(), CanvasPainter::Reuse::Scrolled);
    CanvasPainter fresh;
    fresh.setDiagram(diagram);
    const QImage whole = frameOf(fresh, options, viewAt(scale, offset));
    ASSERT_EQ(fresh.lastReuse(), CanvasPainter::Reuse::Painted);
    EXPECT_LE(differingPixels(moved, whole, 2), moved.width() * moved.height() / 2000)
        << "after a step of " << step.x() << "," << step.y();
  }
}

// With its index, the canvas draws what the painter draws without one.
TEST_P(CanvasPan, LooksLikeThePainterWithoutAnIndex) {
  const double scale = GetParam();
  const auto& diagram = sharedDiagram();
  const PaintOptions options = windowOptions(scale);
  const QSizeF painted = paintedSize(*diagram, options) * scale;
  // Whole pixels: the canvas rounds its offset to them, the painter alone would not.
  const CanvasView view =
      viewAt(scale, (QPointF(320, 200) - QPointF(painted.width(), painted.height()) / 2).toPoint());
  CanvasPainter canvas;
  canvas.setDiagram(diagram);
  const QImage indexed = frameOf(canvas, options, view);
  const QImage brute = paintedWhole(*diagram, options, view);
  // Inside a border: at the very edge the index also draws the pen of a box just outside,
  // which the painter alone left out. The canvas paints through a clip, which moves a few
  // antialiased pixels by a few levels; anything missing or extra differs by far more.
  const QRect inner = indexed.rect().adjusted(4, 4, -4, -4);
  EXPECT_EQ(differingPixels(indexed.copy(inner), brute.copy(inner), 16), 0);
}

INSTANTIATE_TEST_SUITE_P(Zooms, CanvasPan, ::testing::Values(0.05, 0.2, 0.5, 1.0, 4.0));

TEST(CanvasPainter, PaintsAnewWhenThePictureChangesAndCopiesWhenItDoesNot) {
  const auto& diagram = sharedDiagram();
  PaintOptions options = windowOptions(1.0);
  const CanvasView view = viewAt(1.0, QPointF(-100, -300));
  CanvasPainter canvas;
  canvas.setDiagram(diagram);
  const QImage first = frameOf(canvas, options, view);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);
  EXPECT_EQ(frameOf(canvas, options, view), first);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Copied);

  // Select an item on screen: its outline changes colour.
  options.selected_items = {static_cast<int>(diagram->items.size() / 2)};
  const layout::Rect& box = diagram->items[options.selected_items[0]].box;
  const QPointF centre =
      QPointF(box.x + box.width / 2, box.y + box.height / 2) + diagramOrigin(*diagram, options);
  const CanvasView on_it = viewAt(1.0, QPointF(320, 200) - centre);
  frameOf(canvas, windowOptions(1.0), on_it);
  const QImage selected = frameOf(canvas, options, on_it);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);
  EXPECT_GT(differingPixels(selected, frameOf(canvas, windowOptions(1.0), on_it), 30), 20);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);

  PaintOptions heat = windowOptions(1.0);
  heat.item_fills.assign(diagram->items.size(), QColor(Qt::red));
  frameOf(canvas, heat, on_it);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);
  frameOf(canvas, heat, viewAt(1.25, on_it.offset)); // a zoom
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);
  CanvasView dark = viewAt(1.25, on_it.offset);
  dark.background = QColor(0x1e, 0x22, 0x29);
  frameOf(canvas, heat, dark);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);

  canvas.setDiagram(expandedTransformer(60)); // another document
  frameOf(canvas, heat, dark);
  EXPECT_EQ(canvas.lastReuse(), CanvasPainter::Reuse::Painted);
}

TEST(CanvasPainter, WithoutADiagramPaintsTheBackground) {
  CanvasPainter canvas;
  const CanvasView view = viewAt(1.0, QPointF(0, 0));
  const QImage image = frameOf(canvas, {}, view);
  EXPECT_EQ(image.pixelColor(10, 10), view.background);
  EXPECT_EQ(image.pixelColor(630, 390), view.background);
}

} // namespace
} // namespace irscope::render
