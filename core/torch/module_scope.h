#pragma once
// Where an op of an inlined TorchScript graph came from: the chain of submodule calls that
// Inline() records on every node ("layer1" -> "0" -> "conv1").
#include <string>
#include <torch/csrc/jit/ir/ir.h>

namespace irscope::torchscript {

struct ModuleScope {
  std::string path; // "layer1.0.conv1"; empty for ops of the root module's own forward
  std::string type; // class name of the innermost module, "Conv2d"
};

ModuleScope moduleScopeOf(const torch::jit::Node& node, const std::string& root_type);

// "__torch__.torchvision.models.resnet.BasicBlock" -> "BasicBlock"
std::string shortClassName(const c10::ClassTypePtr& type);

} // namespace irscope::torchscript
