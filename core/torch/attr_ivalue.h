#pragma once
// The inverse of ivalue_json.h: a node's JSON attr back into the value its op's schema argument
// takes. Accepts what irscope's extractor writes and what torch_ir writes from torch.export
// ("torch.float32" or "float32"; "nan" and "inf" as strings; 4.0 for a Tensor operand).
#include "core/json.h"

#include <ATen/core/function_schema.h>
#include <ATen/core/ivalue.h>
#include <optional>
#include <string_view>

namespace irscope::torchscript {

// Throws std::invalid_argument saying what the value is and what the argument needs.
c10::IValue attrToIValue(const Json& value, const c10::Argument& argument);

// A number becomes a 0-dim "wrapped number" tensor, which type promotion treats like a Python
// scalar (x / 4.0 stays float32); a nested list becomes a tensor of that shape, of `dtype` when
// given, else float32 when any element is a float, bool when all are bools, int64 otherwise.
at::Tensor tensorFromJson(const Json& value, std::optional<std::string_view> dtype = std::nullopt);

} // namespace irscope::torchscript
