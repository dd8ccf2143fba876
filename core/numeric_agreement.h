#pragma once
// How closely an actual tensor agrees with an expected (reference) one, in the measures that
// hardware bring-up reports: absolute and relative differences, Pearson correlation (PCC), error
// in units in the last place (ULP) of the expected value, and numpy.allclose. `irscope-cli
// compare` prints it per file.
//
// Definitions, per element pair (a actual, e expected):
// - abs diff = |a - e|; an infinity equal to its counterpart differs by 0, any other pair with an
//   infinity by +inf.
// - rel diff = |a - e| / |e|, over the elements with e != 0 only (0 when there are none).
// - ULP error = |a - e| / ulp(e), where ulp(e) is the spacing of the dtype's values at e:
//   ulp(e) = 2^(exponent(e) - m), exponent(e) = floor(log2|e|) (std::ilogb), m = the stored
//   mantissa bits: 7 for bfloat16, 10 for float16, 23 for float32, 52 for float64. Below the
//   smallest normal value (2^-126 for float32 and bfloat16, 2^-14 for float16, 2^-1022 for
//   float64), and for e == 0, ulp(e) is the subnormal spacing 2^(-126 - m), 2^(-14 - m),
//   2^(-1022 - m). For integer dtypes ulp = 1. A pair with an infinity has ULP error 0 when the
//   two are equal and +inf when not.
// - allclose, as numpy.allclose: |a - e| <= atol + rtol * |e| for every element; infinities are
//   close only to themselves, NaN is never close.
// - PCC: Pearson's correlation in double over the pairs in which both values are finite. When
//   either side has zero variance there (all its values equal, or fewer than two pairs), PCC is
//   1.0 if a == e for every such pair and 0.0 otherwise.
// The differences, ULP errors and PCC leave out pairs holding a NaN; nan counts say how many
// there are, and any NaN fails the comparison on its own.
#include "core/json.h"
#include "core/tensor_data.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

struct AgreementOptions {
  // The dtype whose ULP measures the error; "" means the expected tensor's dtype. Any float or
  // integer dtype, whatever the tensors hold: "bfloat16" for float32 files that hold bfloat16
  // values (NumPy has no bfloat16).
  std::string dtype;
  double rtol = 1e-5;
  double atol = 1e-8; // numpy.allclose's default
  std::optional<double> pcc_threshold;
};

struct NumericAgreement {
  bool shapes_match = true;
  Shape actual_shape;
  Shape expected_shape;
  // Elements in each tensor. 0 when the shapes differ, and then every measure below is NaN and
  // allclose false; only the NaN/Inf counts are filled.
  int64_t count = 0;
  double max_abs_diff = 0;
  double mean_abs_diff = 0;
  double max_rel_diff = 0;
  double pcc = 1;
  std::string ulp_dtype; // the dtype the ULP errors are measured in
  double ulp_mean = 0;
  double ulp_max = 0;
  bool allclose = true;
  int64_t not_close = 0; // elements outside tolerance, NaN included
  int64_t actual_nan = 0, actual_inf = 0;
  int64_t expected_nan = 0, expected_inf = 0;
  // Shapes match, no NaN on either side, allclose, and pcc >= pcc_threshold when one is given.
  bool passed = true;
  // Why not, in one line ("not allclose: 12 of 64 elements outside rtol=1e-05 atol=1e-08");
  // empty when passed.
  std::string problem;
};

// Whether `dtype` has a ULP: the float dtypes above and the integer ones (bool has none).
bool hasUlp(std::string_view dtype);

// The spacing of `dtype`'s values at `expected`, as defined above; +inf for an infinite value,
// NaN for NaN. Throws std::invalid_argument when !hasUlp(dtype).
double ulpOf(double expected, std::string_view dtype);

// Throws std::invalid_argument when either tensor's dtype or options.dtype has no ULP, or when
// a tensor's bytes do not match its shape.
NumericAgreement measureAgreement(const TensorData& actual, const TensorData& expected,
                                  const AgreementOptions& options);

// What the op-by-op analysis judges a low-precision output by: the shapes, the NaN/Inf counts
// and PCC, measured as measureAgreement measures them, without the differences, ULP errors and
// allclose that a report shows (they cost more than the rest on every sub-IR's outputs).
struct Correlation {
  bool shapes_match = true;
  int64_t actual_nan = 0, actual_inf = 0;
  int64_t expected_nan = 0, expected_inf = 0;
  double pcc = 1; // NaN when the shapes differ
};

// Throws as measureAgreement does.
Correlation measureCorrelation(const TensorData& actual, const TensorData& expected);

// Pearson's correlation as defined above (finite pairs only, the zero-variance rule).
double pearsonCorrelation(const std::vector<double>& actual, const std::vector<double>& expected);

// Every field; NaN and infinities as the strings "nan", "inf", "-inf".
Json toJson(const NumericAgreement& agreement);

} // namespace irscope::ir
