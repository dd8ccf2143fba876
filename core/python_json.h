#pragma once
// JSON text as Python's json.dumps(value, sort_keys=True) writes it: keys sorted, ", " and ": "
// between items, non-ASCII escaped, NaN and infinities as NaN / Infinity. Hashes that Python
// tools compute over such text (seed 003's config_hash) come out the same from irscope.
#include "core/json.h"

#include <string>

namespace irscope {

std::string pythonJsonDumps(const Json& value);

} // namespace irscope
