#pragma once
// What a user wants to know about a tensor at a glance: its range, centre and spread, whether it
// holds NaN or Inf, and the shape of its distribution. Shown per node output after a run and per
// weight in the Weights dock; written by `irscope-cli run --stats`.
#include "core/json.h"
#include "core/tensor_values.h"

#include <array>
#include <cstdint>

namespace irscope::ir {

struct TensorStatistics {
  static constexpr int kBins = 32;
  int64_t count = 0; // elements
  int64_t nan_count = 0;
  int64_t inf_count = 0;
  // Over the finite elements only, so that one Inf does not hide the rest; NaN when there are
  // none. std is the sample standard deviation (n - 1), as torch.std computes it by default.
  double min = 0, max = 0, mean = 0, std = 0;
  int64_t finite_count = 0;
  // `kBins` equal bins spanning [min, max] of the finite elements; the last bin is closed.
  std::array<int64_t, kBins> histogram{};

  double maxAbs() const;
  bool hasNonFinite() const { return nan_count > 0 || inf_count > 0; }
};

// Throws std::invalid_argument for a dtype that has no numeric values.
TensorStatistics statisticsOf(const TensorView& tensor);

Json toJson(const TensorStatistics& statistics);

} // namespace irscope::ir
