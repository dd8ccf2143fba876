#pragma once
#include <string>
#include <string_view>

namespace irscope::ir {

// torch_ir's single non-ATen op: picks output `attrs.index` out of a multi-output producer.
inline constexpr std::string_view kGetItemOp = "<built-in function getitem>";

// The op as diagrams show it: "aten.conv2d.default" -> "conv2d", "aten.add.Tensor" -> "add.Tensor".
std::string shortOpName(std::string_view op_type);

} // namespace irscope::ir
