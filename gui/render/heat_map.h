#pragma once
// Colouring diagram items by a number each one carries (an output's largest magnitude, its error
// against a reference): a light-to-dark ramp for finite values, one red for NaN and Inf. Or by
// class (how an op maps to a target), one colour per class, with a share ramp for the boxes that
// stand for many items. The canvas and every export draw the same fills and legend, because both
// travel in PaintOptions.
#include <QColor>
#include <QString>
#include <optional>
#include <vector>

namespace irscope::render {

enum class HeatScale {
  Linear,
  Log,   // for errors, which span many orders of magnitude
  Flag,  // only "finite" or "NaN/Inf": no ramp, two swatches
  Share, // a fraction from 0 to 1, shown as 0%..100% on shareColor's ramp
};

// One class of a categorical legend: "converted" and its colour.
struct LegendSwatch {
  QString label;
  QColor color;
};

// What the legend says: the ramp's title and the values at its ends.
struct HeatLegend {
  QString title; // "max |x|", "error vs reference (max diff)"
  HeatScale scale = HeatScale::Linear;
  double low = 0;
  double high = 0;
  bool any_value = false;  // false: nothing has a value yet, the legend says so
  bool non_finite = false; // some item is NaN/Inf: the legend shows the red swatch
  // Log scale only: some item is exactly 0. Zero gets the pale end of the ramp and its own
  // swatch, and the values above it start at `ramp_start`, so that "exact" and "slightly off"
  // look different.
  bool zero = false;
  double ramp_start = 0;
  // Categorical colouring: one swatch per class, after the title. The ramp then follows only
  // when some item has a value (any_value), introduced by `ramp_title`.
  std::vector<LegendSwatch> swatches;
  QString ramp_title;
  // A last word on what the colours leave out ("only the outputs were compared: ..."), shown
  // after everything else.
  QString note;
};

struct HeatMap {
  // One per diagram item; an invalid QColor keeps the item's normal fill. Empty: no colouring.
  std::vector<QColor> fills;
  std::optional<HeatLegend> legend;
};

// The ramp, from t = 0 (low, pale) to t = 1 (high, dark); t is clamped.
QColor heatColor(double t);
// NaN and Inf: a red that the ramp never reaches.
QColor nonFiniteColor();
// The Share scale's ramp, from t = 0 (none: orange) through pale yellow to nearly all (pale
// yellow-green); t = 1 (all) is a green of its own.
QColor shareColor(double t);

// Colours each item by its value: nullopt leaves it alone, a NaN or infinite value is drawn
// red, finite values spread over the ramp from the smallest to the largest. On the log scale,
// zero sits at the pale end, apart from the smallest positive value (see HeatLegend::zero).
// The Share scale always spans 0 to 1.
HeatMap buildHeatMap(const std::vector<std::optional<double>>& item_values, const QString& title,
                     HeatScale scale);

// How the legend writes a value at an end of the ramp.
QString heatValueText(double value, HeatScale scale);

} // namespace irscope::render
