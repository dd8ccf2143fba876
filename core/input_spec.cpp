#include "core/input_spec.h"

#include "core/dtype.h"
#include "core/one_line.h"

#include <charconv>
#include <stdexcept>

namespace irscope::ir {
namespace {

[[noreturn]] void reject(std::string_view text, const std::string& why) {
  // One line however the text came: a NUL or newline in it is quoted as an escape.
  throw std::invalid_argument(oneLine("input shape '" + std::string(text) + "': " + why));
}

} // namespace

InputSpec parseInputSpec(std::string_view text) {
  InputSpec spec;
  std::string_view dims = text;
  if (const size_t colon = text.find(':'); colon != std::string_view::npos) {
    dims = text.substr(0, colon);
    const std::string_view dtype = canonicalDtype(text.substr(colon + 1));
    // dtypeSize canonicalises again, so "torch.torch.int64" would pass as "torch.int64".
    if (!dtypeSize(dtype) || canonicalDtype(dtype) != dtype)
      reject(text, "unknown dtype '" + std::string(text.substr(colon + 1)) +
                       "' (try float32, float16, bfloat16, int64, int32 or bool)");
    spec.dtype = std::string(dtype);
  }
  if (dims.empty())
    reject(text, "expected dimensions such as 1x3x224x224");
  if (dims == "scalar")
    return spec;
  size_t start = 0;
  while (start <= dims.size()) {
    const size_t end = std::min(dims.find('x', start), dims.size());
    const std::string_view part = dims.substr(start, end - start);
    int64_t value = 0;
    const auto [ptr, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc() || ptr != part.data() + part.size())
      reject(text, "'" + std::string(part) + "' is not a dimension; write sizes like 1x3x224x224");
    if (value <= 0 || value > (int64_t(1) << 31))
      reject(text, "dimension " + std::string(part) + " is out of range");
    spec.shape.push_back(value);
    start = end + 1;
  }
  return spec;
}

std::string formatInputSpec(const InputSpec& spec) {
  std::string text;
  for (size_t i = 0; i < spec.shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(spec.shape[i]);
  if (spec.shape.empty())
    text = "scalar";
  if (spec.dtype != "float32")
    text += ":" + spec.dtype;
  return text;
}

} // namespace irscope::ir
