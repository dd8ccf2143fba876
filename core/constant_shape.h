#pragma once
#include "core/json.h"
#include "core/shape.h"

#include <optional>

namespace irscope::ir {

// The shape of a constant's nested-list data ([[1, 2], [3, 4]] -> [2, 2]; 5 -> []).
// nullopt when the lists are ragged or hold something other than numbers and booleans.
std::optional<Shape> constantShape(const Json& data);

} // namespace irscope::ir
