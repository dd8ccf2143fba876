// Statistics, comparison and element decoding, on values small enough to work out by hand.
#include "core/tensor_comparison.h"
#include "core/tensor_statistics.h"
#include "core/tensor_values.h"
#include "tests/support/tensor_values.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>

namespace irscope::ir {
namespace {

using testing::floats;

TensorData halves(const std::string& dtype, const std::vector<uint16_t>& bits) {
  TensorData data{dtype, {static_cast<int64_t>(bits.size())}, {}};
  data.bytes.resize(bits.size() * 2);
  std::memcpy(data.bytes.data(), bits.data(), data.bytes.size());
  return data;
}

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(TensorValues, DecodesHalfPrecisionBitPatterns) {
  // float16: 1.0 = 0x3c00, -2.0 = 0xc000, 65504 = 0x7bff, smallest subnormal 2^-24 = 0x0001.
  const auto f16 = valuesAsDouble(viewOf(halves("float16", {0x3c00, 0xc000, 0x7bff, 0x0001})));
  EXPECT_EQ(f16, (std::vector<double>{1.0, -2.0, 65504.0, std::ldexp(1.0, -24)}));
  EXPECT_TRUE(std::isinf(float16ToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(float16ToFloat(0x7e00)));
  // bfloat16 is the top half of a float32: 1.0 = 0x3f80, -0.5 = 0xbf00.
  const auto bf16 = valuesAsDouble(viewOf(halves("bfloat16", {0x3f80, 0xbf00})));
  EXPECT_EQ(bf16, (std::vector<double>{1.0, -0.5}));
  const TensorData widened = widenForNumpy(halves("bfloat16", {0x3f80, 0xbf00}));
  EXPECT_EQ(widened.dtype, "float32");
  EXPECT_EQ(widened, floats({2}, {1.0f, -0.5f}));
}

TEST(TensorValues, ReadsIntegersAndBoolsAndRefusesStrings) {
  TensorData ints{"int64", {2}, {}};
  const int64_t values[2] = {-3, 1LL << 40};
  ints.bytes.resize(16);
  std::memcpy(ints.bytes.data(), values, 16);
  EXPECT_EQ(valuesAsDouble(viewOf(ints)), (std::vector<double>{-3.0, double(1LL << 40)}));
  EXPECT_THROW(valuesAsDouble({"complex64", nullptr, 0}), std::invalid_argument);
}

TEST(TensorStatistics, RangeMomentsAndHistogramOfFiniteValues) {
  const TensorStatistics stats = statisticsOf(viewOf(floats({6}, {1, 2, 3, 4, kNaN, kInf})));
  EXPECT_EQ(stats.count, 6);
  EXPECT_EQ(stats.nan_count, 1);
  EXPECT_EQ(stats.inf_count, 1);
  EXPECT_EQ(stats.finite_count, 4);
  EXPECT_DOUBLE_EQ(stats.min, 1.0);
  EXPECT_DOUBLE_EQ(stats.max, 4.0);
  EXPECT_DOUBLE_EQ(stats.mean, 2.5);
  EXPECT_DOUBLE_EQ(stats.std, std::sqrt(5.0 / 3.0)); // sample std of 1..4
  EXPECT_DOUBLE_EQ(stats.maxAbs(), 4.0);
  // Bins of width 3/32 over [1, 4]: 1 in bin 0, 2 in bin 10, 3 in bin 21, 4 in the last.
  int64_t total = 0;
  for (int64_t count : stats.histogram)
    total += count;
  EXPECT_EQ(total, 4);
  EXPECT_EQ(stats.histogram[0], 1);
  EXPECT_EQ(stats.histogram[10], 1);
  EXPECT_EQ(stats.histogram[21], 1);
  EXPECT_EQ(stats.histogram[31], 1);
}

TEST(TensorStatistics, ConstantAndAllNaNTensors) {
  const TensorStatistics constant = statisticsOf(viewOf(floats({3}, {-2, -2, -2})));
  EXPECT_DOUBLE_EQ(constant.std, 0.0);
  EXPECT_EQ(constant.histogram[0], 3);
  EXPECT_DOUBLE_EQ(constant.maxAbs(), 2.0);
  const TensorStatistics nan = statisticsOf(viewOf(floats({2}, {kNaN, kNaN})));
  EXPECT_TRUE(std::isnan(nan.min));
  EXPECT_TRUE(nan.hasNonFinite());
  EXPECT_TRUE(toJson(nan)["min"].is_null());
}

TEST(TensorComparison, AllcloseAsTorchIrUsesItWithTheIrOutputSecond) {
  const Tolerance tolerance{0.1, 0.0};
  // |a - b| <= 0.1 * |b|, b being the IR's (actual) value: reference 10 against 11 is close
  // (1 <= 1.1); reference 11 against 9.9 is not (1.1 > 0.99).
  EXPECT_TRUE(compareTensors(floats({1}, {10}), floats({1}, {11}), tolerance).is_close);
  const TensorComparison outside =
      compareTensors(floats({1}, {11}), floats({1}, {9.9f}), tolerance);
  EXPECT_FALSE(outside.is_close);
  EXPECT_EQ(outside.mismatched, 1);
  const TensorComparison diffs =
      compareTensors(floats({3}, {1, 2, 3}), floats({3}, {1, 2.5f, 2}), {1e-5, 1e-5});
  EXPECT_DOUBLE_EQ(diffs.max_diff, 1.0);
  EXPECT_DOUBLE_EQ(diffs.mean_diff, 0.5);
  EXPECT_EQ(diffs.mismatched, 2);
}

TEST(TensorComparison, ShapeMismatchNaNAndEmptyTensors) {
  const TensorComparison shape = compareTensors(floats({2}, {1, 2}), floats({1, 2}, {1, 2}), {});
  EXPECT_FALSE(shape.shape_matches);
  EXPECT_TRUE(std::isinf(shape.max_diff));
  const TensorComparison nan = compareTensors(floats({2}, {1, kNaN}), floats({2}, {1, kNaN}), {});
  EXPECT_FALSE(nan.is_close); // allclose's equal_nan=False
  EXPECT_TRUE(std::isnan(nan.max_diff));
  const TensorComparison infinities = compareTensors(floats({1}, {kInf}), floats({1}, {kInf}), {});
  EXPECT_TRUE(infinities.is_close);
  const TensorComparison empty = compareTensors(floats({0}, {}), floats({0}, {}), {});
  EXPECT_TRUE(empty.is_close);
  EXPECT_EQ(empty.max_diff, 0.0);
}

} // namespace
} // namespace irscope::ir
