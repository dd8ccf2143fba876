#pragma once
// The one JSON value type irscope uses for free-form data (attrs, constants, unknown keys).
// ordered_json keeps keys in file order, so a file we write back matches the one we read.
#include <nlohmann/json.hpp>

namespace irscope {
using Json = nlohmann::ordered_json;
} // namespace irscope
