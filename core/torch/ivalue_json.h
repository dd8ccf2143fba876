#pragma once
// Non-tensor op arguments as JSON attrs, the way torch_ir writes them: ints, floats, bools,
// strings and lists of them; dtypes by name; small constant tensors by value.
#include "core/json.h"

#include <ATen/core/ivalue.h>
#include <ATen/core/jit_type_base.h>

namespace irscope::torchscript {

// `type` is the schema's declared type (its real_type, so that ScalarType is told from int).
Json ivalueToJson(const c10::IValue& value, const c10::TypePtr& type = nullptr);

// A tensor that is not a graph input, weight or op output (a constant): 0-dim tensors become
// their number; up to kMaxInlineElements become nested lists; larger ones a short description.
inline constexpr int64_t kMaxInlineElements = 64;
Json constantTensorToJson(const at::Tensor& tensor);

// Every value of a tensor as a nested list, whatever its size (for the graph's constants).
Json tensorValuesToJson(const at::Tensor& tensor);

} // namespace irscope::torchscript
