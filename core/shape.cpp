#include "core/shape.h"

namespace irscope::ir {

std::optional<int64_t> elementCount(const Shape& shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || __builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  }
  return count;
}

namespace {
std::string joinDims(const Shape& shape, const char* separator) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0)
      text += separator;
    text += std::to_string(shape[i]);
  }
  return text;
}
} // namespace

std::string formatShapeCompact(const Shape& shape) {
  return joinDims(shape, "x");
}

std::string formatShapeList(const Shape& shape) {
  return "[" + joinDims(shape, ", ") + "]";
}

} // namespace irscope::ir
