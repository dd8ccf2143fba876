#pragma once
// Error messages are one line (see io::LoadError, torchscript::ExtractionError), but they quote
// what a file or a user wrote, which may hold a newline, a NUL or other control characters.
// This writes those as escapes (\n, \r, \t, \xHH), so that a message stays one line and whole.
#include <cstdio>
#include <string>
#include <string_view>

namespace irscope::ir {

inline std::string oneLine(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      line += c;
    } else if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (c == '\t') {
      line += "\\t";
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      line += escape;
    }
  }
  return line;
}

} // namespace irscope::ir
