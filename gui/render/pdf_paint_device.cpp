#include "gui/render/pdf_paint_device.h"

#include "gui/render/pdf_font_subset.h"
#include "gui/render/point_device_metrics.h"

#include <QImage>
#include <QLinearGradient>
#include <QPaintEngine>
#include <QPainterPath>
#include <QPixmap>
#include <QRawFont>
#include <QTextItem>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace irscope::render {

namespace {

constexpr size_t kFlushBytes = 1 << 20;
// zlib's fastest level: a fifth larger than its default here, at a third of the time.
constexpr int kDeflateLevel = 1;

// Object numbers fixed in advance: the rest are handed out as objects are written.
constexpr int kCatalogObject = 1;
constexpr int kPagesObject = 2;
constexpr int kResourcesObject = 3;
constexpr int kInfoObject = 4;
constexpr int kFirstFreeObject = 5;

// A thousandth of a unit, without trailing zeros: "12", "12.5", "-0.125".
void appendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += '0';
    return;
  }
  long long thousandths = std::llround(value * 1000);
  if (thousandths < 0) {
    out += '-';
    thousandths = -thousandths;
  }
  out += std::to_string(thousandths / 1000);
  int fraction = static_cast<int>(thousandths % 1000);
  if (fraction != 0) {
    char digits[4] = {static_cast<char>('0' + fraction / 100),
                      static_cast<char>('0' + fraction / 10 % 10),
                      static_cast<char>('0' + fraction % 10), 0};
    int length = 3;
    while (digits[length - 1] == '0')
      --length;
    out += '.';
    out.append(digits, static_cast<size_t>(length));
  }
}

void appendNumbers(std::string& out, std::initializer_list<double> values) {
  for (double value : values) {
    appendNumber(out, value);
    out += ' ';
  }
}

// Matrix entries need more than a thousandth (the overview page scales by 0.03).
void appendMatrix(std::string& out, const QTransform& t) {
  char text[192];
  std::snprintf(text, sizeof text, "%.9g %.9g %.9g %.9g %.9g %.9g", t.m11(), t.m12(), t.m21(),
                t.m22(), t.dx(), t.dy());
  out += text;
}

std::string colorText(const QColor& color) {
  std::string text;
  appendNumbers(text, {color.redF(), color.greenF(), color.blueF()});
  return text;
}

void appendHex4(std::string& out, unsigned value) {
  static const char* digits = "0123456789ABCDEF";
  out += digits[(value >> 12) & 15];
  out += digits[(value >> 8) & 15];
  out += digits[(value >> 4) & 15];
  out += digits[value & 15];
}

// A PDF text string in UTF-16BE with its byte-order mark, as hex.
std::string textString(const QString& text) {
  std::string out = "<FEFF";
  for (QChar c : text)
    appendHex4(out, c.unicode());
  return out + ">";
}

QByteArray deflate(const std::string& data) {
  // qCompress prefixes zlib's stream with the length, big-endian, in four bytes.
  return qCompress(reinterpret_cast<const uchar*>(data.data()), static_cast<qsizetype>(data.size()),
                   kDeflateLevel)
      .mid(4);
}

// The rectangle a path is, if it is one: what setClipRect hands over.
std::optional<QRectF> asRect(const QPainterPath& path) {
  const int count = path.elementCount();
  if (count != 5 && count != 4)
    return std::nullopt;
  for (int i = 1; i < count; ++i) {
    const auto& a = path.elementAt(i - 1);
    const auto& b = path.elementAt(i);
    if (!b.isLineTo() || (a.x != b.x && a.y != b.y))
      return std::nullopt;
  }
  const auto& first = path.elementAt(0);
  const auto& last = path.elementAt(count - 1);
  if (count == 5 && (first.x != last.x || first.y != last.y))
    return std::nullopt;
  return path.boundingRect();
}

struct EmbeddedFont {
  QRawFont raw;
  FontMetricsForPdf metrics;
  std::string name; // "F1", as the page resources name it
  std::unordered_map<char32_t, uint16_t> glyph_of;
  std::map<uint16_t, char32_t> shown; // glyph -> the character it shows (ToUnicode)
};

} // namespace

class PdfPaintEngine : public QPaintEngine {
public:
  PdfPaintEngine(QIODevice* output, const QSizeF& page, const QString& title,
                 const QString& creator)
      : QPaintEngine(PrimitiveTransform | PatternTransform | PixmapTransform | LinearGradientFill |
                     AlphaBlend | PainterPaths | Antialiasing | ConstantOpacity),
        output_(output), page_(page), title_(title), creator_(creator) {}

  bool ok() const { return ok_; }

  bool begin(QPaintDevice*) override {
    out_.reserve(kFlushBytes + 4096);
    out_ += "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    offsets_.assign(kFirstFreeObject, 0);
    startPage();
    return true;
  }

  bool newPage() {
    if (!isActive())
      return false;
    finishPage();
    startPage();
    return ok_;
  }

  bool end() override {
    finishPage();
    writeFonts();
    writeResources();
    beginObject(kPagesObject);
    out_ += "<< /Type /Pages /Kids [";
    for (int page : pages_)
      out_ += std::to_string(page) + " 0 R ";
    out_ += "] /Count " + std::to_string(pages_.size()) + " >>\n";
    endObject();
    beginObject(kCatalogObject);
    out_ += "<< /Type /Catalog /Pages 2 0 R >>\n";
    endObject();
    beginObject(kInfoObject);
    out_ += "<< /Title " + textString(title_) + " /Creator " + textString(creator_) +
            " /Producer " + textString(QStringLiteral("irscope")) + " >>\n";
    endObject();
    const size_t xref = written_ + out_.size();
    out_ += "xref\n0 " + std::to_string(offsets_.size()) + "\n0000000000 65535 f \n";
    for (size_t i = 1; i < offsets_.size(); ++i) {
      char entry[24];
      std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offsets_[i]);
      out_ += entry;
    }
    out_ += "trailer\n<< /Size " + std::to_string(offsets_.size()) +
            " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    flush();
    return ok_;
  }

  void updateState(const QPaintEngineState& state) override {
    const DirtyFlags flags = state.state();
    if (flags & DirtyPen)
      pen_ = state.pen();
    if (flags & DirtyBrush)
      brush_ = state.brush();
    if (flags & DirtyOpacity)
      opacity_ = state.opacity();
    // The transform first: a clip is given in the coordinates of the transform set with it.
    if ((flags & DirtyTransform) && state.transform() != transform_) {
      closeTransformBlock();
      transform_ = state.transform();
    }
    if (flags & (DirtyClipPath | DirtyClipRegion | DirtyClipEnabled)) {
      closeClipBlock();
      if (flags & DirtyClipEnabled)
        clip_enabled_ = state.isClipEnabled();
      if (flags & DirtyClipPath)
        setClip(state.clipPath(), state.clipOperation());
      if (flags & DirtyClipRegion) {
        QPainterPath region;
        region.addRegion(state.clipRegion());
        setClip(region, state.clipOperation());
      }
    }
  }

  void drawPath(const QPainterPath& path) override {
    if (path.isEmpty())
      return;
    const bool fill = useBrush(), stroke = usePen();
    if (!fill && !stroke)
      return;
    appendPath(content_, path);
    paint(fill, stroke, path.fillRule() == Qt::OddEvenFill);
  }

  void drawPolygon(const QPointF* points, int count, PolygonDrawMode mode) override {
    if (count < 2)
      return;
    const bool polyline = mode == PolylineMode;
    const bool fill = !polyline && useBrush(), stroke = usePen();
    if (!fill && !stroke)
      return;
    for (int i = 0; i < count; ++i) {
      appendNumbers(content_, {points[i].x(), points[i].y()});
      content_ += i == 0 ? "m\n" : "l\n";
    }
    if (!polyline)
      content_ += "h\n";
    paint(fill, stroke, mode == OddEvenMode);
  }

  void drawRects(const QRectF* rects, int count) override {
    for (int i = 0; i < count; ++i) {
      const bool fill = useBrush(), stroke = usePen();
      if (!fill && !stroke)
        return;
      const QRectF r = rects[i].normalized();
      appendNumbers(content_, {r.x(), r.y(), r.width(), r.height()});
      content_ += "re\n";
      paint(fill, stroke, false);
    }
  }

  void drawLines(const QLineF* lines, int count) override {
    if (count <= 0 || !usePen())
      return;
    for (int i = 0; i < count; ++i) {
      appendNumbers(content_, {lines[i].x1(), lines[i].y1()});
      content_ += "m ";
      appendNumbers(content_, {lines[i].x2(), lines[i].y2()});
      content_ += "l\n";
    }
    content_ += "S\n";
    flushPageIfLarge();
  }

  void drawTextItem(const QPointF& p, const QTextItem& item) override {
    const QString text = item.text();
    if (text.isEmpty() || pen_.style() == Qt::NoPen)
      return;
    const QFont font = item.font();
    EmbeddedFont* embedded = fontFor(font);
    const QList<uint> characters = text.toUcs4();
    std::string glyphs;
    if (embedded) {
      for (char32_t c : characters) {
        const uint16_t glyph = glyphFor(*embedded, c);
        if (glyph == 0 && !QChar::isSpace(c)) { // the font lacks it: Qt would fall back
          embedded = nullptr;
          break;
        }
        appendHex4(glyphs, glyph);
      }
    }
    if (!embedded) {
      drawTextAsOutlines(p, text, font);
      return;
    }
    for (char32_t c : characters)
      embedded->shown.emplace(glyphFor(*embedded, c), c);
    const double size = font.pointSizeF() > 0 ? font.pointSizeF() : font.pixelSize();
    openBlocks();
    setFill(pen_.color());
    setAlpha(pen_.color().alphaF() * opacity_, stroke_alpha_);
    content_ += "BT /" + embedded->name + ' ';
    appendNumber(content_, size);
    content_ += " Tf 1 0 0 -1 ";
    appendNumbers(content_, {p.x(), p.y()});
    content_ += "Tm <" + glyphs + "> Tj ET\n";
    flushPageIfLarge();
  }

  void drawPixmap(const QRectF& r, const QPixmap& pixmap, const QRectF& source) override {
    drawImage(r, pixmap.toImage(), source, Qt::AutoColor);
  }

  void drawImage(const QRectF& r, const QImage& image, const QRectF& source,
                 Qt::ImageConversionFlags) override {
    const QImage part = image.copy(source.toAlignedRect()).convertToFormat(QImage::Format_ARGB32);
    if (part.isNull())
      return;
    std::string rgb, alpha;
    rgb.reserve(static_cast<size_t>(part.width()) * part.height() * 3);
    bool translucent = false;
    for (int y = 0; y < part.height(); ++y) {
      const auto* line = reinterpret_cast<const QRgb*>(part.constScanLine(y));
      for (int x = 0; x < part.width(); ++x) {
        rgb += static_cast<char>(qRed(line[x]));
        rgb += static_cast<char>(qGreen(line[x]));
        rgb += static_cast<char>(qBlue(line[x]));
        alpha += static_cast<char>(qAlpha(line[x]));
        translucent = translucent || qAlpha(line[x]) != 255;
      }
    }
    const std::string size =
        "/Width " + std::to_string(part.width()) + " /Height " + std::to_string(part.height());
    int mask = 0;
    if (translucent) {
      mask = newObject();
      writeStream(mask,
                  "/Type /XObject /Subtype /Image " + size +
                      " /ColorSpace /DeviceGray /BitsPerComponent 8",
                  alpha);
    }
    const int object = newObject();
    writeStream(object,
                "/Type /XObject /Subtype /Image " + size +
                    " /ColorSpace /DeviceRGB /BitsPerComponent 8" +
                    (mask ? " /SMask " + std::to_string(mask) + " 0 R" : std::string()),
                rgb);
    const std::string name = "I" + std::to_string(images_.size() + 1);
    images_.emplace_back(name, object);
    openBlocks();
    setAlpha(opacity_, opacity_);
    content_ += "q ";
    appendNumbers(content_, {r.width(), 0, 0, -r.height(), r.x(), r.y() + r.height()});
    content_ += "cm /" + name + " Do Q\n";
  }

  Type type() const override { return User; }

private:
  // ---- the file: objects, their offsets, and the buffer in front of the output

  int newObject() {
    offsets_.push_back(0);
    return static_cast<int>(offsets_.size()) - 1;
  }

  void beginObject(int object) {
    offsets_[static_cast<size_t>(object)] = written_ + out_.size();
    out_ += std::to_string(object) + " 0 obj\n";
  }

  void endObject() {
    out_ += "endobj\n";
    if (out_.size() >= kFlushBytes)
      flush();
  }

  void writeStream(int object, const std::string& dictionary, const std::string& data,
                   const std::string& uncompressed_length_key = {}) {
    const QByteArray packed = deflate(data);
    beginObject(object);
    out_ += "<< " + dictionary + " /Filter /FlateDecode /Length " + std::to_string(packed.size());
    if (!uncompressed_length_key.empty())
      out_ += " /" + uncompressed_length_key + ' ' + std::to_string(data.size());
    out_ += " >>\nstream\n";
    out_.append(packed.constData(), static_cast<size_t>(packed.size()));
    out_ += "\nendstream\n";
    endObject();
  }

  void flush() {
    if (ok_ && !out_.empty()) {
      const qint64 size = static_cast<qint64>(out_.size());
      ok_ = output_->write(out_.data(), size) == size;
    }
    written_ += out_.size();
    out_.clear();
  }

  // ---- pages

  void startPage() {
    content_.clear();
    content_ += "1 0 0 -1 0 ";
    appendNumber(content_, page_.height());
    content_ += " cm\n";
    clip_open_ = transform_open_ = false;
    forgetGraphicsState();
  }

  void finishPage() {
    closeClipBlock();
    const int contents = newObject();
    writeStream(contents, {}, content_);
    content_.clear();
    const int page = newObject();
    beginObject(page);
    out_ += "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ";
    appendNumbers(out_, {page_.width(), page_.height()});
    out_ += "] /Resources 3 0 R /Contents " + std::to_string(contents) + " 0 R >>\n";
    endObject();
    pages_.push_back(page);
  }

  // A page's content is kept whole until the page ends (it is one stream); this only keeps
  // the file's buffer from growing while a page is large.
  void flushPageIfLarge() {
    if (out_.size() >= kFlushBytes)
      flush();
  }

  // ---- blocks: the clip and the transform each live in a q ... Q of their own, so that a
  // change to either pops back to a state with neither, and the other is set again.

  void openBlocks() {
    if (!clip_open_) {
      content_ += "q\n";
      if (clip_enabled_ && clip_) {
        if (const auto rect = asRect(*clip_)) {
          appendNumbers(content_, {rect->x(), rect->y(), rect->width(), rect->height()});
          content_ += "re W n\n";
        } else {
          appendPath(content_, *clip_);
          content_ += clip_->fillRule() == Qt::OddEvenFill ? "W* n\n" : "W n\n";
        }
      }
      clip_open_ = true;
    }
    if (!transform_open_) {
      content_ += "q\n";
      if (!transform_.isIdentity()) {
        appendMatrix(content_, transform_);
        content_ += " cm\n";
      }
      transform_open_ = true;
    }
  }

  void closeTransformBlock() {
    if (transform_open_) {
      content_ += "Q\n";
      transform_open_ = false;
      forgetGraphicsState();
    }
  }

  void closeClipBlock() {
    closeTransformBlock();
    if (clip_open_) {
      content_ += "Q\n";
      clip_open_ = false;
      forgetGraphicsState();
    }
  }

  void setClip(const QPainterPath& path, Qt::ClipOperation operation) {
    if (operation == Qt::NoClip) {
      clip_.reset();
      return;
    }
    QPainterPath mapped = transform_.map(path);
    if (operation == Qt::IntersectClip && clip_) {
      const auto a = asRect(*clip_), b = asRect(mapped);
      if (a && b) {
        mapped = QPainterPath();
        mapped.addRect(a->intersected(*b));
      } else {
        mapped = clip_->intersected(mapped);
      }
    }
    clip_ = mapped;
    clip_enabled_ = true;
  }

  // ---- graphics state: written only where it differs from what the page has now

  void forgetGraphicsState() {
    fill_.clear();
    stroke_.clear();
    line_width_ = -1;
    cap_ = join_ = -1;
    miter_ = -1;
    dash_.clear();
    fill_alpha_ = stroke_alpha_ = 1;
  }

  void setFill(const QColor& color) {
    std::string text = colorText(color) + "rg\n";
    if (text != fill_) {
      content_ += text;
      fill_ = std::move(text);
    }
  }

  void setAlpha(double fill, double stroke) {
    fill = std::round(std::clamp(fill, 0.0, 1.0) * 1000) / 1000;
    stroke = std::round(std::clamp(stroke, 0.0, 1.0) * 1000) / 1000;
    if (fill == fill_alpha_ && stroke == stroke_alpha_)
      return;
    const auto key = std::make_pair(fill, stroke);
    auto it = alpha_states_.find(key);
    if (it == alpha_states_.end())
      it = alpha_states_.emplace(key, "G" + std::to_string(alpha_states_.size() + 1)).first;
    content_ += '/' + it->second + " gs\n";
    fill_alpha_ = fill;
    stroke_alpha_ = stroke;
  }

  // Sets the fill for the next shape; false if the brush paints nothing.
  bool useBrush() {
    if (brush_.style() == Qt::NoBrush)
      return false;
    openBlocks();
    const auto* gradient = brush_.style() == Qt::LinearGradientPattern
                               ? static_cast<const QLinearGradient*>(brush_.gradient())
                               : nullptr;
    if (gradient && gradient->coordinateMode() == QGradient::LogicalMode &&
        gradient->stops().size() > 1) {
      const std::string text = "/Pattern cs /" + gradientPattern(*gradient) + " scn\n";
      content_ += text;
      fill_ = text;
      setAlpha(opacity_, stroke_alpha_);
      return true;
    }
    const QColor color = gradient && !gradient->stops().isEmpty() ? gradient->stops().front().second
                                                                  : brush_.color();
    setFill(color);
    setAlpha(color.alphaF() * opacity_, stroke_alpha_);
    return true;
  }

  // Sets the stroke for the next shape; false if the pen draws nothing.
  bool usePen() {
    if (pen_.style() == Qt::NoPen)
      return false;
    openBlocks();
    std::string stroke = colorText(pen_.color()) + "RG\n";
    if (stroke != stroke_) {
      content_ += stroke;
      stroke_ = std::move(stroke);
    }
    setAlpha(fill_alpha_, pen_.color().alphaF() * opacity_);
    // A cosmetic pen is as wide on the page whatever the transform.
    const bool cosmetic = pen_.isCosmetic() || pen_.widthF() == 0;
    const double scale = std::sqrt(std::abs(transform_.determinant()));
    double width = pen_.widthF() == 0 ? 1 : pen_.widthF();
    if (cosmetic && scale > 0)
      width /= scale;
    if (width != line_width_) {
      appendNumber(content_, width);
      content_ += " w\n";
      line_width_ = width;
    }
    const int cap = pen_.capStyle() == Qt::FlatCap ? 0 : pen_.capStyle() == Qt::RoundCap ? 1 : 2;
    if (cap != cap_) {
      content_ += std::to_string(cap) + " J\n";
      cap_ = cap;
    }
    const Qt::PenJoinStyle style = pen_.joinStyle();
    const int join = (style == Qt::MiterJoin || style == Qt::SvgMiterJoin) ? 0
                     : style == Qt::RoundJoin                              ? 1
                                                                           : 2;
    if (join != join_) {
      content_ += std::to_string(join) + " j\n";
      join_ = join;
    }
    if (join == 0 && pen_.miterLimit() != miter_) {
      appendNumber(content_, pen_.miterLimit());
      content_ += " M\n";
      miter_ = pen_.miterLimit();
    }
    std::string dash = "[";
    if (pen_.style() != Qt::SolidLine) {
      for (qreal length : pen_.dashPattern())
        appendNumbers(dash, {length * width});
    }
    dash += "] ";
    appendNumber(dash, pen_.style() != Qt::SolidLine ? pen_.dashOffset() * width : 0);
    dash += " d\n";
    if (dash != dash_) {
      content_ += dash;
      dash_ = std::move(dash);
    }
    return true;
  }

  void paint(bool fill, bool stroke, bool odd_even) {
    if (fill && stroke)
      content_ += odd_even ? "B*\n" : "B\n";
    else if (fill)
      content_ += odd_even ? "f*\n" : "f\n";
    else
      content_ += "S\n";
    flushPageIfLarge();
  }

  static void appendPath(std::string& out, const QPainterPath& path) {
    QPointF start;
    for (int i = 0; i < path.elementCount(); ++i) {
      const QPainterPath::Element& e = path.elementAt(i);
      switch (e.type) {
      case QPainterPath::MoveToElement:
        appendNumbers(out, {e.x, e.y});
        out += "m\n";
        start = e;
        break;
      case QPainterPath::LineToElement: {
        appendNumbers(out, {e.x, e.y});
        out += "l\n";
        // A subpath back at its start is closed, so its corner is joined, not capped.
        const bool last_of_subpath =
            i + 1 == path.elementCount() || path.elementAt(i + 1).isMoveTo();
        if (last_of_subpath && QPointF(e) == start)
          out += "h\n";
        break;
      }
      case QPainterPath::CurveToElement:
        if (i + 2 < path.elementCount()) {
          const auto& c2 = path.elementAt(i + 1);
          const auto& end = path.elementAt(i + 2);
          appendNumbers(out, {e.x, e.y, c2.x, c2.y, end.x, end.y});
          out += "c\n";
          i += 2;
        }
        break;
      case QPainterPath::CurveToDataElement:
        break;
      }
    }
  }

  // A shading pattern for a linear gradient. Patterns live in the page's default space, so
  // each use gets its own, with the transform in force at that moment.
  std::string gradientPattern(const QLinearGradient& gradient) {
    QGradientStops stops = gradient.stops();
    if (stops.front().first > 0)
      stops.prepend({0, stops.front().second});
    if (stops.back().first < 1)
      stops.append({1, stops.back().second});
    std::string functions, bounds, encode;
    for (qsizetype i = 0; i + 1 < stops.size(); ++i) {
      functions += "<< /FunctionType 2 /Domain [0 1] /C0 [" + colorText(stops[i].second) +
                   "] /C1 [" + colorText(stops[i + 1].second) + "] /N 1 >> ";
      if (i > 0)
        appendNumbers(bounds, {stops[i].first});
      encode += "0 1 ";
    }
    const QTransform page(1, 0, 0, -1, 0, page_.height());
    const int object = newObject();
    beginObject(object);
    out_ += "<< /PatternType 2 /Matrix [";
    appendMatrix(out_, transform_ * page);
    out_ += "] /Shading << /ShadingType 2 /ColorSpace /DeviceRGB /Coords [";
    appendNumbers(out_, {gradient.start().x(), gradient.start().y(), gradient.finalStop().x(),
                         gradient.finalStop().y()});
    out_ += "] /Extend [true true] /Function << /FunctionType 3 /Domain [0 1] /Functions [" +
            functions + "] /Bounds [" + bounds + "] /Encode [" + encode + "] >> >> >>\n";
    endObject();
    const std::string name = "P" + std::to_string(patterns_.size() + 1);
    patterns_.emplace_back(name, object);
    return name;
  }

  // ---- text

  EmbeddedFont* fontFor(const QFont& font) {
    const QString key = font.family() + '|' + QString::number(font.weight()) + '|' +
                        QString::number(int(font.style())) + '|' + font.styleName() + '|' +
                        QString::number(font.stretch());
    auto it = font_for_key_.find(key);
    if (it != font_for_key_.end())
      return it->second;
    EmbeddedFont* embedded = nullptr;
    QRawFont raw = QRawFont::fromFont(font);
    if (raw.isValid()) {
      const QString face = raw.familyName() + '|' + raw.styleName();
      auto same = font_for_face_.find(face);
      if (same != font_for_face_.end()) {
        embedded = same->second;
      } else if (const auto metrics = pdfFontMetrics(raw)) {
        fonts_.push_back(std::make_unique<EmbeddedFont>());
        embedded = fonts_.back().get();
        embedded->raw = raw;
        embedded->metrics = *metrics;
        embedded->name = "F" + std::to_string(fonts_.size());
        font_for_face_[face] = embedded;
      }
    }
    font_for_key_[key] = embedded;
    return embedded;
  }

  static uint16_t glyphFor(EmbeddedFont& font, char32_t c) {
    auto it = font.glyph_of.find(c);
    if (it != font.glyph_of.end())
      return it->second;
    const QList<quint32> glyphs = font.raw.glyphIndexesForString(QString::fromUcs4(&c, 1));
    const uint16_t glyph =
        glyphs.size() == 1 && glyphs.front() <= 0xffff ? static_cast<uint16_t>(glyphs.front()) : 0;
    font.glyph_of.emplace(c, glyph);
    return glyph;
  }

  void drawTextAsOutlines(const QPointF& p, const QString& text, const QFont& font) {
    QPainterPath outlines;
    outlines.addText(p, font, text);
    const QBrush brush = brush_;
    const QPen pen = pen_;
    brush_ = pen_.color();
    pen_ = Qt::NoPen;
    drawPath(outlines);
    brush_ = brush;
    pen_ = pen;
  }

  void writeFonts() {
    for (const auto& font : fonts_) {
      std::vector<uint16_t> glyphs;
      for (const auto& [glyph, c] : font->shown)
        glyphs.push_back(glyph);
      const FontMetricsForPdf& m = font->metrics;
      // A subset tag from the glyphs it holds, so the same drawing gives the same file.
      uint32_t hash = 2166136261u;
      for (uint16_t glyph : glyphs)
        hash = (hash ^ glyph) * 16777619u;
      std::string tag;
      for (int i = 0; i < 6; ++i, hash /= 26)
        tag += static_cast<char>('A' + hash % 26);
      const std::string base = tag + '+' + m.postscript_name.toStdString();

      const int file = newObject();
      writeStream(file, {}, truetypeSubset(font->raw, glyphs).toStdString(), "Length1");

      const int descriptor = newObject();
      beginObject(descriptor);
      out_ += "<< /Type /FontDescriptor /FontName /" + base + " /Flags 4 /FontBBox [";
      appendNumbers(out_, {m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]});
      out_ += "] /ItalicAngle ";
      appendNumber(out_, m.italic_angle);
      out_ += " /Ascent ";
      appendNumber(out_, m.ascent);
      out_ += " /Descent ";
      appendNumber(out_, m.descent);
      out_ += " /CapHeight ";
      appendNumber(out_, m.cap_height);
      out_ += " /StemV 80 /FontFile2 " + std::to_string(file) + " 0 R >>\n";
      endObject();

      // Widths in thousandths of an em, from the font's own advances.
      QRawFont sized = font->raw;
      sized.setPixelSize(m.units_per_em);
      std::vector<quint32> indexes(glyphs.begin(), glyphs.end());
      std::vector<QPointF> advances(indexes.size());
      if (!indexes.empty())
        sized.advancesForGlyphIndexes(indexes.data(), advances.data(),
                                      static_cast<int>(indexes.size()), QRawFont::UseDesignMetrics);
      const int cid_font = newObject();
      beginObject(cid_font);
      out_ += "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + base +
              " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
              " /FontDescriptor " +
              std::to_string(descriptor) + " 0 R /CIDToGIDMap /Identity /W [";
      for (size_t i = 0; i < indexes.size(); ++i) {
        out_ += std::to_string(indexes[i]) + " [";
        appendNumber(out_, advances[i].x() * 1000 / m.units_per_em);
        out_ += "] ";
      }
      out_ += "] >>\n";
      endObject();

      const int to_unicode = newObject();
      std::string cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
                         "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
      std::vector<std::pair<uint16_t, char32_t>> shown(font->shown.begin(), font->shown.end());
      for (size_t start = 0; start < shown.size(); start += 100) {
        const size_t end = std::min(shown.size(), start + 100);
        cmap += std::to_string(end - start) + " beginbfchar\n";
        for (size_t i = start; i < end; ++i) {
          cmap += '<';
          appendHex4(cmap, shown[i].first);
          cmap += "> <";
          for (QChar unit : QString::fromUcs4(&shown[i].second, 1))
            appendHex4(cmap, unit.unicode());
          cmap += ">\n";
        }
        cmap += "endbfchar\n";
      }
      cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
      writeStream(to_unicode, {}, cmap);

      const int type0 = newObject();
      beginObject(type0);
      out_ += "<< /Type /Font /Subtype /Type0 /BaseFont /" + base +
              " /Encoding /Identity-H /DescendantFonts [" + std::to_string(cid_font) +
              " 0 R] /ToUnicode " + std::to_string(to_unicode) + " 0 R >>\n";
      endObject();
      font_objects_.emplace_back(font->name, type0);
    }
  }

  void writeResources() {
    beginObject(kResourcesObject);
    out_ += "<< /ProcSet [/PDF /Text /ImageC]";
    auto dictionary = [&](const char* key, const std::vector<std::pair<std::string, int>>& refs) {
      if (refs.empty())
        return;
      out_ += std::string(" /") + key + " <<";
      for (const auto& [name, object] : refs)
        out_ += " /" + name + ' ' + std::to_string(object) + " 0 R";
      out_ += " >>";
    };
    dictionary("Font", font_objects_);
    dictionary("Pattern", patterns_);
    dictionary("XObject", images_);
    if (!alpha_states_.empty()) {
      out_ += " /ExtGState <<";
      for (const auto& [alpha, name] : alpha_states_) {
        out_ += " /" + name + " << /ca ";
        appendNumber(out_, alpha.first);
        out_ += " /CA ";
        appendNumber(out_, alpha.second);
        out_ += " >>";
      }
      out_ += " >>";
    }
    out_ += " >>\n";
    endObject();
  }

  QIODevice* output_;
  QSizeF page_;
  QString title_, creator_;
  bool ok_ = true;
  std::string out_;     // the file's bytes not yet written to output_
  size_t written_ = 0;  // bytes written to output_ so far
  std::string content_; // the page being painted
  std::vector<size_t> offsets_;
  std::vector<int> pages_;

  QPen pen_;
  QBrush brush_;
  double opacity_ = 1;
  QTransform transform_;
  std::optional<QPainterPath> clip_; // in device coordinates
  bool clip_enabled_ = false;
  bool clip_open_ = false, transform_open_ = false;

  // What the page's graphics state holds now (empty or -1: not known).
  std::string fill_, stroke_, dash_;
  double line_width_ = -1, miter_ = -1;
  int cap_ = -1, join_ = -1;
  double fill_alpha_ = 1, stroke_alpha_ = 1;

  std::map<std::pair<double, double>, std::string> alpha_states_;
  std::vector<std::pair<std::string, int>> patterns_, images_, font_objects_;
  std::vector<std::unique_ptr<EmbeddedFont>> fonts_;
  std::map<QString, EmbeddedFont*> font_for_key_; // nullptr: drawn as outlines
  std::map<QString, EmbeddedFont*> font_for_face_;
};

PdfPaintDevice::PdfPaintDevice(QIODevice* output, const QSizeF& page, const QString& title,
                               const QString& creator)
    : page_(page), engine_(std::make_unique<PdfPaintEngine>(output, page, title, creator)) {}

PdfPaintDevice::~PdfPaintDevice() = default;

bool PdfPaintDevice::newPage() {
  return engine_->newPage();
}

QPaintEngine* PdfPaintDevice::paintEngine() const {
  return engine_.get();
}

bool PdfPaintDevice::ok() const {
  return engine_->ok();
}

int PdfPaintDevice::metric(PaintDeviceMetric metric) const {
  const std::optional<int> value = pointDeviceMetric(metric, page_);
  return value ? *value : QPaintDevice::metric(metric);
}

} // namespace irscope::render
