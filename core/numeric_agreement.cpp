#include "core/numeric_agreement.h"

#include "core/dtype.h"
#include "core/json_number.h"
#include "core/shape.h"
#include "core/tensor_values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

namespace irscope::ir {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// How a dtype spaces its values: `mantissa_bits` stored fraction bits, smallest normal value
// 2^min_exponent. Integers are spaced by 1.
struct UlpFormat {
  int mantissa_bits = 0;
  int min_exponent = 0;
  bool integer = false;
};

std::optional<UlpFormat> ulpFormat(std::string_view dtype) {
  const std::string_view name = canonicalDtype(dtype);
  if (name == "float32")
    return UlpFormat{23, -126, false};
  if (name == "bfloat16")
    return UlpFormat{7, -126, false};
  if (name == "float16")
    return UlpFormat{10, -14, false};
  if (name == "float64")
    return UlpFormat{52, -1022, false};
  for (std::string_view integer :
       {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
    if (name == integer)
      return UlpFormat{0, 0, true};
  return std::nullopt;
}

UlpFormat requireUlpFormat(std::string_view dtype) {
  const std::optional<UlpFormat> format = ulpFormat(dtype);
  if (!format)
    throw std::invalid_argument("dtype " + std::string(dtype) +
                                " has no ULP; use a float or integer dtype");
  return *format;
}

double ulpOf(double expected, const UlpFormat& format) {
  if (std::isnan(expected))
    return kNaN;
  if (std::isinf(expected))
    return kInf;
  if (format.integer)
    return 1;
  const double magnitude = std::fabs(expected);
  // Subnormals (and zero) share the spacing of the smallest normal binade.
  int exponent = format.min_exponent;
  if (magnitude >= std::ldexp(1.0, format.min_exponent))
    exponent = std::ilogb(magnitude);
  return std::ldexp(1.0, exponent - format.mantissa_bits);
}

// Pearson's correlation over the pairs in which both values are finite, with the zero-variance
// rule of the header.
double pearson(const std::vector<double>& actual, const std::vector<double>& expected) {
  int64_t n = 0;
  double sum_a = 0, sum_e = 0;
  double min_a = kInf, max_a = -kInf, min_e = kInf, max_e = -kInf;
  bool equal = true;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double a = actual[i], e = expected[i];
    if (!std::isfinite(a) || !std::isfinite(e))
      continue;
    ++n;
    sum_a += a;
    sum_e += e;
    min_a = std::min(min_a, a);
    max_a = std::max(max_a, a);
    min_e = std::min(min_e, e);
    max_e = std::max(max_e, e);
    equal = equal && a == e;
  }
  // Tested on the values themselves: a mean computed with rounding would leave a constant array
  // a tiny, meaningless variance.
  if (n < 2 || min_a == max_a || min_e == max_e)
    return equal ? 1.0 : 0.0;
  const double mean_a = sum_a / static_cast<double>(n);
  const double mean_e = sum_e / static_cast<double>(n);
  double s_aa = 0, s_ee = 0, s_ae = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double a = actual[i], e = expected[i];
    if (!std::isfinite(a) || !std::isfinite(e))
      continue;
    const double da = a - mean_a, de = e - mean_e;
    s_aa += da * da;
    s_ee += de * de;
    s_ae += da * de;
  }
  if (s_aa == 0 || s_ee == 0) // differences so small that their squares underflow
    return equal ? 1.0 : 0.0;
  return std::clamp(s_ae / std::sqrt(s_aa * s_ee), -1.0, 1.0);
}

std::string formatNumber(double value, int precision = 6) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*g", precision, value);
  return text;
}

std::string elements(int64_t count) {
  return std::to_string(count) + (count == 1 ? " element" : " elements");
}

std::string nanProblem(const NumericAgreement& result) {
  if (result.expected_nan == 0)
    return "NaN in actual: " + elements(result.actual_nan) + " (expected has none)";
  if (result.actual_nan == 0)
    return "NaN in expected: " + elements(result.expected_nan) + " (actual has none)";
  return "NaN in actual: " + elements(result.actual_nan) +
         ", in expected: " + elements(result.expected_nan);
}

// "PCC 0.97 < 0.99", with as many digits as it takes for the two numbers to read differently.
std::string pccProblem(double pcc, double threshold) {
  int precision = 6;
  while (precision < 17 && formatNumber(pcc, precision) == formatNumber(threshold, precision))
    ++precision;
  return "PCC " + formatNumber(pcc, precision) + " < " + formatNumber(threshold, precision);
}

void countNonFinite(const std::vector<double>& values, int64_t& nan, int64_t& inf) {
  for (double value : values) {
    nan += std::isnan(value);
    inf += std::isinf(value);
  }
}

Json shapeJson(const Shape& shape) {
  Json json = Json::array();
  for (int64_t dim : shape)
    json.push_back(dim);
  return json;
}

} // namespace

bool hasUlp(std::string_view dtype) {
  return ulpFormat(dtype).has_value();
}

double ulpOf(double expected, std::string_view dtype) {
  return ulpOf(expected, requireUlpFormat(dtype));
}

NumericAgreement measureAgreement(const TensorData& actual, const TensorData& expected,
                                  const AgreementOptions& options) {
  requireUlpFormat(actual.dtype);
  requireUlpFormat(expected.dtype);
  NumericAgreement result;
  result.ulp_dtype =
      std::string(canonicalDtype(options.dtype.empty() ? expected.dtype : options.dtype));
  const UlpFormat format = requireUlpFormat(result.ulp_dtype);
  result.actual_shape = actual.shape;
  result.expected_shape = expected.shape;
  const std::vector<double> a = valuesAsDouble(viewOf(actual));
  const std::vector<double> e = valuesAsDouble(viewOf(expected));
  for (const auto* tensor : {&actual, &expected}) {
    const std::vector<double>& values = tensor == &actual ? a : e;
    if (elementCount(tensor->shape) != static_cast<int64_t>(values.size()))
      throw std::invalid_argument("a tensor of shape " + formatShapeList(tensor->shape) +
                                  " holds " + std::to_string(values.size()) + " elements");
  }
  countNonFinite(a, result.actual_nan, result.actual_inf);
  countNonFinite(e, result.expected_nan, result.expected_inf);

  if (actual.shape != expected.shape) {
    result.shapes_match = false;
    result.max_abs_diff = result.mean_abs_diff = result.max_rel_diff = kNaN;
    result.pcc = result.ulp_mean = result.ulp_max = kNaN;
    result.allclose = false;
    result.passed = false;
    result.problem = "shape " + formatShapeList(actual.shape) + " vs expected " +
                     formatShapeList(expected.shape);
    return result;
  }

  result.count = static_cast<int64_t>(e.size());
  int64_t compared = 0; // pairs without NaN
  double sum_abs = 0, sum_ulp = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    const double x = a[i], y = e[i];
    if (std::isnan(x) || std::isnan(y)) {
      ++result.not_close;
      continue;
    }
    ++compared;
    const bool finite = std::isfinite(x) && std::isfinite(y);
    const double diff = finite ? std::fabs(x - y) : (x == y ? 0.0 : kInf);
    const bool close = finite ? diff <= options.atol + options.rtol * std::fabs(y) : x == y;
    if (!close)
      ++result.not_close;
    result.max_abs_diff = std::max(result.max_abs_diff, diff);
    sum_abs += diff;
    if (y != 0) {
      // |x - inf| / inf would be NaN; an infinity missed is missed infinitely.
      const double rel = diff == 0 ? 0.0 : std::isinf(y) ? kInf : diff / std::fabs(y);
      result.max_rel_diff = std::max(result.max_rel_diff, rel);
    }
    const double ulp_error = diff == 0 ? 0.0 : std::isinf(y) ? kInf : diff / ulpOf(y, format);
    result.ulp_max = std::max(result.ulp_max, ulp_error);
    sum_ulp += ulp_error;
  }
  if (compared > 0) {
    result.mean_abs_diff = sum_abs / static_cast<double>(compared);
    result.ulp_mean = sum_ulp / static_cast<double>(compared);
  }
  result.pcc = pearson(a, e);
  result.allclose = result.not_close == 0;

  std::vector<std::string> problems;
  const bool any_nan = result.actual_nan > 0 || result.expected_nan > 0;
  if (any_nan)
    problems.push_back(nanProblem(result));
  // NaN pairs are never close, but they are already reported above.
  if (result.not_close > result.count - compared)
    problems.push_back("not allclose: " + std::to_string(result.not_close) + " of " +
                       std::to_string(result.count) + " elements outside rtol=" +
                       formatNumber(options.rtol) + " atol=" + formatNumber(options.atol));
  if (options.pcc_threshold && !(result.pcc >= *options.pcc_threshold))
    problems.push_back(pccProblem(result.pcc, *options.pcc_threshold));
  result.passed = problems.empty();
  for (const std::string& problem : problems)
    result.problem += (result.problem.empty() ? "" : "; ") + problem;
  return result;
}

double pearsonCorrelation(const std::vector<double>& actual, const std::vector<double>& expected) {
  return pearson(actual, expected);
}

Json toJson(const NumericAgreement& agreement) {
  Json json = Json::object();
  json["passed"] = agreement.passed;
  json["problem"] = agreement.problem;
  json["shapes_match"] = agreement.shapes_match;
  json["actual_shape"] = shapeJson(agreement.actual_shape);
  json["expected_shape"] = shapeJson(agreement.expected_shape);
  json["count"] = agreement.count;
  json["max_abs_diff"] = jsonNumber(agreement.max_abs_diff);
  json["mean_abs_diff"] = jsonNumber(agreement.mean_abs_diff);
  json["max_rel_diff"] = jsonNumber(agreement.max_rel_diff);
  json["pcc"] = jsonNumber(agreement.pcc);
  json["ulp_dtype"] = agreement.ulp_dtype;
  json["ulp_mean"] = jsonNumber(agreement.ulp_mean);
  json["ulp_max"] = jsonNumber(agreement.ulp_max);
  json["allclose"] = agreement.allclose;
  json["not_close"] = agreement.not_close;
  json["actual_nan"] = agreement.actual_nan;
  json["actual_inf"] = agreement.actual_inf;
  json["expected_nan"] = agreement.expected_nan;
  json["expected_inf"] = agreement.expected_inf;
  return json;
}

} // namespace irscope::ir
