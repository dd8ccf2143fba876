#pragma once
// Small tensors written out by hand, for tests of what reads values.
#include "core/tensor_data.h"

#include <cstring>
#include <vector>

namespace irscope::testing {

inline ir::TensorData floats(ir::Shape shape, const std::vector<float>& values) {
  ir::TensorData data{"float32", std::move(shape), {}};
  data.bytes.resize(values.size() * sizeof(float));
  if (!values.empty()) // memcpy from an empty vector's null data() is undefined
    std::memcpy(data.bytes.data(), values.data(), data.bytes.size());
  return data;
}

} // namespace irscope::testing
