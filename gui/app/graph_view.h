#pragma once
// The canvas: draws the document's diagram through the shared renderer, and turns mouse, wheel,
// gesture and key input into panning, zooming, selection and expand/collapse requests.
#include "gui/app/model_document.h"
#include "gui/render/canvas_painter.h"
#include "gui/render/diagram_painter.h"

#include <QImage>
#include <QWidget>
#include <memory>

namespace irscope::app {

class GraphView : public QWidget {
  Q_OBJECT
public:
  explicit GraphView(QWidget* parent = nullptr);

  void setDocument(std::shared_ptr<const ModelDocument> document, bool keep_view);
  const ModelDocument* document() const { return document_.get(); }

  int selectedItem() const { return selected_; }
  void selectItem(int item, bool center = true);
  void setMarkedItems(std::vector<int> items);
  // Marks the boxes that show these nodes (a collapsed group's for the nodes inside it).
  void setMarkedNodes(const std::vector<int>& nodes);
  const std::vector<int>& markedItems() const { return marked_; }
  // Fills from a run ("Colour by"), per item of the current diagram; an empty map clears them.
  void setHeatMap(render::HeatMap heat);
  const render::HeatMap& heatMap() const { return heat_; }

  double zoom() const { return scale_; }
  void setDark(bool dark);
  // Fits a part of the diagram (diagram coordinates) into the canvas.
  void zoomToRect(const layout::Rect& rect);
  // A collapsed group's box is selected; an open group's frame is zoomed to.
  void goToGroup(int group);
  void fitToView();
  void zoomBy(double factor, QPointF anchor);
  void zoomToSelection();
  // Centres the selection at a readable zoom that keeps its neighbours in view.
  void focusSelection();
  void centerOn(QPointF diagram_point);
  // What the canvas shows, in the coordinates of render::paintedSize (header included).
  QRectF visiblePaintedRect() const;
  // The diagram item under a widget position, or -1.
  int itemAt(QPointF widget_position) const;
  // Where the selected item is on screen, for tests and tooltips.
  QRectF itemRectOnScreen(int item) const;

signals:
  void itemSelected(int item);  // -1 when the selection is cleared
  void itemActivated(int item); // double-clicked: expand or collapse a group
  void frameActivated(int frame);
  void zoomChanged(double scale);

protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool event(QEvent* event) override;

private:
  // What every paint, size and coordinate mapping shares: the legend, which may be the heat
  // map's (its width counts in the painted size).
  render::PaintOptions baseOptions() const;
  QPointF toDiagram(QPointF widget_position) const;
  QPointF toWidget(QPointF diagram_position) const;
  QRectF minimapRect() const;
  void renderMinimap();
  void paintMinimap(QPainter& painter);
  void paintFloatingLegend(QPainter& painter);
  int frameAt(QPointF diagram_position) const;

  std::shared_ptr<const ModelDocument> document_;
  double scale_ = 1.0;
  QPointF offset_; // widget position of the painted diagram's (0, 0)
  int selected_ = -1;
  std::vector<int> marked_;
  QPoint drag_start_;
  QPointF drag_offset_;
  bool dragging_ = false;
  bool moved_ = false;
  QImage minimap_;
  double minimap_scale_ = 1.0;
  bool dark_ = false;
  render::HeatMap heat_;
  render::CanvasPainter canvas_; // the document's diagram, indexed, and the last frame
};

} // namespace irscope::app
