#include "gui/render/svg_paint_device.h"

#include "gui/render/point_device_metrics.h"

#include <QBuffer>
#include <QLinearGradient>
#include <QPaintEngine>
#include <QPainterPath>
#include <QPixmap>
#include <QTextItem>
#include <cmath>
#include <string>

namespace irscope::render {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

// A hundredth of a point, without trailing zeros: "12", "12.5", "-0.25".
void appendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += '0';
    return;
  }
  long long hundredths = std::llround(value * 100);
  if (hundredths < 0) {
    out += '-';
    hundredths = -hundredths;
  }
  out += std::to_string(hundredths / 100);
  const int fraction = static_cast<int>(hundredths % 100);
  if (fraction != 0) {
    out += '.';
    out += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0)
      out += static_cast<char>('0' + fraction % 10);
  }
}

void appendPoint(std::string& out, double x, double y) {
  appendNumber(out, x);
  out += ' ';
  appendNumber(out, y);
}

void appendAttribute(std::string& out, const char* name, double value) {
  out += ' ';
  out += name;
  out += "=\"";
  appendNumber(out, value);
  out += '"';
}

void appendEscaped(std::string& out, const QString& text) {
  const QByteArray utf8 = text.toUtf8();
  for (char c : utf8) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      // XML 1.0 has no place for control characters other than tab, newline and return.
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
        out += c;
    }
  }
}

void appendColor(std::string& out, const char* name, const char* opacity_name,
                 const QColor& color) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", color.red(), color.green(), color.blue());
  out += ' ';
  out += name;
  out += "=\"";
  out += hex;
  out += '"';
  if (color.alpha() != 255)
    appendAttribute(out, opacity_name, color.alphaF());
}

} // namespace

class SvgPaintEngine : public QPaintEngine {
public:
  SvgPaintEngine(QIODevice* output, const QSizeF& size, const QString& title,
                 const QString& description)
      : QPaintEngine(PrimitiveTransform | PatternTransform | PixmapTransform | LinearGradientFill |
                     AlphaBlend | PainterPaths | Antialiasing | ConstantOpacity),
        output_(output), size_(size), title_(title), description_(description) {}

  bool ok() const { return ok_; }

  bool begin(QPaintDevice*) override {
    out_.reserve(kFlushBytes + 4096);
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg";
    out_ += " width=\"";
    appendNumber(out_, size_.width() / 72 * 25.4);
    out_ += "mm\" height=\"";
    appendNumber(out_, size_.height() / 72 * 25.4);
    out_ += "mm\"\n viewBox=\"0 0 ";
    appendPoint(out_, size_.width(), size_.height());
    out_ += "\"\n xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
            " version=\"1.2\" baseProfile=\"tiny\">\n<title>";
    appendEscaped(out_, title_);
    out_ += "</title>\n<desc>";
    appendEscaped(out_, description_);
    // The defaults every element starts from: QPen's caps and joins, QPainterPath's fill rule.
    out_ += "</desc>\n<g fill=\"none\" stroke=\"none\" stroke-linecap=\"square\" "
            "stroke-linejoin=\"bevel\" fill-rule=\"evenodd\" font-family=\"DejaVu Sans\">\n";
    return true;
  }

  bool end() override {
    closeGroup();
    out_ += "</g>\n</svg>\n";
    flush();
    return ok_;
  }

  void updateState(const QPaintEngineState& state) override {
    const DirtyFlags flags = state.state();
    if (flags & DirtyPen) {
      pen_ = state.pen();
      shape_style_ = text_style_ = {};
    }
    if (flags & DirtyBrush) {
      brush_ = state.brush();
      shape_style_ = {};
    }
    if (flags & DirtyFont) {
      font_ = state.font();
      text_style_ = {};
    }
    if (flags & DirtyOpacity) {
      opacity_ = state.opacity();
      shape_style_ = text_style_ = {};
    }
    if ((flags & DirtyTransform) && state.transform() != transform_) {
      closeGroup();
      transform_ = state.transform();
    }
  }

  void drawPath(const QPainterPath& path) override {
    start("<path", path.fillRule() == Qt::WindingFill);
    out_ += " d=\"";
    for (int i = 0; i < path.elementCount(); ++i) {
      const QPainterPath::Element& e = path.elementAt(i);
      switch (e.type) {
      case QPainterPath::MoveToElement:
        out_ += i == 0 ? "M" : " M";
        break;
      case QPainterPath::LineToElement:
        out_ += " L";
        break;
      case QPainterPath::CurveToElement:
        out_ += " C";
        break;
      case QPainterPath::CurveToDataElement:
        out_ += ' ';
        break;
      }
      appendPoint(out_, e.x, e.y);
    }
    out_ += "\"/>\n";
    flushIfFull();
  }

  void drawPolygon(const QPointF* points, int count, PolygonDrawMode mode) override {
    if (mode == PolylineMode) {
      const QBrush kept = brush_;
      brush_ = Qt::NoBrush; // a polyline is never filled
      shape_style_ = {};
      start("<polyline", false);
      brush_ = kept;
      shape_style_ = {};
    } else {
      start("<polygon", mode == WindingMode);
    }
    out_ += " points=\"";
    for (int i = 0; i < count; ++i) {
      if (i > 0)
        out_ += ' ';
      appendPoint(out_, points[i].x(), points[i].y());
    }
    out_ += "\"/>\n";
    flushIfFull();
  }

  void drawRects(const QRectF* rects, int count) override {
    for (int i = 0; i < count; ++i) {
      const QRectF r = rects[i].normalized();
      start("<rect", false);
      appendAttribute(out_, "x", r.x());
      appendAttribute(out_, "y", r.y());
      appendAttribute(out_, "width", r.width());
      appendAttribute(out_, "height", r.height());
      out_ += "/>\n";
    }
    flushIfFull();
  }

  void drawLines(const QLineF* lines, int count) override {
    for (int i = 0; i < count; ++i) {
      const QPointF ends[2] = {lines[i].p1(), lines[i].p2()};
      drawPolygon(ends, 2, PolylineMode);
    }
  }

  void drawTextItem(const QPointF& p, const QTextItem& item) override {
    const QString text = item.text();
    if (text.isEmpty())
      return;
    ensureGroup();
    if (text_style_.empty() || text_font_ != item.font()) {
      text_font_ = item.font();
      text_style_.clear();
      appendColor(text_style_, "fill", "fill-opacity", pen_.color());
      if (opacity_ < 1)
        appendAttribute(text_style_, "opacity", opacity_);
      const double size =
          text_font_.pointSizeF() > 0 ? text_font_.pointSizeF() : text_font_.pixelSize();
      appendAttribute(text_style_, "font-size", size);
      if (text_font_.family() != QLatin1String("DejaVu Sans")) {
        text_style_ += " font-family=\"";
        appendEscaped(text_style_, text_font_.family());
        text_style_ += '"';
      }
      if (text_font_.weight() != QFont::Normal)
        text_style_ +=
            " font-weight=\"" + std::to_string(static_cast<int>(text_font_.weight())) + '"';
      if (text_font_.italic())
        text_style_ += " font-style=\"italic\"";
      text_style_ += " xml:space=\"preserve\"";
    }
    out_ += "<text";
    appendAttribute(out_, "x", p.x());
    appendAttribute(out_, "y", p.y());
    out_ += text_style_;
    out_ += '>';
    appendEscaped(out_, text);
    out_ += "</text>\n";
    flushIfFull();
  }

  void drawPixmap(const QRectF& r, const QPixmap& pixmap, const QRectF& source) override {
    drawImage(r, pixmap.toImage(), source, Qt::AutoColor);
  }

  void drawImage(const QRectF& r, const QImage& image, const QRectF& source,
                 Qt::ImageConversionFlags) override {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.copy(source.toAlignedRect()).save(&buffer, "PNG");
    ensureGroup();
    out_ += "<image preserveAspectRatio=\"none\"";
    appendAttribute(out_, "x", r.x());
    appendAttribute(out_, "y", r.y());
    appendAttribute(out_, "width", r.width());
    appendAttribute(out_, "height", r.height());
    out_ += " xlink:href=\"data:image/png;base64,";
    out_ += png.toBase64().toStdString();
    out_ += "\"/>\n";
    flushIfFull();
  }

  Type type() const override { return SVG; }

private:
  // Opens an element with the current style (written again only when it changed).
  void start(const char* tag, bool nonzero) {
    ensureGroup();
    if (shape_style_.empty())
      shape_style_ = shapeStyle();
    out_ += tag;
    out_ += shape_style_;
    if (nonzero)
      out_ += " fill-rule=\"nonzero\"";
  }

  std::string shapeStyle() {
    std::string style;
    switch (brush_.style()) {
    case Qt::NoBrush:
      break;
    case Qt::LinearGradientPattern:
      style += " " + gradientFill(*static_cast<const QLinearGradient*>(brush_.gradient()));
      break;
    default: // solid; other patterns as their colour
      appendColor(style, "fill", "fill-opacity", brush_.color());
    }
    if (pen_.style() != Qt::NoPen) {
      appendColor(style, "stroke", "stroke-opacity", pen_.color());
      const bool cosmetic = pen_.isCosmetic() || pen_.widthF() == 0;
      const double width = cosmetic ? 1 : pen_.widthF();
      appendAttribute(style, "stroke-width", width);
      if (cosmetic)
        style += " vector-effect=\"non-scaling-stroke\"";
      if (pen_.style() != Qt::SolidLine) {
        style += " stroke-dasharray=\"";
        const QList<qreal> pattern = pen_.dashPattern();
        for (qsizetype i = 0; i < pattern.size(); ++i) {
          if (i > 0)
            style += ',';
          appendNumber(style, pattern[i] * width);
        }
        style += '"';
        if (pen_.dashOffset() != 0)
          appendAttribute(style, "stroke-dashoffset", pen_.dashOffset() * width);
      }
      if (pen_.capStyle() == Qt::FlatCap)
        style += " stroke-linecap=\"butt\"";
      else if (pen_.capStyle() == Qt::RoundCap)
        style += " stroke-linecap=\"round\"";
      if (pen_.joinStyle() == Qt::MiterJoin || pen_.joinStyle() == Qt::SvgMiterJoin)
        style += " stroke-linejoin=\"miter\"";
      else if (pen_.joinStyle() == Qt::RoundJoin)
        style += " stroke-linejoin=\"round\"";
    }
    if (opacity_ < 1)
      appendAttribute(style, "opacity", opacity_);
    return style;
  }

  // Defines the gradient just before its first use, and returns the fill that refers to it.
  std::string gradientFill(const QLinearGradient& gradient) {
    const std::string id = "g" + std::to_string(++gradients_);
    out_ += "<linearGradient id=\"" + id + "\" gradientUnits=\"";
    out_ += gradient.coordinateMode() == QGradient::ObjectBoundingMode ? "objectBoundingBox"
                                                                       : "userSpaceOnUse";
    out_ += '"';
    appendAttribute(out_, "x1", gradient.start().x());
    appendAttribute(out_, "y1", gradient.start().y());
    appendAttribute(out_, "x2", gradient.finalStop().x());
    appendAttribute(out_, "y2", gradient.finalStop().y());
    out_ += ">\n";
    for (const QGradientStop& stop : gradient.stops()) {
      out_ += "<stop";
      appendAttribute(out_, "offset", stop.first);
      appendColor(out_, "stop-color", "stop-opacity", stop.second);
      out_ += "/>\n";
    }
    out_ += "</linearGradient>\n";
    return "fill=\"url(#" + id + ")\"";
  }

  void ensureGroup() {
    if (group_open_ || transform_.isIdentity())
      return;
    out_ += "<g transform=\"";
    if (transform_.type() <= QTransform::TxTranslate) {
      out_ += "translate(";
      appendPoint(out_, transform_.dx(), transform_.dy());
    } else {
      out_ += "matrix(";
      // Scales need more than a hundredth: written in full.
      char matrix[192];
      std::snprintf(matrix, sizeof matrix, "%.9g %.9g %.9g %.9g %.9g %.9g", transform_.m11(),
                    transform_.m12(), transform_.m21(), transform_.m22(), transform_.dx(),
                    transform_.dy());
      out_ += matrix;
    }
    out_ += ")\">\n";
    group_open_ = true;
  }

  void closeGroup() {
    if (group_open_)
      out_ += "</g>\n";
    group_open_ = false;
  }

  void flushIfFull() {
    if (out_.size() >= kFlushBytes)
      flush();
  }

  void flush() {
    if (ok_ && !out_.empty()) {
      const qint64 size = static_cast<qint64>(out_.size());
      ok_ = output_->write(out_.data(), size) == size;
    }
    out_.clear();
  }

  QIODevice* output_;
  QSizeF size_;
  QString title_, description_;
  std::string out_;
  bool ok_ = true;
  QPen pen_;
  QBrush brush_;
  QFont font_, text_font_;
  double opacity_ = 1;
  QTransform transform_;
  bool group_open_ = false;
  std::string shape_style_, text_style_; // empty: to be worked out before the next element
  int gradients_ = 0;
};

SvgPaintDevice::SvgPaintDevice(QIODevice* output, const QSizeF& size, const QString& title,
                               const QString& description)
    : size_(size), engine_(std::make_unique<SvgPaintEngine>(output, size, title, description)) {}

SvgPaintDevice::~SvgPaintDevice() = default;

QPaintEngine* SvgPaintDevice::paintEngine() const {
  return engine_.get();
}

bool SvgPaintDevice::ok() const {
  return engine_->ok();
}

int SvgPaintDevice::metric(PaintDeviceMetric metric) const {
  const std::optional<int> value = pointDeviceMetric(metric, size_);
  return value ? *value : QPaintDevice::metric(metric);
}

} // namespace irscope::render
