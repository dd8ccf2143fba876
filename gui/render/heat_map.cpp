#include "gui/render/heat_map.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace irscope::render {

namespace {

// ColorBrewer's YlGnBu: light to dark, readable for the common colour-vision deficiencies, and
// free of red so that NaN/Inf stands out. Its pale end is still tinted, unlike the grey and
// white of items without a value.
constexpr std::array<QRgb, 9> kRamp = {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4,
                                       0x1d91c0, 0x225ea8, 0x253494, 0x081d58};

// The share ramp: from none (orange) through pale yellow to nearly all (pale yellow-green); all
// of it is a green of its own, so that "everything" stands apart from "all but one". Orange
// against a blue-leaning green stays apart for the common colour-vision deficiencies, and the
// light colours keep dark text readable throughout.
constexpr std::array<QRgb, 3> kShareRamp = {0xf08a4b, 0xf6d98f, 0xdcebb0};
constexpr QRgb kShareAll = 0x6cc3a0;

// On a log scale with zeros, how much of the ramp's pale end is left to zero alone.
constexpr double kZeroGap = 0.2;

template <size_t N> QColor along(const std::array<QRgb, N>& ramp, double t) {
  if (!std::isfinite(t))
    t = 0;
  t = std::clamp(t, 0.0, 1.0) * (ramp.size() - 1);
  const size_t below = std::min(static_cast<size_t>(t), ramp.size() - 2);
  const double step = t - static_cast<double>(below);
  const QColor a(ramp[below]);
  const QColor b(ramp[below + 1]);
  auto mix = [step](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * step)); };
  return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

} // namespace

QColor heatColor(double t) {
  return along(kRamp, t);
}

QColor shareColor(double t) {
  return t >= 1 ? QColor(kShareAll) : along(kShareRamp, t);
}

QColor nonFiniteColor() {
  return QColor(0xe0, 0x1f, 0x26);
}

HeatMap buildHeatMap(const std::vector<std::optional<double>>& item_values, const QString& title,
                     HeatScale scale) {
  HeatMap map;
  HeatLegend legend;
  legend.title = title;
  legend.scale = scale;
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (const auto& value : item_values) {
    if (!value)
      continue;
    legend.any_value = true;
    if (!std::isfinite(*value)) {
      legend.non_finite = true;
      continue;
    }
    // Zero has no logarithm: the log scale starts at the smallest positive value.
    if (scale == HeatScale::Log && *value <= 0) {
      legend.zero = true;
      continue;
    }
    low = std::min(low, *value);
    high = std::max(high, *value);
  }
  if (low > high) // no finite value to span (or, on the log scale, none above zero)
    low = high = 0;
  if (scale == HeatScale::Share) {
    low = 0;
    high = 1;
  }
  legend.low = low;
  legend.high = high;
  if (legend.zero && high > 0)
    legend.ramp_start = kZeroGap;

  auto position = [&](double value) {
    if (scale == HeatScale::Flag)
      return 0.0;
    if (scale == HeatScale::Share)
      return std::clamp(value, 0.0, 1.0);
    if (scale == HeatScale::Log) {
      if (value <= 0 || low <= 0)
        return 0.0;
      const double span = std::log10(high) - std::log10(low);
      const double along = span > 0 ? (std::log10(value) - std::log10(low)) / span : 1.0;
      return legend.ramp_start + (1 - legend.ramp_start) * along;
    }
    return high > low ? (value - low) / (high - low) : 0.0;
  };
  if (legend.any_value) {
    map.fills.resize(item_values.size());
    for (size_t i = 0; i < item_values.size(); ++i) {
      const auto& value = item_values[i];
      if (value)
        map.fills[i] = !std::isfinite(*value)      ? nonFiniteColor()
                       : scale == HeatScale::Share ? shareColor(position(*value))
                                                   : heatColor(position(*value));
    }
  }
  map.legend = legend;
  return map;
}

QString heatValueText(double value, HeatScale scale) {
  if (scale == HeatScale::Share)
    return QStringLiteral("%1%").arg(std::lround(value * 100));
  if (value == 0)
    return QStringLiteral("0");
  return scale == HeatScale::Log ? QString::number(value, 'e', 1) : QString::number(value, 'g', 3);
}

} // namespace irscope::render
