#include "core/tensor_data.h"

namespace irscope::ir {

bool operator==(const TensorData& a, const TensorData& b) {
  return a.dtype == b.dtype && a.shape == b.shape && a.bytes == b.bytes;
}

} // namespace irscope::ir
