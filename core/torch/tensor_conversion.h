#pragma once
// Between libtorch tensors and irscope's plain TensorData, and between dtype spellings.
#include "core/shape.h"
#include "core/tensor_data.h"

#include <ATen/core/Tensor.h>
#include <optional>
#include <string>
#include <string_view>

namespace irscope::torchscript {

std::string dtypeName(c10::ScalarType type); // "float32"
std::optional<c10::ScalarType> scalarTypeNamed(std::string_view dtype);

ir::Shape shapeOf(const at::Tensor& tensor);
ir::TensorData toTensorData(const at::Tensor& tensor);
// Throws std::invalid_argument for a dtype libtorch lacks or bytes that do not fit the shape.
at::Tensor toTensor(const ir::TensorData& data);

} // namespace irscope::torchscript
