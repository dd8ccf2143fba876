#include "gui/app/graph_view.h"

#include "gui/render/diagram_painter.h"

#include <QFontMetricsF>
#include <QGestureEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QSettings>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

namespace irscope::app {

namespace {
constexpr double kMinScale = 0.02;
constexpr double kMaxScale = 8.0;
constexpr double kMaxFitScale = 2.0;     // Fit enlarges a small graph up to this
constexpr double kMaxOpeningScale = 1.0; // a model opens at no more than 100%
// A diagram this much taller than the canvas (in proportion) is fitted to the canvas's width:
// fitted whole, its text would be too small to read.
constexpr double kTallerThanCanvas = 2.0;
constexpr double kTextVisibleFrom = 0.35; // below this zoom, boxes without text
constexpr double kMinimapWidth = 180;
constexpr double kMinimapMaxHeight = 240;
// A tall diagram's overview stays at least this wide, showing a band of it at a time (up to
// kMinimapBandHeight high) rather than a sliver of the whole.
constexpr double kMinimapMinWidth = 120;
constexpr double kMinimapBandHeight = 320;
constexpr double kMinimapMaxImageHeight = 32000; // pixels; past this the overview gets narrower
constexpr double kScaleStripWidth = 6;
constexpr const char* kLegendCollapsedSetting = "view/legendCollapsed";
constexpr double kCoarseBelow = 0.1; // below this zoom, boxes are a few pixels: draw them plainly
constexpr double kLegendReadableFrom = 1.3;  // below this zoom the header's legend is too small
constexpr double kFloatingLegendScale = 1.4; // legend text at about the size of the UI's

QString tooltipFor(const ModelDocument& document, const layout::DiagramItem& item) {
  const ir::Graph& graph = document.model.graph;
  auto tensorLine = [](const ir::Tensor& t) {
    return QString("%1  [%2] %3")
        .arg(QString::fromStdString(t.name))
        .arg(QString::fromStdString(ir::formatShapeCompact(t.shape)))
        .arg(QString::fromStdString(t.dtype))
        .toHtmlEscaped();
  };
  if (item.kind == layout::ItemKind::Op && item.node >= 0) {
    const ir::Node& node = graph.nodes[item.node];
    QString text = QString("<b>%1</b><br/>%2")
                       .arg(QString::fromStdString(node.name).toHtmlEscaped(),
                            QString::fromStdString(node.op_type).toHtmlEscaped());
    text += "<br/><br/><i>inputs</i>";
    for (const ir::Tensor& input : node.inputs)
      text += "<br/>" + tensorLine(input);
    text += "<br/><i>outputs</i>";
    for (const ir::Tensor& output : node.outputs)
      text += "<br/>" + tensorLine(output);
    return text;
  }
  if (item.kind == layout::ItemKind::CollapsedGroup && item.group >= 0) {
    const ir::ModuleGroup& group = document.modules.groups[item.group];
    return QString("<b>%1</b><br/>%2<br/>%3 ops<br/><i>double-click to open</i>")
        .arg(QString::fromStdString(group.name).toHtmlEscaped(),
             QString::fromStdString(group.type).toHtmlEscaped())
        .arg(group.total_nodes);
  }
  QString text;
  for (const std::string& line : item.lines)
    text += (text.isEmpty() ? "" : "<br/>") + QString::fromStdString(line).toHtmlEscaped();
  return text;
}
} // namespace

render::PaintOptions GraphView::baseOptions() const {
  render::PaintOptions options;
  options.legend = true;
  options.heat_legend = heat_.legend; // the fills are added where painting needs them
  return options;
}

GraphView::GraphView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  grabGesture(Qt::PinchGesture);
  setMinimumSize(200, 200);
  legend_collapsed_ = QSettings().value(kLegendCollapsedSetting, false).toBool();
}

void GraphView::setDocument(std::shared_ptr<const ModelDocument> document, bool keep_view) {
  document_ = std::move(document);
  canvas_.setDiagram(
      document_ ? std::shared_ptr<const layout::Diagram>(document_, &document_->diagram) : nullptr);
  selected_ = -1;
  marked_.clear();
  heat_ = {}; // its fills belong to the old diagram's items; the window colours the new one
  ghosts_.clear();
  selected_stubs_.clear();
  renderMinimap();
  if (!keep_view)
    showOpeningView();
  update();
}

QPointF GraphView::toDiagram(QPointF p) const {
  if (!document_)
    return p;
  return (p - offset_) / scale_ - render::diagramOrigin(document_->diagram, baseOptions());
}

QPointF GraphView::toWidget(QPointF p) const {
  if (!document_)
    return p;
  return (p + render::diagramOrigin(document_->diagram, baseOptions())) * scale_ + offset_;
}

void GraphView::fitToView() {
  fit(kMaxFitScale);
  leaveOpeningView();
}

void GraphView::showOpeningView() {
  fit(kMaxOpeningScale);
  opening_view_ = true;
}

void GraphView::fit(double max_scale) {
  if (!document_ || width() <= 0 || height() <= 0)
    return;
  const QSizeF size = render::paintedSize(document_->diagram, baseOptions());
  const double across = width() / size.width() * 0.95;
  const double whole = std::min(across, height() / size.height() * 0.95);
  // A tall graph fitted whole is a sliver; fitted to the width it reads, from its top.
  const bool tall = size.height() / size.width() > kTallerThanCanvas * height() / width();
  scale_ = std::clamp(tall ? across : whole, kMinScale, max_scale);
  offset_ = QPointF((width() - size.width() * scale_) / 2,
                    std::max(0.0, (height() - size.height() * scale_) / 2));
  emit zoomChanged(scale_);
  update();
}

void GraphView::zoomBy(double factor, QPointF anchor) {
  leaveOpeningView();
  const double next = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  const QPointF fixed = (anchor - offset_) / scale_;
  scale_ = next;
  offset_ = anchor - fixed * scale_;
  emit zoomChanged(scale_);
  update();
}

void GraphView::centerOn(QPointF diagram_point) {
  leaveOpeningView();
  offset_ += QPointF(width() / 2.0, height() / 2.0) - toWidget(diagram_point);
  emit panned();
  update();
}

void GraphView::setDark(bool dark) {
  dark_ = dark;
  update();
}

void GraphView::zoomToRect(const layout::Rect& r) {
  if (r.width <= 0 || r.height <= 0)
    return;
  scale_ =
      std::clamp(std::min(width() / (r.width * 1.1), height() / (r.height * 1.1)), kMinScale, 2.0);
  centerOn(QPointF(r.x + r.width / 2, r.y + r.height / 2));
  emit zoomChanged(scale_);
}

void GraphView::zoomToSelection() {
  if (!document_ || selected_ < 0)
    return;
  const layout::Rect& box = document_->diagram.items[selected_].box;
  const double target = std::min(width() / (box.width * 4), height() / (box.height * 6));
  scale_ = std::clamp(target, kMinScale, 1.5);
  centerOn(QPointF(box.x + box.width / 2, box.y + box.height / 2));
  emit zoomChanged(scale_);
}

void GraphView::focusSelection() {
  if (!document_ || selected_ < 0)
    return;
  const layout::Rect& box = document_->diagram.items[selected_].box;
  // Readable text, and as much around it as that allows: where a problem starts is read
  // from what comes before and after it.
  scale_ =
      std::clamp(std::min(width() / (box.width * 3), height() / (box.height * 3)), kMinScale, 1.0);
  centerOn(QPointF(box.x + box.width / 2, box.y + box.height / 2));
  // A node near an edge of the diagram is not worth a half-empty canvas: keep the diagram
  // filling the canvas along each axis where it is large enough to.
  const QSizeF painted = render::paintedSize(document_->diagram, baseOptions()) * scale_;
  auto fill = [](double offset, double content, double view) {
    return content > view ? std::clamp(offset, view - content, 0.0) : offset;
  };
  offset_ = QPointF(fill(offset_.x(), painted.width(), width()),
                    fill(offset_.y(), painted.height(), height()));
  emit zoomChanged(scale_);
  update();
}

void GraphView::selectItem(int item, bool center) {
  if (!document_ || item >= static_cast<int>(document_->diagram.items.size()))
    item = -1;
  selected_ = item;
  selected_stubs_ = item >= 0 ? layout::stubsOf(document_->diagram, item) : std::vector<int>{};
  if (item >= 0 && center) {
    const layout::Rect& box = document_->diagram.items[item].box;
    const QRectF on_screen = itemRectOnScreen(item);
    if (!rect().contains(on_screen.toRect()))
      centerOn(QPointF(box.x + box.width / 2, box.y + box.height / 2));
  }
  emit itemSelected(selected_);
  update();
}

void GraphView::setMarkedNodes(const std::vector<int>& nodes) {
  std::vector<int> items;
  if (document_)
    for (int node : nodes)
      if (node >= 0 && node < document_->nodeCount() && document_->item_of_node[node] >= 0)
        items.push_back(document_->item_of_node[node]);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  setMarkedItems(std::move(items));
}

void GraphView::setMarkedItems(std::vector<int> items) {
  marked_ = std::move(items);
  update();
}

void GraphView::setHeatMap(render::HeatMap heat) {
  heat_ = std::move(heat);
  renderMinimap();
  update();
}

QRectF GraphView::visiblePaintedRect() const {
  return QRectF(-offset_ / scale_, QSizeF(width(), height()) / scale_);
}

int GraphView::itemAt(QPointF widget_position) const {
  if (!document_)
    return -1;
  const QPointF p = toDiagram(widget_position);
  const auto& items = document_->diagram.items;
  for (size_t i = items.size(); i-- > 0;) {
    const layout::Rect& r = items[i].box;
    if (p.x() >= r.x && p.x() <= r.right() && p.y() >= r.y && p.y() <= r.bottom())
      return static_cast<int>(i);
  }
  return -1;
}

int GraphView::frameAt(QPointF p) const {
  // The innermost frame holding the point: frames come after their parents.
  int found = -1;
  const auto& frames = document_->diagram.frames;
  for (size_t f = 0; f < frames.size(); ++f) {
    const layout::Rect& r = frames[f].box;
    if (p.x() >= r.x && p.x() <= r.right() && p.y() >= r.y && p.y() <= r.bottom())
      found = static_cast<int>(f);
  }
  return found;
}

QRectF GraphView::itemRectOnScreen(int item) const {
  if (!document_ || item < 0)
    return {};
  const layout::Rect& r = document_->diagram.items[item].box;
  return QRectF(toWidget(QPointF(r.x, r.y)), toWidget(QPointF(r.right(), r.bottom())));
}

QRectF GraphView::minimapRect() const {
  // A narrow canvas (one side of a comparison, a window squeezed by docks) has no room for an
  // overview that would cover the graph it summarises.
  // Nor is an overview drawn larger than half the view's own scale: it would show no more.
  if (minimap_.isNull() || width() < 3 * (minimap_.width() + 12) || minimap_scale_ > 0.5 * scale_)
    return {};
  const double band =
      std::min({double(minimap_.height()), kMinimapBandHeight, 0.4 * std::max(0, height() - 24)});
  return QRectF(width() - minimap_.width() - 12, height() - band - 12, minimap_.width(), band);
}

QRectF GraphView::scaleStripRect() const {
  const QRectF area = minimapRect();
  if (area.isEmpty() || minimap_.height() <= area.height())
    return {}; // the overview shows all of the diagram
  return QRectF(area.left() - kScaleStripWidth - 4, area.top(), kScaleStripWidth, area.height());
}

// The overview is drawn once per diagram, boxes only, and blitted on every paint.
void GraphView::renderMinimap() {
  minimap_ = QImage();
  if (!document_)
    return;
  render::PaintOptions options = baseOptions();
  options.text = false;
  options.coarse = true;
  options.legend = false;
  options.item_fills = heat_.fills;
  const QSizeF size = render::paintedSize(document_->diagram, options);
  minimap_scale_ = std::min(kMinimapWidth / size.width(), kMinimapMaxHeight / size.height());
  // A tall diagram would be a sliver: keep the overview wide enough to see, and show a band of
  // it at a time.
  if (size.width() * minimap_scale_ < kMinimapMinWidth)
    minimap_scale_ =
        std::min(kMinimapMinWidth / size.width(), kMinimapMaxImageHeight / size.height());
  minimap_ =
      QImage(std::max(1, int(std::ceil(size.width() * minimap_scale_))),
             std::max(1, int(std::ceil(size.height() * minimap_scale_))), QImage::Format_ARGB32);
  minimap_.fill(QColor(255, 255, 255, 230));
  QPainter painter(&minimap_);
  painter.scale(minimap_scale_, minimap_scale_);
  render::paintDiagram(painter, document_->diagram, options);
}

double GraphView::minimapTop() const {
  const QRectF area = minimapRect();
  if (area.isEmpty() || minimap_.height() <= area.height())
    return 0;
  // The band follows the view: centred on the middle of what the canvas shows.
  render::PaintOptions options = baseOptions();
  options.legend = false;
  const QPointF origin_map = render::diagramOrigin(document_->diagram, options);
  const double middle = (toDiagram(QPointF(width() / 2.0, height() / 2.0)) + origin_map).y();
  return std::clamp(middle * minimap_scale_ - area.height() / 2, 0.0,
                    minimap_.height() - area.height());
}

void GraphView::paintMinimap(QPainter& painter) {
  const QRectF area = minimapRect();
  if (area.isEmpty())
    return;
  const double top = minimapTop();
  painter.setPen(QPen(QColor(0x9a, 0xa5, 0xb4), 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawImage(area, minimap_, QRectF(0, top, area.width(), area.height()));
  painter.drawRect(area);
  // The part of the diagram the canvas shows, in minimap coordinates.
  render::PaintOptions options = baseOptions();
  options.legend = false;
  const QPointF origin_map = render::diagramOrigin(document_->diagram, options);
  const QPointF top_left = toDiagram(QPointF(0, 0)) + origin_map;
  const QPointF bottom_right = toDiagram(QPointF(width(), height())) + origin_map;
  const QPointF corner = area.topLeft() - QPointF(0, top);
  QRectF view(corner + top_left * minimap_scale_, corner + bottom_right * minimap_scale_);
  painter.setPen(QPen(QColor(0xe0, 0x5a, 0x00), 1.5));
  painter.drawRect(view.intersected(area));
  paintScaleStrip(painter);
}

// For a tall diagram: the whole height as a thin strip beside the overview, with the band the
// overview shows marked on it, and how much of the diagram that band is.
void GraphView::paintScaleStrip(QPainter& painter) {
  const QRectF strip = scaleStripRect();
  if (strip.isEmpty())
    return;
  const double shown = minimapRect().height() / minimap_.height();
  const double from = minimapTop() / minimap_.height();
  painter.setPen(QPen(QColor(0x9a, 0xa5, 0xb4), 1));
  painter.setBrush(QColor(255, 255, 255, 200));
  painter.drawRect(strip);
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(0xe0, 0x5a, 0x00, 160));
  painter.drawRect(QRectF(strip.left(), strip.top() + from * strip.height(), strip.width(),
                          std::max(2.0, shown * strip.height())));
  const QString caption = tr("%1% of the graph").arg(std::max(1, qRound(shown * 100)));
  QFont font = painter.font();
  font.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
  painter.setFont(font);
  const QFontMetricsF metrics(font);
  const double width = metrics.horizontalAdvance(caption) + 8;
  const double right = minimapRect().right();
  const QRectF text(right - width, strip.top() - metrics.height() - 4, width, metrics.height() + 2);
  painter.setBrush(QColor(255, 255, 255, 200));
  painter.drawRect(text);
  painter.setPen(QColor(0x4a, 0x55, 0x64));
  painter.drawText(text, Qt::AlignCenter, caption);
}

bool GraphView::jumpFromMinimap(QPointF position) {
  if (!document_)
    return false;
  render::PaintOptions options = baseOptions();
  options.legend = false;
  const QPointF origin_map = render::diagramOrigin(document_->diagram, options);
  const QRectF area = minimapRect();
  if (area.contains(position)) {
    // Centre the canvas where the overview was clicked.
    const QPointF painted = (position - area.topLeft() + QPointF(0, minimapTop())) / minimap_scale_;
    centerOn(painted - origin_map);
    return true;
  }
  const QRectF strip = scaleStripRect();
  if (strip.adjusted(-3, 0, 3, 0).contains(position)) {
    // The same height along the whole diagram, keeping the view's horizontal place.
    const double fraction = (position.y() - strip.top()) / strip.height();
    const double painted_y = fraction * minimap_.height() / minimap_scale_;
    const QPointF middle = toDiagram(QPointF(width() / 2.0, height() / 2.0));
    centerOn(QPointF(middle.x(), painted_y - origin_map.y()));
    return true;
  }
  return false;
}

void GraphView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QColor background = dark_ ? QColor(0x1e, 0x22, 0x29) : QColor(0xfb, 0xfc, 0xfe);
  if (!document_) {
    painter.fillRect(rect(), background);
    painter.setPen(QColor(0x6b, 0x75, 0x82));
    painter.drawText(rect(), Qt::AlignCenter,
                     tr("Open a model with Ctrl+O, or drop a torch_ir .json file here"));
    return;
  }
  render::PaintOptions options = baseOptions();
  options.text = scale_ >= kTextVisibleFrom;
  options.coarse = scale_ < kCoarseBelow;
  options.selected_items = highlightedItems();
  options.marked_items = marked_;
  options.item_fills = heat_.fills;
  options.dark = dark_;
  // Only what is on screen is drawn, and a frame that only moved is mostly copied.
  render::CanvasView view;
  view.scale = scale_;
  view.offset = offset_;
  view.size = size();
  view.device_pixel_ratio = devicePixelRatioF();
  view.background = background;
  canvas_.paint(painter, options, view);
  // Ghosts of a comparison's removed nodes go over the (cached) frame, so they never stale it.
  if (!ghosts_.empty()) {
    painter.save();
    painter.translate(offset_);
    painter.scale(scale_, scale_);
    painter.translate(render::diagramOrigin(document_->diagram, options));
    render::paintGhostBoxes(painter, ghosts_, dark_, options.text);
    painter.restore();
  }
  paintMinimap(painter);
  paintFloatingLegend(painter);
}

QSizeF GraphView::floatingLegendSize(bool folded) const {
  if (folded) {
    const QFontMetricsF metrics(font());
    const QString title = tr("Colour: %1  \u25b8").arg(heat_.legend->title);
    return QSizeF(metrics.horizontalAdvance(title) + 16, metrics.height() + 8);
  }
  // As wide as a corner allows: the legend must not become a band across the canvas.
  const double room = std::min(width() * 0.45, 560.0) / kFloatingLegendScale;
  return render::heatLegendPanelSize(*heat_.legend, room) * kFloatingLegendScale;
}

GraphView::LegendPlace GraphView::floatingLegendPlace() const {
  if (!document_ || !heat_.legend)
    return {};
  // The header's legend scrolls with the diagram; when it is off screen or too small to read,
  // the same legend floats over the canvas, at a fixed size.
  const QRectF header = render::legendRect(document_->diagram, baseOptions());
  const QRectF on_screen(header.topLeft() * scale_ + offset_, header.size() * scale_);
  if (scale_ >= kLegendReadableFrom && rect().contains(on_screen.toAlignedRect()))
    return {};
  if (legend_collapsed_)
    return {placeLegend(floatingLegendSize(true)).rect, true};
  // Where every place would hide something, the legend folds to its title if that hides less,
  // unless the user opened it with a click.
  const LegendPlace open = placeLegend(floatingLegendSize(false));
  if (open.hidden == 0 || legend_opened_by_user_)
    return open;
  const LegendPlace folded = placeLegend(floatingLegendSize(true));
  return folded.hidden < open.hidden ? LegendPlace{folded.rect, true, folded.hidden} : open;
}

QRectF GraphView::floatingLegendRect() const {
  return floatingLegendPlace().rect;
}

bool GraphView::legendFolded() const {
  return floatingLegendPlace().folded;
}

GraphView::LegendPlace GraphView::placeLegend(const QSizeF& size) const {
  const double margin = 12;
  std::vector<QRectF> places = {
      QRectF(QPointF(margin, height() - size.height() - margin), size), // bottom left
      QRectF(QPointF(margin, margin), size),                            // top left
      QRectF(QPointF(width() - size.width() - margin, margin), size),   // top right
      QRectF(QPointF(width() - size.width() - margin, height() - size.height() - margin),
             size)}; // bottom right, where the overview usually is
  // Beside the drawing, where a narrow graph leaves the canvas empty.
  const QSizeF painted = render::paintedSize(document_->diagram, baseOptions()) * scale_;
  const QRectF drawing(offset_, painted);
  for (const double y : {margin, height() - size.height() - margin}) {
    const double right = drawing.right() + margin, left = drawing.left() - margin - size.width();
    if (right + size.width() + margin <= width())
      places.emplace_back(QPointF(right, y), size);
    if (left >= margin)
      places.emplace_back(QPointF(left, y), size);
  }
  // The place that hides the least: of the boxes on screen, and four times over of the header,
  // whose title and legend are text that must not be covered.
  const QRectF minimap = minimapRect().united(scaleStripRect());
  const QRectF header_band = headerRectOnScreen();
  std::vector<QRectF> boxes;
  for (int i = 0; i < static_cast<int>(document_->diagram.items.size()); ++i) {
    const QRectF box = itemRectOnScreen(i);
    if (box.intersects(rect()))
      boxes.push_back(box);
  }
  auto area = [](const QRectF& a, const QRectF& b) {
    const QRectF both = a.intersected(b);
    return both.isEmpty() ? 0.0 : both.width() * both.height();
  };
  QRectF best;
  double least = std::numeric_limits<double>::max();
  for (const QRectF& place : places) {
    if (!minimap.isEmpty() && place.intersects(minimap))
      continue;
    double hidden = 4 * area(place, header_band);
    for (const QRectF& box : boxes)
      hidden += area(place, box);
    if (hidden < least) {
      least = hidden;
      best = place;
    }
  }
  if (best.isEmpty())
    return {places[0], false, 0};
  return {best, false, least};
}

QRectF GraphView::headerRectOnScreen() const {
  if (!document_)
    return {};
  const render::PaintOptions options = baseOptions();
  const QRectF header(
      QPointF(0, 0),
      QSizeF(render::paintedSize(document_->diagram, options).width(),
             render::diagramOrigin(document_->diagram, options).y() + document_->diagram.bounds.y));
  return QRectF(header.topLeft() * scale_ + offset_, header.size() * scale_);
}

void GraphView::setLegendCollapsed(bool collapsed) {
  legend_collapsed_ = collapsed;
  QSettings().setValue(kLegendCollapsedSetting, collapsed);
  update();
}

void GraphView::paintFloatingLegend(QPainter& painter) {
  const LegendPlace place = floatingLegendPlace();
  const QRectF area = place.rect;
  if (area.isEmpty())
    return;
  painter.save();
  if (place.folded) {
    // Folded to its title; a click opens it again.
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(dark_ ? QColor(0x55, 0x60, 0x70) : QColor(0xa9, 0xb4, 0xc4), 0.8));
    painter.setBrush(dark_ ? QColor(0x2a, 0x30, 0x3a, 235) : QColor(0xf4, 0xf6, 0xfb, 235));
    painter.drawRoundedRect(area, 5, 5);
    painter.setPen(dark_ ? QColor(0xe6, 0xea, 0xf0) : QColor(0x2b, 0x33, 0x3e));
    painter.setFont(font());
    painter.drawText(area, Qt::AlignCenter, tr("Colour: %1  \u25b8").arg(heat_.legend->title));
  } else {
    painter.translate(area.topLeft());
    painter.scale(kFloatingLegendScale, kFloatingLegendScale);
    render::paintHeatLegendPanel(painter, *heat_.legend, QPointF(0, 0), dark_,
                                 area.width() / kFloatingLegendScale);
  }
  painter.restore();
}

void GraphView::resizeEvent(QResizeEvent*) {
  // Until the user moves it, the view is what the model opened on, for the canvas's new size.
  if (document_ && opening_view_)
    showOpeningView();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton)
    return;
  if (const LegendPlace legend = floatingLegendPlace(); legend.rect.contains(event->position())) {
    if (legend.folded && !legend_collapsed_) { // folded for want of room: open it anyway
      legend_opened_by_user_ = true;
      update();
    } else {
      legend_opened_by_user_ = false;
      setLegendCollapsed(!legend_collapsed_);
    }
    return;
  }
  if (jumpFromMinimap(event->position()))
    return;
  dragging_ = true;
  moved_ = false;
  drag_start_ = event->pos();
  drag_offset_ = offset_;
  setCursor(Qt::ClosedHandCursor);
}

void GraphView::mouseMoveEvent(QMouseEvent* event) {
  if (dragging_) {
    const QPoint delta = event->pos() - drag_start_;
    if (delta.manhattanLength() > 3) {
      moved_ = true;
      leaveOpeningView();
    }
    offset_ = drag_offset_ + delta;
    emit panned();
    update();
  }
}

void GraphView::mouseReleaseEvent(QMouseEvent* event) {
  if (!dragging_)
    return;
  dragging_ = false;
  unsetCursor();
  if (!moved_)
    clickItem(itemAt(event->position()));
}

void GraphView::clickItem(int item) {
  const auto* items = document_ ? &document_->diagram.items : nullptr;
  if (items && item >= 0 && (*items)[item].kind == layout::ItemKind::Stub &&
      (*items)[item].source >= 0) {
    // A stub stands for an edge from far away: go to where the value comes from.
    selectItem((*items)[item].source, false);
    focusSelection();
    return;
  }
  selectItem(item, false);
}

std::vector<int> GraphView::highlightedItems() const {
  if (selected_ < 0)
    return {};
  std::vector<int> items{selected_};
  items.insert(items.end(), selected_stubs_.begin(), selected_stubs_.end());
  return items;
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (!document_)
    return;
  const int item = itemAt(event->position());
  if (item >= 0) {
    emit itemActivated(item);
    return;
  }
  const int frame = frameAt(toDiagram(event->position()));
  if (frame >= 0)
    emit frameActivated(frame);
}

void GraphView::wheelEvent(QWheelEvent* event) {
  const QPointF delta = event->angleDelta();
  if (event->modifiers() & Qt::ControlModifier) {
    zoomBy(std::pow(1.0015, delta.y()), event->position());
  } else {
    // Scroll pans; Shift turns vertical wheels into horizontal scrolling.
    const QPointF step = event->modifiers() & Qt::ShiftModifier ? QPointF(delta.y(), 0) : delta;
    offset_ += step * 0.6;
    emit panned();
    leaveOpeningView();
    update();
  }
  event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event) {
  const double step = 60;
  switch (event->key()) {
  case Qt::Key_Left:
    offset_ += QPointF(step, 0);
    break;
  case Qt::Key_Right:
    offset_ -= QPointF(step, 0);
    break;
  case Qt::Key_Up:
    offset_ += QPointF(0, step);
    break;
  case Qt::Key_Down:
    offset_ -= QPointF(0, step);
    break;
  case Qt::Key_Plus:
  case Qt::Key_Equal:
    zoomBy(1.25, rect().center());
    return;
  case Qt::Key_Minus:
    zoomBy(0.8, rect().center());
    return;
  case Qt::Key_F:
    fitToView();
    return;
  case Qt::Key_Escape:
    selectItem(-1, false);
    return;
  case Qt::Key_Return:
  case Qt::Key_Enter:
    if (selected_ >= 0)
      emit itemActivated(selected_);
    return;
  default:
    QWidget::keyPressEvent(event);
    return;
  }
  emit panned();      // an arrow key
  leaveOpeningView(); // the arrows pan
  update();
}

bool GraphView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && document_) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int item = itemAt(help->pos());
    if (item >= 0)
      QToolTip::showText(help->globalPos(), tooltipFor(*document_, document_->diagram.items[item]),
                         this);
    else
      QToolTip::hideText();
    return true;
  }
  if (event->type() == QEvent::NativeGesture) {
    auto* gesture = static_cast<QNativeGestureEvent*>(event);
    if (gesture->gestureType() == Qt::ZoomNativeGesture) {
      zoomBy(1.0 + gesture->value(), gesture->position());
      return true;
    }
  }
  if (event->type() == QEvent::Gesture) {
    auto* gestures = static_cast<QGestureEvent*>(event);
    if (auto* pinch = static_cast<QPinchGesture*>(gestures->gesture(Qt::PinchGesture))) {
      zoomBy(pinch->scaleFactor(), mapFromGlobal(pinch->centerPoint().toPoint()));
      return true;
    }
  }
  return QWidget::event(event);
}

void GraphView::goToGroup(int group) {
  if (!document_)
    return;
  const auto& items = document_->diagram.items;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].group == group)
      return selectItem(static_cast<int>(i), true);
  for (const auto& frame : document_->diagram.frames)
    if (frame.group == group)
      return zoomToRect(frame.box);
}

void GraphView::setGhostBoxes(std::vector<render::GhostBox> ghosts) {
  ghosts_ = std::move(ghosts);
  update();
}

void GraphView::showAt(double scale, QPointF diagram_point, QPointF widget_position) {
  if (!document_)
    return;
  const double next = std::clamp(scale, kMinScale, kMaxScale);
  const bool zoomed = next != scale_;
  scale_ = next;
  offset_ = widget_position -
            (diagram_point + render::diagramOrigin(document_->diagram, baseOptions())) * scale_;
  if (zoomed)
    emit zoomChanged(scale_);
  emit panned();
  update();
}

} // namespace irscope::app
