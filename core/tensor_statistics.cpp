#include "core/tensor_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace irscope::ir {

double TensorStatistics::maxAbs() const {
  if (finite_count == 0)
    return std::numeric_limits<double>::quiet_NaN();
  return std::max(std::fabs(min), std::fabs(max));
}

TensorStatistics statisticsOf(const TensorView& tensor) {
  const std::vector<double> values = valuesAsDouble(tensor);
  TensorStatistics stats;
  stats.count = static_cast<int64_t>(values.size());
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  // Welford's update: one pass, and no cancellation for tensors with a large mean.
  double mean = 0;
  double squares = 0;
  for (const double value : values) {
    if (std::isnan(value)) {
      ++stats.nan_count;
      continue;
    }
    if (std::isinf(value)) {
      ++stats.inf_count;
      continue;
    }
    ++stats.finite_count;
    low = std::min(low, value);
    high = std::max(high, value);
    const double delta = value - mean;
    mean += delta / static_cast<double>(stats.finite_count);
    squares += delta * (value - mean);
  }
  if (stats.finite_count == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    stats.min = stats.max = stats.mean = stats.std = nan;
    return stats;
  }
  stats.min = low;
  stats.max = high;
  stats.mean = mean;
  stats.std = stats.finite_count > 1 ? std::sqrt(squares / double(stats.finite_count - 1)) : 0.0;
  const double width = (high - low) / TensorStatistics::kBins;
  for (const double value : values) {
    if (!std::isfinite(value))
      continue;
    int bin = width > 0 ? static_cast<int>((value - low) / width) : 0;
    bin = std::clamp(bin, 0, TensorStatistics::kBins - 1);
    ++stats.histogram[bin];
  }
  return stats;
}

Json toJson(const TensorStatistics& stats) {
  // JSON has no NaN: an all-NaN tensor's range is null.
  auto number = [](double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); };
  Json json = Json::object();
  json["count"] = stats.count;
  json["min"] = number(stats.min);
  json["max"] = number(stats.max);
  json["mean"] = number(stats.mean);
  json["std"] = number(stats.std);
  json["nan_count"] = stats.nan_count;
  json["inf_count"] = stats.inf_count;
  json["histogram"] = {{"min", number(stats.min)},
                       {"max", number(stats.max)},
                       {"counts", stats.histogram}};
  return json;
}

} // namespace irscope::ir
