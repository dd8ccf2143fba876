#include "core/tensor.h"

namespace irscope::ir {

bool operator==(const Tensor& a, const Tensor& b) {
  return a.name == b.name && a.shape == b.shape && a.dtype == b.dtype &&
         a.producer_node == b.producer_node && a.producer_output_idx == b.producer_output_idx &&
         a.extra == b.extra;
}

} // namespace irscope::ir
