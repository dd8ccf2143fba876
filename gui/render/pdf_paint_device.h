#pragma once
// A paint device that writes PDF as it is painted on, for the PDF exports: paintDiagram draws on
// it exactly as on the screen or the SVG device, so the PDF shows the same picture.
//
// Why not QPdfWriter: on a fully expanded 140-layer decoder, most of its time goes to zlib at
// its default level over content streams that place every glyph with its own operator, print
// nine significant digits and restate colour space and graphics state before each fill. This
// device writes each text run as one string (the embedded font's own widths place the glyphs,
// as Qt laid them out: the diagram's fonts are set without shaping or kerning), states only
// what changed since the last shape, prints a thousandth of a unit, and deflates at zlib's
// fastest level.
//
// Text stays text: each font is embedded as a subset of its TrueType file, with a ToUnicode
// map, so viewers search, select and copy it and poppler's tools read it back. A text run with
// a character the font lacks (Qt would fall back to another font) is drawn as outlines, as is
// text in a font that is not TrueType.
//
// What it supports is what paintDiagram and the page decorations use: paths, polygons and
// polylines, rectangles, lines, text, solid colours with alpha, linear gradients, solid and
// dashed pens (cosmetic too), any affine transform, clipping, and images.
#include <QIODevice>
#include <QPaintDevice>
#include <QSizeF>
#include <QString>
#include <memory>

namespace irscope::render {

class PdfPaintEngine;

class PdfPaintDevice : public QPaintDevice {
public:
  // Writes to `output` (opened for writing) a document whose pages are `page` points.
  PdfPaintDevice(QIODevice* output, const QSizeF& page, const QString& title,
                 const QString& creator);
  ~PdfPaintDevice() override;

  // Ends the page being painted and starts another; the painter keeps its state.
  bool newPage();
  QPaintEngine* paintEngine() const override;
  // False if writing to the output failed (after QPainter::end()).
  bool ok() const;

protected:
  int metric(PaintDeviceMetric metric) const override;

private:
  QSizeF page_;
  std::unique_ptr<PdfPaintEngine> engine_;
};

} // namespace irscope::render
