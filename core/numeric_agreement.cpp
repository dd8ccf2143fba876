#include "core/numeric_agreement.h"

#include "core/dtype.h"
#include "core/json_number.h"
#include "core/shape.h"
#include "core/tensor_values.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
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
  // What ilogb and ldexp would give, read off and written into the double's bits: this runs
  // once per element of every comparison, and the two library calls cost more than the rest.
  uint64_t bits;
  std::memcpy(&bits, &expected, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff); // 0 for zero and subnormals
  // Subnormals (and zero) share the spacing of the smallest normal binade; every dtype's
  // smallest normal is a normal double, so a normal double's exponent field is floor(log2|e|).
  const int exponent = std::max(format.min_exponent, biased - 1023);
  const int spacing = exponent - format.mantissa_bits;
  if (spacing < -1022) // float64's subnormal spacing, itself a subnormal double
    return std::ldexp(1.0, spacing);
  const uint64_t power = static_cast<uint64_t>(spacing + 1023) << 52;
  double ulp;
  std::memcpy(&ulp, &power, sizeof ulp);
  return ulp;
}

// NaN and Inf among `count` values, in a loop the compiler vectorises.
struct NonFinite {
  int64_t nan = 0, inf = 0;
};
NonFinite nonFiniteIn(const double* values, size_t count) {
  NonFinite found;
  for (size_t i = 0; i < count; ++i) {
    found.nan += values[i] != values[i];
    found.inf += std::fabs(values[i]) == kInf;
  }
  return found;
}

// Pearson's correlation over the pairs in which both values are finite, with the zero-variance
// rule of the header, in two passes over the pairs: the first finds the means, whether either
// side is constant and whether all pairs are equal, the second the centred sums. Either pass may
// be fed in blocks, in order, which gives the same sums as one call with every pair. A block
// known to hold only finite pairs takes a path without per-pair tests: its sums are added in
// the same order, so the result is the same to the last bit, and its flags are reductions that
// vectorise.
struct PearsonPasses {
  int64_t n = 0;
  double sum_a = 0, sum_e = 0;
  double first_a = 0, first_e = 0; // the first finite pair
  bool constant_a = true, constant_e = true, equal = true;
  double mean_a = 0, mean_e = 0;
  double s_aa = 0, s_ee = 0, s_ae = 0;

  void first(const double* actual, const double* expected, size_t count, bool all_finite) {
    if (all_finite) {
      firstFinite(actual, expected, count);
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      const double a = actual[i], e = expected[i];
      if (!std::isfinite(a) || !std::isfinite(e))
        continue;
      if (n == 0) {
        first_a = a;
        first_e = e;
      }
      ++n;
      sum_a += a;
      sum_e += e;
      constant_a = constant_a && a == first_a;
      constant_e = constant_e && e == first_e;
      equal = equal && a == e;
    }
  }
  // Tested on the values themselves: a mean computed with rounding would leave a constant array
  // a tiny, meaningless variance.
  bool degenerate() const { return n < 2 || constant_a || constant_e; }
  void startSecond() {
    mean_a = sum_a / static_cast<double>(n);
    mean_e = sum_e / static_cast<double>(n);
  }
  void second(const double* actual, const double* expected, size_t count, bool all_finite) {
    if (all_finite) {
      for (size_t i = 0; i < count; ++i) {
        const double da = actual[i] - mean_a, de = expected[i] - mean_e;
        s_aa += da * da;
        s_ee += de * de;
        s_ae += da * de;
      }
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      const double a = actual[i], e = expected[i];
      if (!std::isfinite(a) || !std::isfinite(e))
        continue;
      const double da = a - mean_a, de = e - mean_e;
      s_aa += da * da;
      s_ee += de * de;
      s_ae += da * de;
    }
  }
  double result() const {
    if (degenerate())
      return equal ? 1.0 : 0.0;
    if (s_aa == 0 || s_ee == 0) // differences so small that their squares underflow
      return equal ? 1.0 : 0.0;
    return std::clamp(s_ae / std::sqrt(s_aa * s_ee), -1.0, 1.0);
  }

private:
  void firstFinite(const double* actual, const double* expected, size_t count) {
    if (count == 0)
      return;
    if (n == 0) {
      first_a = actual[0];
      first_e = expected[0];
    }
    n += static_cast<int64_t>(count);
    for (size_t i = 0; i < count; ++i) {
      sum_a += actual[i];
      sum_e += expected[i];
    }
    bool other_a = false, other_e = false, unequal = false;
    for (size_t i = 0; i < count; ++i) {
      other_a |= actual[i] != first_a;
      other_e |= expected[i] != first_e;
      unequal |= actual[i] != expected[i];
    }
    constant_a = constant_a && !other_a;
    constant_e = constant_e && !other_e;
    equal = equal && !unequal;
  }
};

double pearson(const std::vector<double>& actual, const std::vector<double>& expected) {
  const size_t count = actual.size();
  const NonFinite in_actual = nonFiniteIn(actual.data(), count);
  const NonFinite in_expected = nonFiniteIn(expected.data(), count);
  const bool all_finite = in_actual.nan + in_actual.inf + in_expected.nan + in_expected.inf == 0;
  PearsonPasses passes;
  passes.first(actual.data(), expected.data(), count, all_finite);
  if (!passes.degenerate()) {
    passes.startSecond();
    passes.second(actual.data(), expected.data(), count, all_finite);
  }
  return passes.result();
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

// Both tensors' elements as doubles, checked against their shapes.
std::vector<double> elementsOf(const TensorData& tensor) {
  std::vector<double> values = valuesAsDouble(viewOf(tensor));
  if (elementCount(tensor.shape) != static_cast<int64_t>(values.size()))
    throw std::invalid_argument("a tensor of shape " + formatShapeList(tensor.shape) + " holds " +
                                std::to_string(values.size()) + " elements");
  return values;
}

// A tensor's elements, read as doubles a block at a time through a buffer that stays in cache:
// the analysis compares outputs of millions of elements, hundreds of times, and whole arrays of
// doubles would cost an allocation, its page faults and a pass of their own each time.
class BlockReader {
public:
  static constexpr size_t kBlock = 2048;

  explicit BlockReader(const TensorData& tensor) : view_(viewOf(tensor)) {
    if (!isNumericDtype(view_.dtype))
      throw std::invalid_argument("dtype " + tensor.dtype + " has no numeric values");
    if (elementCount(tensor.shape) != static_cast<int64_t>(view_.count))
      throw std::invalid_argument("a tensor of shape " + formatShapeList(tensor.shape) + " holds " +
                                  std::to_string(view_.count) + " elements");
    element_size_ = dtypeSize(tensor.dtype).value_or(1);
  }
  size_t count() const { return view_.count; }
  // Elements [begin, begin + count) into the buffer.
  const double* read(size_t begin, size_t count) {
    decodeAsDouble({view_.dtype, view_.data + begin * element_size_, count}, buffer_);
    return buffer_;
  }

private:
  TensorView view_;
  size_t element_size_ = 1;
  double buffer_[kBlock];
};

void add(Correlation& result, const NonFinite& actual, const NonFinite& expected) {
  result.actual_nan += actual.nan;
  result.actual_inf += actual.inf;
  result.expected_nan += expected.nan;
  result.expected_inf += expected.inf;
}

} // namespace

bool hasUlp(std::string_view dtype) {
  return ulpFormat(dtype).has_value();
}

double ulpOf(double expected, std::string_view dtype) {
  return ulpOf(expected, requireUlpFormat(dtype));
}

Correlation measureCorrelation(const TensorData& actual, const TensorData& expected) {
  requireUlpFormat(actual.dtype);
  requireUlpFormat(expected.dtype);
  auto readers = std::make_unique<std::pair<BlockReader, BlockReader>>(actual, expected);
  BlockReader& a = readers->first;
  BlockReader& e = readers->second;
  constexpr size_t kBlock = BlockReader::kBlock;
  Correlation result;
  result.shapes_match = actual.shape == expected.shape;
  if (!result.shapes_match) {
    for (size_t begin = 0; begin < a.count(); begin += kBlock) {
      const size_t count = std::min(kBlock, a.count() - begin);
      add(result, nonFiniteIn(a.read(begin, count), count), {});
    }
    for (size_t begin = 0; begin < e.count(); begin += kBlock) {
      const size_t count = std::min(kBlock, e.count() - begin);
      add(result, {}, nonFiniteIn(e.read(begin, count), count));
    }
    result.pcc = kNaN;
    return result;
  }
  std::vector<bool> finite_blocks; // whether each block's pairs are all finite
  PearsonPasses passes;
  for (size_t begin = 0; begin < a.count(); begin += kBlock) {
    const size_t count = std::min(kBlock, a.count() - begin);
    const double* x = a.read(begin, count);
    const double* y = e.read(begin, count);
    const NonFinite in_x = nonFiniteIn(x, count);
    const NonFinite in_y = nonFiniteIn(y, count);
    add(result, in_x, in_y);
    finite_blocks.push_back(in_x.nan + in_x.inf + in_y.nan + in_y.inf == 0);
    passes.first(x, y, count, finite_blocks.back());
  }
  if (!passes.degenerate()) {
    passes.startSecond();
    for (size_t begin = 0, block = 0; begin < a.count(); begin += kBlock, ++block) {
      const size_t count = std::min(kBlock, a.count() - begin);
      passes.second(a.read(begin, count), e.read(begin, count), count, finite_blocks[block]);
    }
  }
  result.pcc = passes.result();
  return result;
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
  const std::vector<double> a = elementsOf(actual);
  const std::vector<double> e = elementsOf(expected);
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
