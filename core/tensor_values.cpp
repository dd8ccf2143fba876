#include "core/tensor_values.h"

#include "core/dtype.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace irscope::ir {
namespace {

template <typename T> void decode(const std::byte* data, size_t count, double* out) {
  for (size_t i = 0; i < count; ++i) {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    out[i] = static_cast<double>(value);
  }
}

template <float (*Convert)(uint16_t)>
void decodeHalf(const std::byte* data, size_t count, double* out) {
  for (size_t i = 0; i < count; ++i) {
    uint16_t bits;
    std::memcpy(&bits, data + i * 2, 2);
    out[i] = Convert(bits);
  }
}

} // namespace

TensorView viewOf(const TensorData& tensor) {
  const size_t size = dtypeSize(tensor.dtype).value_or(1);
  return {tensor.dtype, tensor.bytes.data(), tensor.bytes.size() / size};
}

bool isNumericDtype(std::string_view dtype) {
  const std::string_view name = canonicalDtype(dtype);
  for (std::string_view known : {"float32", "float64", "float16", "bfloat16", "int64", "int32",
                                 "int16", "int8", "uint8", "uint16", "uint32", "uint64", "bool"})
    if (name == known)
      return true;
  return false;
}

float bfloat16ToFloat(uint16_t bits) {
  const uint32_t widened = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &widened, sizeof(value));
  return value;
}

float float16ToFloat(uint16_t bits) {
  const bool negative = bits & 0x8000;
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24); // subnormal
  else if (exponent == 31)
    magnitude =
        mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  return negative ? -magnitude : magnitude;
}

std::vector<double> valuesAsDouble(const TensorView& tensor) {
  if (!isNumericDtype(tensor.dtype))
    throw std::invalid_argument("dtype " + std::string(tensor.dtype) + " has no numeric values");
  std::vector<double> out(tensor.count);
  decodeAsDouble(tensor, out.data());
  return out;
}

void decodeAsDouble(const TensorView& tensor, double* out) {
  const std::string_view dtype = canonicalDtype(tensor.dtype);
  if (!isNumericDtype(dtype))
    throw std::invalid_argument("dtype " + std::string(tensor.dtype) + " has no numeric values");
  const std::byte* data = tensor.data;
  const size_t n = tensor.count;
  if (n > 0 && !data)
    throw std::invalid_argument("no data for " + std::to_string(n) + " elements");
  if (dtype == "float32")
    decode<float>(data, n, out);
  else if (dtype == "float64")
    decode<double>(data, n, out);
  else if (dtype == "bfloat16")
    decodeHalf<bfloat16ToFloat>(data, n, out);
  else if (dtype == "float16")
    decodeHalf<float16ToFloat>(data, n, out);
  else if (dtype == "int64")
    decode<int64_t>(data, n, out);
  else if (dtype == "int32")
    decode<int32_t>(data, n, out);
  else if (dtype == "int16")
    decode<int16_t>(data, n, out);
  else if (dtype == "int8")
    decode<int8_t>(data, n, out);
  else if (dtype == "uint8" || dtype == "bool")
    decode<uint8_t>(data, n, out);
  else if (dtype == "uint16")
    decode<uint16_t>(data, n, out);
  else if (dtype == "uint32")
    decode<uint32_t>(data, n, out);
  else
    decode<uint64_t>(data, n, out);
}

TensorData widenForNumpy(TensorData tensor) {
  if (canonicalDtype(tensor.dtype) != "bfloat16")
    return tensor;
  const size_t count = tensor.bytes.size() / 2;
  std::vector<std::byte> widened(count * 4);
  for (size_t i = 0; i < count; ++i) {
    uint16_t bits;
    std::memcpy(&bits, tensor.bytes.data() + i * 2, 2);
    const float value = bfloat16ToFloat(bits);
    std::memcpy(widened.data() + i * 4, &value, 4);
  }
  tensor.dtype = "float32";
  tensor.bytes = std::move(widened);
  return tensor;
}

} // namespace irscope::ir
