#include "core/torch/libtorch_message.h"

#include <c10/util/Exception.h>
#include <sstream>

namespace irscope::torchscript {
namespace {

bool isNoise(const std::string& line) {
  return line.empty() || line.find_first_not_of(" \t") == std::string::npos ||
         line.rfind("Exception raised from", 0) == 0 ||
         line.rfind("The following operation failed", 0) == 0 ||
         line.rfind("Traceback of TorchScript", 0) == 0;
}

} // namespace

std::string oneLineMessage(const std::exception& error) {
  const auto* c10_error = dynamic_cast<const c10::Error*>(&error);
  std::istringstream text(c10_error ? c10_error->what_without_backtrace() : error.what());
  std::string line;
  std::string first;
  while (std::getline(text, line)) {
    if (isNoise(line))
      continue;
    first = line;
    break;
  }
  if (first.empty())
    first = error.what();
  const size_t start = first.find_first_not_of(" \t");
  first = start == std::string::npos ? std::string() : first.substr(start);
  // TorchScript errors end their first line with "Error: " and put the reason on the next line.
  if (first.size() > 300)
    first = first.substr(0, 297) + "...";
  return first;
}

} // namespace irscope::torchscript
