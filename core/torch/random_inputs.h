#pragma once
// Seeded example inputs, the same for extraction and execution, so that `extract` and `run`
// given the same --input-shape and --seed feed a model the same values.
#include "core/input_spec.h"

#include <ATen/core/Tensor.h>
#include <cstdint>
#include <vector>

namespace irscope::torchscript {

// Floats are standard normal; integers are 0 or 1 (valid ids, indices and masks for any model).
// Drawn in order from one CPU generator seeded with `seed`. Throws std::invalid_argument for a
// dtype libtorch lacks.
std::vector<at::Tensor> randomTensors(const std::vector<ir::InputSpec>& specs, uint64_t seed);

} // namespace irscope::torchscript
