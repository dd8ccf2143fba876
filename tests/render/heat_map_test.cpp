// The heat map's arithmetic: which items get a colour, where on the ramp, and what the legend says.
#include "gui/render/heat_map.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace irscope::render {
namespace {

TEST(HeatMap, LinearSpreadsFromTheSmallestToTheLargest) {
  const HeatMap map = buildHeatMap({2.0, std::nullopt, 4.0, 3.0}, "max |x|", HeatScale::Linear);
  ASSERT_EQ(map.fills.size(), 4u);
  EXPECT_EQ(map.fills[0], heatColor(0));
  EXPECT_FALSE(map.fills[1].isValid()); // no value: the item keeps its own fill
  EXPECT_EQ(map.fills[2], heatColor(1));
  EXPECT_EQ(map.fills[3], heatColor(0.5));
  ASSERT_TRUE(map.legend);
  EXPECT_EQ(map.legend->low, 2.0);
  EXPECT_EQ(map.legend->high, 4.0);
  EXPECT_FALSE(map.legend->non_finite);
}

TEST(HeatMap, NaNAndInfAreRedAndLeaveTheRangeAlone) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const HeatMap map = buildHeatMap({1.0, nan, inf, 5.0}, "max |x|", HeatScale::Linear);
  EXPECT_EQ(map.fills[1], nonFiniteColor());
  EXPECT_EQ(map.fills[2], nonFiniteColor());
  EXPECT_EQ(map.legend->high, 5.0);
  EXPECT_TRUE(map.legend->non_finite);
  // The red is not a colour of the ramp.
  for (double t = 0; t <= 1.0; t += 0.05)
    EXPECT_NE(heatColor(t), nonFiniteColor()) << t;
}

TEST(HeatMap, LogScaleKeepsExactApartFromSlightlyOff) {
  const HeatMap map = buildHeatMap({0.0, 1e-6, 1e-3, 1.0}, "error", HeatScale::Log);
  EXPECT_TRUE(map.legend->zero);
  EXPECT_EQ(map.legend->low, 1e-6); // zero has no logarithm; the ramp starts above it
  EXPECT_EQ(map.fills[0], heatColor(0));
  EXPECT_NE(map.fills[1], map.fills[0]);
  EXPECT_EQ(map.fills[3], heatColor(1));
  // 1e-3 is halfway between 1e-6 and 1 in decades, so halfway along what is left of the ramp.
  const double start = map.legend->ramp_start;
  EXPECT_GT(start, 0);
  EXPECT_EQ(map.fills[2], heatColor(start + (1 - start) * 0.5));
}

TEST(HeatMap, NothingToShowGivesNoFillsButALegendThatSaysSo) {
  const HeatMap map = buildHeatMap({std::nullopt, std::nullopt}, "error", HeatScale::Log);
  EXPECT_TRUE(map.fills.empty());
  ASSERT_TRUE(map.legend);
  EXPECT_FALSE(map.legend->any_value);
}

TEST(HeatMap, LegendValuesAreShortAndZeroIsZero) {
  EXPECT_EQ(heatValueText(0, HeatScale::Log), "0");
  EXPECT_EQ(heatValueText(0.00873, HeatScale::Log), "8.7e-03");
  EXPECT_EQ(heatValueText(1234.5, HeatScale::Linear), "1.23e+03");
  EXPECT_EQ(heatValueText(0.5, HeatScale::Linear), "0.5");
}

TEST(HeatMap, ShareScaleAlwaysSpansNoneToAll) {
  const HeatMap map = buildHeatMap({0.25, std::nullopt, 0.75}, "mapped", HeatScale::Share);
  ASSERT_EQ(map.fills.size(), 3u);
  EXPECT_EQ(map.fills[0], shareColor(0.25)); // not stretched to the values present
  EXPECT_FALSE(map.fills[1].isValid());
  EXPECT_EQ(map.fills[2], shareColor(0.75));
  EXPECT_EQ(map.legend->low, 0.0);
  EXPECT_EQ(map.legend->high, 1.0);
  EXPECT_EQ(heatValueText(0, HeatScale::Share), "0%");
  EXPECT_EQ(heatValueText(0.964, HeatScale::Share), "96%");
  EXPECT_NE(shareColor(0), shareColor(1));
  EXPECT_NE(shareColor(0), nonFiniteColor());
}

} // namespace
} // namespace irscope::render
