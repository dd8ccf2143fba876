#include "core/tensor_comparison.h"

#include "core/numeric_agreement.h"
#include "core/tensor_values.h"
#include "core/verdict.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace irscope::ir {

TensorComparison compareTensors(const TensorData& reference, const TensorData& actual,
                                const Tolerance& tolerance) {
  TensorComparison result;
  result.dtype = lowerPrecisionDtype(actual.dtype, reference.dtype);
  if (reference.shape != actual.shape) {
    result.shape_matches = false;
    result.is_close = false;
    result.max_diff = result.mean_diff = std::numeric_limits<double>::infinity();
    result.pcc = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  const std::vector<double> expected = valuesAsDouble(viewOf(reference));
  const std::vector<double> got = valuesAsDouble(viewOf(actual));
  if (expected.size() != got.size())
    throw std::invalid_argument("the two tensors hold different element counts");
  if (expected.empty())
    return result;
  // The scale-aware measures, over the finite reference values.
  size_t finite_pairs = 0;
  bool spread = false;
  double first = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!std::isfinite(expected[i]))
      continue;
    result.reference_max_abs = std::max(result.reference_max_abs, std::fabs(expected[i]));
    if (!std::isfinite(got[i])) {
      ++result.new_non_finite;
      continue;
    }
    if (finite_pairs++ == 0)
      first = expected[i];
    spread = spread || expected[i] != first;
  }
  result.pcc = pearsonCorrelation(got, expected);
  result.pcc_applies = unitRoundoff(result.dtype) > 0 && finite_pairs > 1 && spread;
  double max_diff = 0;
  double sum = 0;
  bool saw_nan = false;
  for (size_t i = 0; i < expected.size(); ++i) {
    const double diff = std::fabs(expected[i] - got[i]);
    if (std::isnan(diff)) {
      // inf - inf is NaN too; allclose calls equal infinities close.
      if (std::isinf(expected[i]) && expected[i] == got[i])
        continue;
      saw_nan = true;
      ++result.mismatched;
      continue;
    }
    max_diff = std::max(max_diff, diff);
    sum += diff;
    if (!(diff <= tolerance.atol + tolerance.rtol * std::fabs(got[i])))
      ++result.mismatched;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.max_diff = saw_nan ? nan : max_diff;
  result.mean_diff = saw_nan ? nan : sum / static_cast<double>(expected.size());
  result.is_close = result.mismatched == 0;
  return result;
}

} // namespace irscope::ir
