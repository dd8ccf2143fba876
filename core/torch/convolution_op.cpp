#include "core/torch/convolution_op.h"

#include <torch/csrc/jit/runtime/operator.h>

namespace irscope::torchscript {
namespace {

const c10::FunctionSchema* findSchema(const std::string& name, const std::string& overload) {
  for (const auto& op : torch::jit::getAllOperatorsFor(c10::Symbol::fromQualString(name)))
    if (op->schema().overload_name() == overload)
      return &op->schema();
  return nullptr;
}

} // namespace

const c10::FunctionSchema* userConvolutionSchema(const c10::FunctionSchema& schema,
                                                 const std::vector<c10::IValue>& inputs) {
  if (schema.name() != "aten::_convolution" || inputs.size() < 7 || !inputs[1].isTensor() ||
      !inputs[6].isBool())
    return nullptr;
  const int64_t spatial_dims = inputs[1].toTensor().dim() - 2;
  if (spatial_dims < 1 || spatial_dims > 3)
    return nullptr;
  const bool transposed = inputs[6].toBool();
  const std::string dims = std::to_string(spatial_dims) + "d";
  return transposed ? findSchema("aten::conv_transpose" + dims, "input")
                    : findSchema("aten::conv" + dims, "");
}

} // namespace irscope::torchscript
