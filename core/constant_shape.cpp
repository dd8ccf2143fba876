#include "core/constant_shape.h"

namespace irscope::ir {

namespace {
bool isScalar(const Json& value) {
  return value.is_number() || value.is_boolean();
}

bool matchesShape(const Json& value, const Shape& shape, size_t depth) {
  if (depth == shape.size())
    return isScalar(value);
  if (!value.is_array() || static_cast<int64_t>(value.size()) != shape[depth])
    return false;
  for (const Json& element : value) {
    if (!matchesShape(element, shape, depth + 1))
      return false;
  }
  return true;
}
} // namespace

std::optional<Shape> constantShape(const Json& data) {
  // Read the shape off the first element at each level, then check every element against it.
  Shape shape;
  const Json* probe = &data;
  while (probe->is_array()) {
    shape.push_back(static_cast<int64_t>(probe->size()));
    if (probe->empty())
      break;
    probe = &probe->front();
  }
  if (!matchesShape(data, shape, 0))
    return std::nullopt;
  return shape;
}

} // namespace irscope::ir
