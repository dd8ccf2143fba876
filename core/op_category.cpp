#include "core/op_category.h"

#include "core/op_name.h"

#include <array>
#include <string>

namespace irscope::ir {

namespace {

// The bare ATen name: "aten.add_.Tensor" -> "add", "aten.conv2d.default" -> "conv2d".
std::string baseName(std::string_view op_type) {
  std::string name = shortOpName(op_type);
  if (auto dot = name.find('.'); dot != std::string::npos)
    name.resize(dot);
  while (name.size() > 1 && name.back() == '_') // in-place variants
    name.pop_back();
  while (!name.empty() && name.front() == '_') // _convolution, _native_batch_norm_legit
    name.erase(0, 1);
  return name;
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

template <size_t N>
bool isOneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view candidate : names) {
    if (name == candidate)
      return true;
  }
  return false;
}

} // namespace

OpCategory opCategory(std::string_view op_type) {
  const std::string name = baseName(op_type);
  if (contains(name, "attention"))
    return OpCategory::Attention;
  if (startsWith(name, "conv") || name == "convolution")
    return OpCategory::Convolution;
  if (contains(name, "pool"))
    return OpCategory::Pooling;
  if (name == "norm") // torch.norm, a vector norm, not a normalization layer
    return OpCategory::Reduction;
  if (contains(name, "norm"))
    return OpCategory::Normalization;
  static constexpr std::array<std::string_view, 8> matmuls = {
      "matmul", "linear", "mm", "bmm", "addmm", "baddbmm", "einsum", "embedding"};
  if (isOneOf(name, matmuls))
    return OpCategory::MatMul;
  static constexpr std::array<std::string_view, 20> activations = {
      "relu",        "relu6",    "gelu",  "silu",       "sigmoid",   "tanh",        "softmax",
      "log_softmax", "elu",      "selu",  "leaky_relu", "hardswish", "hardsigmoid", "hardtanh",
      "mish",        "softplus", "prelu", "glu",        "celu",      "threshold"};
  if (isOneOf(name, activations))
    return OpCategory::Activation;
  static constexpr std::array<std::string_view, 18> reductions = {
      "sum", "mean", "max",      "min",  "amax",      "amin",   "argmax", "argmin", "prod",
      "var", "std",  "var_mean", "norm", "logsumexp", "cumsum", "all",    "any",    "topk"};
  if (isOneOf(name, reductions))
    return OpCategory::Reduction;
  static constexpr std::array<std::string_view, 34> shapes = {
      "view",    "reshape",      "transpose", "permute",         "flatten", "unflatten",
      "squeeze", "unsqueeze",    "expand",    "contiguous",      "select",  "slice",
      "cat",     "stack",        "split",     "chunk",           "t",       "narrow",
      "repeat",  "index",        "gather",    "getitem",         "unbind",  "split_with_sizes",
      "clone",   "alias",        "pad",       "constant_pad_nd", "roll",    "flip",
      "tile",    "index_select", "to",        "_to_copy"};
  if (isOneOf(name, shapes))
    return OpCategory::Shape;
  static constexpr std::array<std::string_view, 26> elementwise = {
      "add", "sub", "mul", "div",   "rsub",  "pow",         "sqrt",         "rsqrt",     "exp",
      "log", "neg", "abs", "clamp", "where", "masked_fill", "eq",           "ne",        "lt",
      "gt",  "le",  "ge",  "sin",   "cos",   "dropout",     "floor_divide", "reciprocal"};
  if (isOneOf(name, elementwise))
    return OpCategory::Elementwise;
  return OpCategory::Other;
}

std::string_view categoryName(OpCategory category) {
  switch (category) {
  case OpCategory::Convolution:
    return "convolution";
  case OpCategory::MatMul:
    return "matmul / linear";
  case OpCategory::Normalization:
    return "normalization";
  case OpCategory::Activation:
    return "activation";
  case OpCategory::Elementwise:
    return "elementwise";
  case OpCategory::Shape:
    return "shape / view";
  case OpCategory::Reduction:
    return "reduction";
  case OpCategory::Pooling:
    return "pooling";
  case OpCategory::Attention:
    return "attention";
  case OpCategory::Other:
    break;
  }
  return "other";
}

} // namespace irscope::ir
