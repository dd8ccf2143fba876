#pragma once
// Reading a tensor's elements as doubles, whatever its dtype, so that statistics and comparisons
// are written once. bfloat16 and float16 are decoded by hand: the standard library has neither.
#include "core/tensor_data.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace irscope::ir {

// A tensor's elements without owning them: `count` elements of `dtype` at `data`.
struct TensorView {
  std::string_view dtype;
  const std::byte* data = nullptr;
  size_t count = 0;
};

TensorView viewOf(const TensorData& tensor);

// Whether valuesAsDouble can read this dtype: the float, integer and bool dtypes.
bool isNumericDtype(std::string_view dtype);

// Every element as a double, in row-major order. Throws std::invalid_argument for a dtype
// that is not numeric, or when the bytes do not hold `count` elements.
std::vector<double> valuesAsDouble(const TensorView& tensor);

// The same, into `out` (room for tensor.count doubles): for reading a large tensor a block at a
// time, through a buffer that stays in cache.
void decodeAsDouble(const TensorView& tensor, double* out);

float bfloat16ToFloat(uint16_t bits);
float float16ToFloat(uint16_t bits);

// NumPy has no bfloat16: such a tensor becomes float32 holding exactly the same values.
// Any other tensor is returned as it is.
TensorData widenForNumpy(TensorData tensor);

} // namespace irscope::ir
