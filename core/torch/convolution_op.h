#pragma once
// Traces record every convolution as aten::_convolution; scripts record the op the user wrote
// (aten::conv2d). Both should give the same IR, so _convolution is shown as the conv it is.
#include <ATen/core/function_schema.h>
#include <ATen/core/ivalue.h>
#include <vector>

namespace irscope::torchscript {

// For an aten::_convolution call, the schema of the user-level op it stands for
// (conv1d/2d/3d, conv_transpose1d/2d/3d.input); nullptr for any other op.
const c10::FunctionSchema* userConvolutionSchema(const c10::FunctionSchema& schema,
                                                 const std::vector<c10::IValue>& inputs);

} // namespace irscope::torchscript
