#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace irscope::ir {

using Shape = std::vector<int64_t>;

// Number of elements, or nullopt when a dimension is negative or the product overflows int64.
std::optional<int64_t> elementCount(const Shape& shape);

// "1x3x224x224", as torch_ir's diagrams print shapes; a scalar prints as "".
std::string formatShapeCompact(const Shape& shape);

// "[1, 3, 224, 224]", as Python prints a list.
std::string formatShapeList(const Shape& shape);

} // namespace irscope::ir
