#pragma once
// Python's separator.join(parts), which the formats irscope writes are spelled in.
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

inline std::string joinStrings(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0)
      text += separator;
    text += parts[i];
  }
  return text;
}

} // namespace irscope::ir
