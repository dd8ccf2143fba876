#pragma once
// How one IR node calls its op, worked out once before a run: the operator libtorch resolves
// its op_type to, and where each schema argument comes from (a node input, a list of them, or a
// constant converted from attrs). torch_ir does this per call; doing it once is what makes the
// executor as fast as TorchScript's own interpreter.
#include "core/node.h"

#include <ATen/core/ivalue.h>
#include <memory>
#include <optional>
#include <torch/csrc/jit/runtime/operator.h>
#include <vector>

namespace irscope::torchscript {

struct ArgumentSource {
  enum class Kind { Constant, Input, TensorList, OptionalTensorList };
  Kind kind = Kind::Constant;
  c10::IValue constant;                      // Constant
  size_t input = 0;                          // Input: index into the node's inputs
  std::vector<std::optional<size_t>> inputs; // lists: an input index, or None, per element
};

struct OpCall {
  // Operation::operator() is not const, though calling it changes nothing we keep.
  mutable torch::jit::Operation operation = nullptr; // empty for getitem, which the executor does itself
  std::vector<ArgumentSource> arguments;
  size_t getitem_index = 0;
  bool isGetItem() const { return !operation; }
};

// "aten.add.Tensor" -> aten::add, overload "Tensor" ("default" is the empty overload).
// Throws std::invalid_argument with one line: an unknown op (with similar names libtorch has),
// an argument the attrs do not supply, an attr of the wrong type, inputs left over.
OpCall planOpCall(const ir::Node& node);

// The stack to call `call.operation` with, given the node's input tensors.
void pushArguments(const OpCall& call, const std::vector<const at::Tensor*>& inputs,
                   torch::jit::Stack& stack);

} // namespace irscope::torchscript
