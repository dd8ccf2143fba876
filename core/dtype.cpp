#include "core/dtype.h"

#include <array>
#include <utility>

namespace irscope::ir {

std::string_view canonicalDtype(std::string_view dtype) {
  constexpr std::string_view prefix = "torch.";
  if (dtype.substr(0, prefix.size()) == prefix)
    dtype.remove_prefix(prefix.size());
  // PyTorch's aliases, mapped to the names torch_ir writes.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> aliases = {{
      {"float", "float32"},
      {"double", "float64"},
      {"half", "float16"},
      {"long", "int64"},
      {"int", "int32"},
      {"short", "int16"},
      {"cfloat", "complex64"},
      {"cdouble", "complex128"},
  }};
  for (const auto& [alias, name] : aliases) {
    if (dtype == alias)
      return name;
  }
  return dtype;
}

std::optional<size_t> dtypeSize(std::string_view dtype) {
  static constexpr std::array<std::pair<std::string_view, size_t>, 17> sizes = {{
      {"float32", 4},
      {"float64", 8},
      {"float16", 2},
      {"bfloat16", 2},
      {"float8_e4m3fn", 1},
      {"float8_e5m2", 1},
      {"int64", 8},
      {"int32", 4},
      {"int16", 2},
      {"int8", 1},
      {"uint8", 1},
      {"uint16", 2},
      {"uint32", 4},
      {"uint64", 8},
      {"bool", 1},
      {"complex64", 8},
      {"complex128", 16},
  }};
  const std::string_view name = canonicalDtype(dtype);
  for (const auto& [known, size] : sizes) {
    if (name == known)
      return size;
  }
  return std::nullopt;
}

} // namespace irscope::ir
