#pragma once
#include <string>

namespace irscope::cli {

// Writes `text` to the file `path` atomically, or to stdout when `path` is empty or "-".
void writeOutput(const std::string& path, const std::string& text);

// "error: <message>" on stderr, one line.
void reportError(const std::string& message);

} // namespace irscope::cli
