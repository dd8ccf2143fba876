#include "core/torch/tensor_conversion.h"

#include "core/dtype.h"

#include <ATen/ATen.h>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace irscope::torchscript {
namespace {

const std::pair<c10::ScalarType, const char*> kNames[] = {
    {c10::kFloat, "float32"},
    {c10::kDouble, "float64"},
    {c10::kHalf, "float16"},
    {c10::kBFloat16, "bfloat16"},
    {c10::kLong, "int64"},
    {c10::kInt, "int32"},
    {c10::kShort, "int16"},
    {c10::kChar, "int8"},
    {c10::kByte, "uint8"},
    {c10::kBool, "bool"},
    {c10::kComplexFloat, "complex64"},
    {c10::kComplexDouble, "complex128"},
};

} // namespace

std::string dtypeName(c10::ScalarType type) {
  for (const auto& [scalar_type, name] : kNames)
    if (scalar_type == type)
      return name;
  return c10::toString(type);
}

std::optional<c10::ScalarType> scalarTypeNamed(std::string_view dtype) {
  const std::string_view canonical = ir::canonicalDtype(dtype);
  for (const auto& [scalar_type, name] : kNames)
    if (canonical == name)
      return scalar_type;
  return std::nullopt;
}

ir::Shape shapeOf(const at::Tensor& tensor) {
  const auto sizes = tensor.sizes();
  return ir::Shape(sizes.begin(), sizes.end());
}

ir::TensorData toTensorData(const at::Tensor& tensor) {
  const at::Tensor dense = tensor.to(at::kCPU).contiguous();
  ir::TensorData data;
  data.dtype = dtypeName(dense.scalar_type());
  data.shape = shapeOf(dense);
  data.bytes.resize(dense.numel() * dense.element_size());
  if (!data.bytes.empty())
    std::memcpy(data.bytes.data(), dense.data_ptr(), data.bytes.size());
  return data;
}

at::Tensor toTensor(const ir::TensorData& data) {
  const auto type = scalarTypeNamed(data.dtype);
  if (!type)
    throw std::invalid_argument("dtype " + data.dtype + " is not supported by libtorch");
  const auto count = ir::elementCount(data.shape);
  const size_t element_size = c10::elementSize(*type);
  if (!count || size_t(*count) * element_size != data.bytes.size())
    throw std::invalid_argument("its " + std::to_string(data.bytes.size()) +
                                " bytes do not fit shape " + ir::formatShapeList(data.shape));
  at::Tensor tensor = at::empty(data.shape, at::TensorOptions().dtype(*type));
  if (!data.bytes.empty())
    std::memcpy(tensor.data_ptr(), data.bytes.data(), data.bytes.size());
  return tensor;
}

} // namespace irscope::torchscript
