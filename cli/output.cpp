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
  io::writeFileAtomically(path, text);
}

void reportError(const std::string& message) {
  std::cerr << "error: " << message << std::endl;
}

} // namespace irscope::cli
