#pragma once
// A paint device that writes SVG as it is painted on, for exportSvg: paintDiagram draws on it
// exactly as on the screen, a PDF or an image, so the SVG shows the same picture.
//
// Why not QSvgGenerator: it keeps the whole document in a QString (UTF-16) that grows by
// reallocation, converts it at the end, and wraps every drawing call in a <g> restating the
// full style; on a fully expanded 140-layer decoder that is most of the export's time. This
// device streams UTF-8 to the file in large blocks, writes each element with only the style
// that differs from the document's defaults, and formats numbers with two decimals (a
// hundredth of a point), which no viewer can tell apart.
//
// What it supports is what paintDiagram uses: paths, polygons and polylines, rectangles, text
// (as <text>, searchable and selectable), solid colours with alpha, linear gradients, solid and
// dashed pens, cosmetic pens, any affine transform, and images. Clipping is not written: the
// only clip an export sets is the drawing's own bounds, which the SVG's viewport clips anyway.
#include <QIODevice>
#include <QPaintDevice>
#include <QRectF>
#include <QString>
#include <memory>

namespace irscope::render {

class SvgPaintEngine;

class SvgPaintDevice : public QPaintDevice {
public:
  // Writes to `output` (opened for writing) a document of `size` points, titled `title`.
  SvgPaintDevice(QIODevice* output, const QSizeF& size, const QString& title,
                 const QString& description);
  ~SvgPaintDevice() override;

  QPaintEngine* paintEngine() const override;
  // False if writing to the output failed (after QPainter::end()).
  bool ok() const;

protected:
  int metric(PaintDeviceMetric metric) const override;

private:
  QSizeF size_;
  std::unique_ptr<SvgPaintEngine> engine_;
};

} // namespace irscope::render
