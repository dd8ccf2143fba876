#pragma once
// JSON has no NaN or infinity. Python's json writes bare NaN/Infinity, which strict readers (ours
// included) refuse, so irscope writes them as the strings "nan", "inf" and "-inf".
#include "core/json.h"

#include <cmath>

namespace irscope {

inline Json jsonNumber(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  return value;
}

} // namespace irscope
