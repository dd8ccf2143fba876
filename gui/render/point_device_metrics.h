#pragma once
// The metrics of a paint device whose unit is the point (72 dots per inch), as the SVG and PDF
// devices are: painter units are points, as with QPdfWriter::setResolution(72).
#include <QPaintDevice>
#include <QSizeF>
#include <cmath>
#include <optional>

namespace irscope::render {

// nullopt: a metric these devices leave to QPaintDevice.
inline std::optional<int> pointDeviceMetric(QPaintDevice::PaintDeviceMetric metric,
                                            const QSizeF& size) {
  switch (metric) {
  case QPaintDevice::PdmWidth:
    return static_cast<int>(std::ceil(size.width()));
  case QPaintDevice::PdmHeight:
    return static_cast<int>(std::ceil(size.height()));
  case QPaintDevice::PdmWidthMM:
    return static_cast<int>(std::lround(size.width() / 72 * 25.4));
  case QPaintDevice::PdmHeightMM:
    return static_cast<int>(std::lround(size.height() / 72 * 25.4));
  case QPaintDevice::PdmNumColors:
    return 0x7fffffff;
  case QPaintDevice::PdmDepth:
    return 32;
  case QPaintDevice::PdmDpiX:
  case QPaintDevice::PdmDpiY:
  case QPaintDevice::PdmPhysicalDpiX:
  case QPaintDevice::PdmPhysicalDpiY:
    return 72;
  case QPaintDevice::PdmDevicePixelRatio:
    return 1;
  case QPaintDevice::PdmDevicePixelRatioScaled:
    return static_cast<int>(QPaintDevice::devicePixelRatioFScale());
  default:
    return std::nullopt;
  }
}

} // namespace irscope::render
