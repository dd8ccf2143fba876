#pragma once
// A tensor's values in memory: dtype (irscope's names, "float32"), shape, and the raw
// little-endian, row-major bytes, as npy and safetensors files hold them.
#include "core/shape.h"

#include <cstddef>
#include <string>
#include <vector>

namespace irscope::ir {

struct TensorData {
  std::string dtype;
  ir::Shape shape;
  std::vector<std::byte> bytes;
};

bool operator==(const TensorData& a, const TensorData& b);

} // namespace irscope::ir
