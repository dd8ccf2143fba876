#include "cli/output.h"

#include "io/atomic_file.h"

#include <iostream>

namespace irscope::cli {

void writeOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    if (!text.empty() && text.back() != '\n')
      std::cout << '\n';
    std::cout.flush();
    return;
  }
  // A text file ends with a newline, as the terminal's copy does.
  io::writeFileAtomically(path, !text.empty() && text.back() != '\n' ? text + '\n' : text);
}

void reportError(const std::string& message) {
  std::cerr << "error: " << message << std::endl;
}

} // namespace irscope::cli
