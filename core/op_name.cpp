#include "core/op_name.h"

namespace irscope::ir {

std::string shortOpName(std::string_view op_type) {
  if (op_type == kGetItemOp)
    return "getitem";
  constexpr std::string_view aten = "aten.";
  constexpr std::string_view default_overload = ".default";
  if (op_type.substr(0, aten.size()) == aten)
    op_type.remove_prefix(aten.size());
  if (op_type.size() > default_overload.size() &&
      op_type.substr(op_type.size() - default_overload.size()) == default_overload)
    op_type.remove_suffix(default_overload.size());
  return std::string(op_type);
}

} // namespace irscope::ir
