// Numeric agreement on values small enough to work out by hand; every expectation below is
// derived in its comment from the definitions in core/numeric_agreement.h.
#include "core/numeric_agreement.h"
#include "core/shape.h"
#include "tests/support/tensor_values.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>
#include <random>

namespace irscope::ir {
namespace {

using testing::floats;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

float pow2(int exponent) {
  return std::ldexp(1.0f, exponent);
}

NumericAgreement agreement(const TensorData& actual, const TensorData& expected,
                           AgreementOptions options = {}) {
  return measureAgreement(actual, expected, options);
}

TEST(NumericAgreement, UlpSpacingPerDtype) {
  // 1.0 = 2^0: float32 spacing 2^(0-23), bfloat16 2^(0-7), float16 2^(0-10), float64 2^(0-52).
  EXPECT_EQ(ulpOf(1.0, "float32"), std::ldexp(1.0, -23));
  EXPECT_EQ(ulpOf(1.0, "bfloat16"), std::ldexp(1.0, -7));
  EXPECT_EQ(ulpOf(1.0, "float16"), std::ldexp(1.0, -10));
  EXPECT_EQ(ulpOf(-1.5, "float64"), std::ldexp(1.0, -52)); // floor(log2 1.5) = 0
  // 3 lies in [2, 4): exponent 1, bfloat16 spacing 2^(1-7) = 2^-6. 0.75 in [0.5, 1): 2^(-1-23).
  EXPECT_EQ(ulpOf(3.0, "bfloat16"), std::ldexp(1.0, -6));
  EXPECT_EQ(ulpOf(0.75, "torch.float32"), std::ldexp(1.0, -24));
  // Zero and subnormals take the subnormal spacing: float32 2^(-126-23) = 2^-149, float16
  // 2^(-14-10) = 2^-24, bfloat16 2^(-126-7) = 2^-133, float64 2^(-1022-52) = 2^-1074.
  EXPECT_EQ(ulpOf(0.0, "float32"), std::ldexp(1.0, -149));
  EXPECT_EQ(ulpOf(std::ldexp(1.0, -140), "float32"), std::ldexp(1.0, -149));
  EXPECT_EQ(ulpOf(0.0, "float16"), std::ldexp(1.0, -24));
  EXPECT_EQ(ulpOf(std::ldexp(1.0, -130), "bfloat16"), std::ldexp(1.0, -133));
  EXPECT_EQ(ulpOf(0.0, "float64"), std::ldexp(1.0, -1074));
  // The smallest normal float32, 2^-126, has exponent -126: 2^(-126-23), the subnormal spacing.
  EXPECT_EQ(ulpOf(std::ldexp(1.0, -126), "float32"), std::ldexp(1.0, -149));
  // Integers are spaced by 1; bool has no ULP.
  EXPECT_EQ(ulpOf(12345.0, "int32"), 1.0);
  EXPECT_TRUE(hasUlp("uint8"));
  EXPECT_FALSE(hasUlp("bool"));
  EXPECT_FALSE(hasUlp("float8_e4m3fn"));
  EXPECT_THROW(ulpOf(1.0, "bool"), std::invalid_argument);
}

TEST(NumericAgreement, IdenticalZerosAgreeExactly) {
  // Every diff is 0, so 0 ULP; every e == 0, so no relative diff (0); both sides constant and
  // equal, so PCC 1.
  const TensorData zeros = floats({2, 2}, {0, 0, 0, 0});
  const NumericAgreement result = agreement(zeros, zeros);
  EXPECT_TRUE(result.shapes_match);
  EXPECT_EQ(result.count, 4);
  EXPECT_EQ(result.max_abs_diff, 0.0);
  EXPECT_EQ(result.mean_abs_diff, 0.0);
  EXPECT_EQ(result.max_rel_diff, 0.0);
  EXPECT_EQ(result.ulp_mean, 0.0);
  EXPECT_EQ(result.ulp_max, 0.0);
  EXPECT_EQ(result.pcc, 1.0);
  EXPECT_EQ(result.ulp_dtype, "float32");
  EXPECT_TRUE(result.allclose);
  EXPECT_TRUE(result.passed);
  EXPECT_EQ(result.problem, "");
}

TEST(NumericAgreement, SubnormalExpectedValuesUseSubnormalSpacing) {
  // e = 2^-140 < 2^-126 is subnormal in float32, spacing 2^-149; a = 2^-140 + 2^-149 is the next
  // float32 up: diff 2^-149 = 1 ULP. e = 0, a = 2^-149: diff 2^-149 over spacing 2^-149 = 1 ULP.
  // e = 2^-149, a = 2^-147: diff 3 * 2^-149 = 3 ULP. Mean (1 + 1 + 3) / 3 = 5/3.
  const TensorData expected = floats({3}, {pow2(-140), 0.0f, pow2(-149)});
  const TensorData actual = floats({3}, {pow2(-140) + pow2(-149), pow2(-149), pow2(-147)});
  const NumericAgreement result = agreement(actual, expected);
  EXPECT_EQ(result.ulp_max, 3.0);
  EXPECT_DOUBLE_EQ(result.ulp_mean, 5.0 / 3.0);
  EXPECT_EQ(result.max_abs_diff, std::ldexp(3.0, -149));
  // Values this small are within atol = 1e-8 of anything this small.
  EXPECT_TRUE(result.allclose);
  EXPECT_TRUE(result.passed);
}

TEST(NumericAgreement, SignFlipInFloat32AndBfloat16Ulps) {
  // e = 1, a = -1: |a - e| = 2. float32: 2 / 2^-23 = 2^24; bfloat16: 2 / 2^-7 = 256; float16:
  // 2 / 2^-10 = 2048. Relative diff 2 / 1 = 2. One element has no variance and a != e: PCC 0.
  const TensorData expected = floats({1}, {1.0f});
  const TensorData actual = floats({1}, {-1.0f});
  const NumericAgreement f32 = agreement(actual, expected);
  EXPECT_EQ(f32.max_abs_diff, 2.0);
  EXPECT_EQ(f32.max_rel_diff, 2.0);
  EXPECT_EQ(f32.ulp_max, 16777216.0);
  EXPECT_EQ(f32.ulp_mean, 16777216.0);
  EXPECT_EQ(f32.pcc, 0.0);
  EXPECT_FALSE(f32.allclose);
  EXPECT_EQ(f32.not_close, 1);
  EXPECT_FALSE(f32.passed);
  EXPECT_EQ(f32.problem, "not allclose: 1 of 1 elements outside rtol=1e-05 atol=1e-08");
  AgreementOptions bf16;
  bf16.dtype = "bfloat16";
  EXPECT_EQ(agreement(actual, expected, bf16).ulp_max, 256.0);
  EXPECT_EQ(agreement(actual, expected, bf16).ulp_dtype, "bfloat16");
  AgreementOptions f16;
  f16.dtype = "half";
  EXPECT_EQ(agreement(actual, expected, f16).ulp_max, 2048.0);
  EXPECT_EQ(agreement(actual, expected, f16).ulp_dtype, "float16");
}

TEST(NumericAgreement, Bfloat16UlpsOfFloat32Files) {
  // bfloat16 values stored as float32: e = [1, 3], a = [1 + 2^-7, 3 + 2^-5].
  // bfloat16 ULP: 2^-7 / 2^(0-7) = 1 and 2^-5 / 2^(1-7) = 2; mean 1.5.
  // float32 ULP of the same pairs: 2^-7 / 2^-23 = 2^16 and 2^-5 / 2^-22 = 2^17.
  const TensorData expected = floats({2}, {1.0f, 3.0f});
  const TensorData actual = floats({2}, {1.0f + pow2(-7), 3.0f + pow2(-5)});
  AgreementOptions options;
  options.dtype = "bfloat16";
  const NumericAgreement bf16 = agreement(actual, expected, options);
  EXPECT_EQ(bf16.ulp_max, 2.0);
  EXPECT_EQ(bf16.ulp_mean, 1.5);
  const NumericAgreement f32 = agreement(actual, expected);
  EXPECT_EQ(f32.ulp_max, 131072.0);
  EXPECT_EQ(f32.ulp_mean, (65536.0 + 131072.0) / 2);
}

TEST(NumericAgreement, PearsonCorrelationWorkedByHand) {
  // e = [1, 2, 3], a = [2, 4, 6.5]. Means: e 2, a 12.5/3 = 25/6.
  // Deviations: e [-1, 0, 1]; a [2 - 25/6, 4 - 25/6, 6.5 - 25/6] = [-13/6, -1/6, 14/6].
  // S_ae = 13/6 + 0 + 14/6 = 27/6 = 4.5; S_ee = 2; S_aa = (169 + 1 + 196) / 36 = 61/6.
  // PCC = 4.5 / sqrt(2 * 61/6) = 4.5 / sqrt(61/3) = sqrt(20.25 * 3 / 61) = sqrt(243/244).
  // Abs diffs [1, 2, 3.5]: max 3.5, mean 6.5/3; rel diffs [1, 1, 3.5/3]: max 7/6.
  const TensorData expected = floats({3}, {1, 2, 3});
  const TensorData actual = floats({3}, {2, 4, 6.5});
  AgreementOptions options;
  options.rtol = 2; // 1 <= 2, 2 <= 4, 3.5 <= 6: allclose, so only PCC can fail
  options.atol = 0;
  const NumericAgreement result = agreement(actual, expected, options);
  EXPECT_NEAR(result.pcc, std::sqrt(243.0 / 244.0), 1e-12);
  EXPECT_EQ(result.max_abs_diff, 3.5);
  EXPECT_NEAR(result.mean_abs_diff, 6.5 / 3, 1e-15);
  EXPECT_NEAR(result.max_rel_diff, 7.0 / 6, 1e-15);
  EXPECT_TRUE(result.allclose);
  EXPECT_TRUE(result.passed); // no threshold given

  // sqrt(243/244) = 0.997948... : passes 0.99, fails 0.999.
  options.pcc_threshold = 0.99;
  EXPECT_TRUE(agreement(actual, expected, options).passed);
  options.pcc_threshold = 0.999;
  const NumericAgreement strict = agreement(actual, expected, options);
  EXPECT_FALSE(strict.passed);
  EXPECT_EQ(strict.problem, "PCC 0.997949 < 0.999");
}

TEST(NumericAgreement, PccOfConstantSides) {
  // Constant and equal: 1. Expected constant, actual not: 0. Both constant but different: 0.
  const TensorData sevens = floats({3}, {7, 7, 7});
  EXPECT_EQ(agreement(sevens, sevens).pcc, 1.0);
  EXPECT_EQ(agreement(floats({3}, {7, 7, 8}), sevens).pcc, 0.0);
  EXPECT_EQ(agreement(floats({3}, {6, 6, 6}), sevens).pcc, 0.0);
  // Perfectly anticorrelated: e [1, 2, 3], a [3, 2, 1]: S_ae = -2, S_aa = S_ee = 2: PCC -1.
  EXPECT_EQ(agreement(floats({3}, {3, 2, 1}), floats({3}, {1, 2, 3})).pcc, -1.0);
}

TEST(NumericAgreement, NaNInActualFails) {
  // The NaN pairs are left out of the differences: [1, 1] against [1, 1.5] leaves 0.5 and 0.
  const NumericAgreement result =
      agreement(floats({4}, {1, kNaN, kNaN, 1}), floats({4}, {1, 2, 3, 1.5f}));
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.actual_nan, 2);
  EXPECT_EQ(result.expected_nan, 0);
  EXPECT_EQ(result.max_abs_diff, 0.5);
  EXPECT_EQ(result.mean_abs_diff, 0.25);
  EXPECT_EQ(result.not_close, 3); // two NaN and 0.5 > 1e-8 + 1e-5 * 1.5
  EXPECT_EQ(result.problem, "NaN in actual: 2 elements (expected has none); not allclose: 3 of "
                            "4 elements outside rtol=1e-05 atol=1e-08");
  // With only the NaN wrong, only the NaN is reported.
  const NumericAgreement only_nan = agreement(floats({2}, {kNaN, 2}), floats({2}, {1, 2}));
  EXPECT_EQ(only_nan.problem, "NaN in actual: 1 element (expected has none)");
  EXPECT_FALSE(only_nan.allclose);
}

TEST(NumericAgreement, NaNInExpectedFails) {
  const NumericAgreement result = agreement(floats({2}, {1, 2}), floats({2}, {kNaN, 2}));
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.expected_nan, 1);
  EXPECT_EQ(result.problem, "NaN in expected: 1 element (actual has none)");
  // NaN on both sides, even in the same place, is never close.
  const NumericAgreement both = agreement(floats({2}, {kNaN, 2}), floats({2}, {kNaN, kNaN}));
  EXPECT_EQ(both.problem, "NaN in actual: 1 element, in expected: 2 elements");
}

TEST(NumericAgreement, InfinitiesAreCloseOnlyToThemselves) {
  // inf against inf differs by 0; inf against 1 by inf, infinitely many ULPs and relative diff.
  const NumericAgreement same = agreement(floats({2}, {kInf, 1}), floats({2}, {kInf, 1}));
  EXPECT_TRUE(same.passed);
  EXPECT_EQ(same.actual_inf, 1);
  EXPECT_EQ(same.expected_inf, 1);
  EXPECT_EQ(same.max_abs_diff, 0.0);
  EXPECT_EQ(same.ulp_max, 0.0);
  const NumericAgreement missed = agreement(floats({2}, {1, 1}), floats({2}, {kInf, 1}));
  EXPECT_FALSE(missed.passed);
  EXPECT_TRUE(std::isinf(missed.max_abs_diff));
  EXPECT_TRUE(std::isinf(missed.max_rel_diff));
  EXPECT_TRUE(std::isinf(missed.ulp_max));
  EXPECT_EQ(missed.not_close, 1);
  EXPECT_EQ(toJson(missed)["max_abs_diff"], "inf");
}

TEST(NumericAgreement, ShapeMismatchFails) {
  const NumericAgreement result =
      agreement(floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3, 2}, {1, 2, 3, 4, 5, 6}));
  EXPECT_FALSE(result.shapes_match);
  EXPECT_FALSE(result.passed);
  EXPECT_FALSE(result.allclose);
  EXPECT_EQ(result.count, 0);
  EXPECT_EQ(result.actual_shape, (Shape{2, 3}));
  EXPECT_EQ(result.expected_shape, (Shape{3, 2}));
  EXPECT_TRUE(std::isnan(result.max_abs_diff));
  EXPECT_EQ(result.problem, "shape [2, 3] vs expected [3, 2]");
  EXPECT_EQ(toJson(result)["pcc"], "nan");
}

TEST(NumericAgreement, ToleranceBoundaries) {
  // rtol 0.5, atol 0.25, e = 2: tolerance 0.25 + 0.5 * 2 = 1.25, all exact in binary.
  // a = 3.25 is exactly on it (close); the next float32 up, 3.25 + 2^-22, is past it.
  AgreementOptions options;
  options.rtol = 0.5;
  options.atol = 0.25;
  const TensorData expected = floats({1}, {2.0f});
  const NumericAgreement on = agreement(floats({1}, {3.25f}), expected, options);
  EXPECT_TRUE(on.allclose);
  EXPECT_TRUE(on.passed);
  const float past = std::nextafter(3.25f, 4.0f);
  ASSERT_EQ(past, 3.25f + pow2(-22));
  const NumericAgreement off = agreement(floats({1}, {past}), expected, options);
  EXPECT_FALSE(off.allclose);
  EXPECT_EQ(off.problem, "not allclose: 1 of 1 elements outside rtol=0.5 atol=0.25");
  // The tolerance scales with |expected|, not |actual| (numpy.allclose is not symmetric):
  // e = 3.25, a = 2: 1.25 <= 0.25 + 0.5 * 3.25 = 1.875, close; swapped above it was on the edge.
  EXPECT_TRUE(agreement(expected, floats({1}, {3.25f}), options).allclose);
  // With atol 0 and rtol 0, only equality is close.
  options.rtol = options.atol = 0;
  EXPECT_TRUE(agreement(expected, expected, options).allclose);
  EXPECT_FALSE(agreement(floats({1}, {3.25f}), expected, options).allclose);
}

// ulpOf reads the exponent off the double's bits; it must give exactly what the header's
// definition gives with the library's ilogb and ldexp, in every binade and at every edge.
TEST(NumericAgreement, UlpSpacingIsTheDefinitionsOnEveryBinade) {
  struct Format {
    const char* dtype;
    int mantissa_bits;
    int min_exponent;
  };
  auto definition = [](double e, const Format& format) {
    const double magnitude = std::fabs(e);
    const int exponent = magnitude >= std::ldexp(1.0, format.min_exponent) ? std::ilogb(magnitude)
                                                                           : format.min_exponent;
    return std::ldexp(1.0, exponent - format.mantissa_bits);
  };
  std::mt19937_64 random(23);
  std::vector<double> values = {0.0, -0.0, std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::max()};
  for (int exponent = -1080; exponent <= 1023; ++exponent)
    for (double mantissa : {1.0, 1.5, 1.9999999999999998})
      values.push_back(std::ldexp(mantissa, exponent));
  for (int i = 0; i < 2000; ++i) {
    uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isfinite(value))
      values.push_back(value);
  }
  for (const Format& format : {Format{"float32", 23, -126}, Format{"bfloat16", 7, -126},
                               Format{"float16", 10, -14}, Format{"float64", 52, -1022}})
    for (double value : {1.0, -1.0})
      for (double e : values)
        ASSERT_EQ(ulpOf(value * e, format.dtype), definition(value * e, format))
            << format.dtype << " at " << value * e;
}

// The op-by-op analysis reads only the shapes, NaN/Inf counts and PCC: the same numbers as
// measureAgreement's, for bfloat16 against float32 as the analysis compares them.
TEST(NumericAgreement, CorrelationIsMeasureAgreementsOwn) {
  auto bfloat16 = [](Shape shape, const std::vector<float>& values) {
    TensorData data{"bfloat16", std::move(shape), std::vector<std::byte>(values.size() * 2)};
    for (size_t i = 0; i < values.size(); ++i) {
      uint32_t bits;
      std::memcpy(&bits, &values[i], 4);
      const uint16_t high = static_cast<uint16_t>(bits >> 16); // truncated: any bfloat16 will do
      std::memcpy(data.bytes.data() + 2 * i, &high, 2);
    }
    return data;
  };
  const std::vector<std::pair<TensorData, TensorData>> pairs = {
      {floats({4}, {1, 2, 3, 4}), floats({4}, {1, 2, 3, 4})},
      {bfloat16({4}, {1.1f, 2.3f, 2.9f, 4.2f}), floats({4}, {1, 2, 3, 4})},
      {bfloat16({2, 2}, {1, kNaN, 3, kInf}), floats({2, 2}, {1, 2, 3, 4})},
      {floats({3}, {5, 5, 5}), floats({3}, {5, 5, 5})},
      {floats({3}, {5, 5, 6}), floats({3}, {5, 5, 5})},
      {floats({1}, {0.5f}), floats({1}, {0.25f})},
      {floats({4}, {1, 2, 3, 4}), floats({2, 2}, {1, 2, 3, 4})},
      {floats({2}, {kInf, -kInf}), floats({2}, {kNaN, 1})}};
  for (const auto& [actual, expected] : pairs) {
    const NumericAgreement full = agreement(actual, expected);
    const Correlation light = measureCorrelation(actual, expected);
    const std::string what = actual.dtype + " " + formatShapeList(actual.shape);
    EXPECT_EQ(light.shapes_match, full.shapes_match) << what;
    EXPECT_EQ(light.actual_nan, full.actual_nan) << what;
    EXPECT_EQ(light.actual_inf, full.actual_inf) << what;
    EXPECT_EQ(light.expected_nan, full.expected_nan) << what;
    EXPECT_EQ(light.expected_inf, full.expected_inf) << what;
    if (std::isnan(full.pcc))
      EXPECT_TRUE(std::isnan(light.pcc)) << what;
    else
      EXPECT_EQ(light.pcc, full.pcc) << what;
  }
  TensorData flags{"bool", {2}, {std::byte{0}, std::byte{1}}};
  EXPECT_THROW(measureCorrelation(flags, flags), std::invalid_argument);
}

TEST(NumericAgreement, RefusesDtypesWithoutUlp) {
  TensorData flags{"bool", {2}, {std::byte{0}, std::byte{1}}};
  EXPECT_THROW(agreement(flags, flags), std::invalid_argument);
  AgreementOptions options;
  options.dtype = "float8";
  EXPECT_THROW(agreement(floats({1}, {1}), floats({1}, {1}), options), std::invalid_argument);
}

} // namespace
} // namespace irscope::ir
