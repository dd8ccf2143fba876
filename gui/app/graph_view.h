#pragma once
// The canvas: draws the document's diagram through the shared renderer, and turns mouse, wheel,
// gesture and key input into panning, zooming, selection and expand/collapse requests.
#include "gui/app/model_document.h"
#include "gui/render/canvas_painter.h"
#include "gui/render/diagram_painter.h"
#include "gui/render/ghost_boxes.h"

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
  // The same, kept alive for a job that draws it.
  std::shared_ptr<const ModelDocument> sharedDocument() const { return document_; }

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
  // Where the diagram's painted (0, 0) is on the canvas, in widget pixels.
  QPointF offset() const { return offset_; }
  void setDark(bool dark);
  bool dark() const { return dark_; }
  // Fits a part of the diagram (diagram coordinates) into the canvas.
  void zoomToRect(const layout::Rect& rect);
  // A collapsed group's box is selected; an open group's frame is zoomed to.
  void goToGroup(int group);
  // The whole diagram in the canvas; a tall one (whose whole would be too small to read) fitted
  // to the canvas's width instead, from its top. Up to 200%.
  void fitToView();
  // What a model opens on: fitToView, but never past 100%. Kept on resizes until the user pans
  // or zooms.
  void showOpeningView();
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
  // The overview in the bottom-right corner, on the canvas; empty without a document. A tall
  // diagram's overview keeps a usable width and shows the band around the view, with a strip
  // beside it for where that band is in the whole (scaleStripRect).
  QRectF minimapRect() const;
  QRectF scaleStripRect() const;
  // Minimap pixels per diagram point.
  double minimapScale() const { return minimap_scale_; }
  // The floating colour legend (after a run's "Colour by"), on the canvas; empty when none is
  // shown. It sits in the corner, or beside the drawing, where it hides the least (of the boxes,
  // and above all of the header's text), and a click folds it to its title
  // (remembered across sessions).
  QRectF floatingLegendRect() const;
  // The title and legend band above the diagram, on the canvas.
  QRectF headerRectOnScreen() const;
  bool legendCollapsed() const { return legend_collapsed_; }
  // Shown folded to its title: collapsed by the user, or folded where it would hide boxes.
  bool legendFolded() const;
  void setLegendCollapsed(bool collapsed);

  // For a comparison (diff_workflow.h): boxes drawn over the diagram for nodes it does not hold
  // (cleared with the document), and the view set so that a diagram point shows at a widget
  // position, to follow another canvas.
  void setGhostBoxes(std::vector<render::GhostBox> ghosts);
  const std::vector<render::GhostBox>& ghostBoxes() const { return ghosts_; }
  QPointF diagramPointAt(QPointF widget_position) const { return toDiagram(widget_position); }
  void showAt(double scale, QPointF diagram_point, QPointF widget_position);

signals:
  void itemSelected(int item);  // -1 when the selection is cleared
  void itemActivated(int item); // double-clicked: expand or collapse a group
  void frameActivated(int frame);
  void zoomChanged(double scale);
  void panned(); // the view moved at the same zoom (drag, wheel, keys, centring)

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
  // fitToView up to `max_scale`.
  void fit(double max_scale);
  void renderMinimap();
  // The first row of the minimap image the canvas shows (a tall diagram's band follows the view).
  double minimapTop() const;
  void paintMinimap(QPainter& painter);
  void paintScaleStrip(QPainter& painter);
  // Pans to where a click on the minimap or its strip points; false when it is on neither.
  bool jumpFromMinimap(QPointF widget_position);
  // The size the floating legend takes on the canvas, folded or not, and where it goes.
  QSizeF floatingLegendSize(bool folded) const;
  struct LegendPlace {
    QRectF rect;
    bool folded = false;
    double hidden = 0; // screen area of boxes (and, four times over, of the header) under it
  };
  LegendPlace floatingLegendPlace() const;
  // The place for a legend of this size that hides the least.
  LegendPlace placeLegend(const QSizeF& size) const;
  void paintFloatingLegend(QPainter& painter);
  int frameAt(QPointF diagram_position) const;
  // A click on an item: a stub selects the producer of its value and goes to it; anything else
  // is selected where it is.
  void clickItem(int item);
  // The selection and, for a value drawn as stubs, its stubs: drawn highlighted.
  std::vector<int> highlightedItems() const;
  // The user has panned or zoomed: resizes keep the view as it is.
  void leaveOpeningView() { opening_view_ = false; }

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
  bool opening_view_ = false; // showing what the model opened on, untouched by the user
  bool legend_collapsed_ = false;
  bool legend_opened_by_user_ = false; // opened with a click where it had folded for room
  std::vector<int> selected_stubs_;    // the stubs of the selected item's value
  bool dark_ = false;
  render::HeatMap heat_;
  std::vector<render::GhostBox> ghosts_;
  render::CanvasPainter canvas_; // the document's diagram, indexed, and the last frame
};

} // namespace irscope::app
