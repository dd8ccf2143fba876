#pragma once
// Loading a TorchScript file for extraction and for describing its inputs: the same checks,
// the same errors, the same inlined forward.
#include <memory>
#include <string>
#include <torch/csrc/jit/api/module.h>

namespace irscope::torchscript {

// Tells wrong kinds of file apart first (state_dict, pickled module, ...), then loads on the
// CPU in eval mode. Throws ExtractionError; an unknown operator is named.
torch::jit::Module loadTorchScript(const std::string& file);

// forward's graph with every submodule call inlined; each node keeps its call stack.
std::shared_ptr<torch::jit::Graph> inlinedForward(const torch::jit::Module& module,
                                                  const std::string& file);

// A forward input's name as the model's author wrote it ("x" for "x.1"), or "input_<index>".
std::string inputName(const torch::jit::Value& value, size_t index);

} // namespace irscope::torchscript
