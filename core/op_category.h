#pragma once
#include <string_view>

namespace irscope::ir {

// The families diagrams colour ops by. Derived from the op's name alone.
enum class OpCategory {
  Convolution,
  MatMul, // matmul, linear, bmm, addmm, einsum, ...
  Normalization,
  Activation,
  Elementwise,
  Shape, // views, reshapes, transposes, slicing, concatenation
  Reduction,
  Pooling,
  Attention,
  Other,
};

inline constexpr OpCategory kAllOpCategories[] = {
    OpCategory::Convolution, OpCategory::MatMul, OpCategory::Normalization, OpCategory::Activation,
    OpCategory::Elementwise, OpCategory::Shape,  OpCategory::Reduction,     OpCategory::Pooling,
    OpCategory::Attention,   OpCategory::Other};

OpCategory opCategory(std::string_view op_type);

// "convolution", "matmul / linear", ... for legends.
std::string_view categoryName(OpCategory category);

} // namespace irscope::ir
