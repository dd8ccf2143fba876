#pragma once
// Where an op of an inlined TorchScript graph came from: the chain of submodule calls that
// Inline() records on every node ("layer1" -> "0" -> "conv1").
#include <string>
#include <torch/csrc/jit/ir/ir.h>
#include <utility>
#include <vector>

namespace irscope::torchscript {

struct ModuleScope {
  std::string path; // "layer1.0.conv1"; empty for ops of the root module's own forward
  std::string type; // class name of the innermost module, "Conv2d"
  // Every module along the path, outermost first, with its pythonClassName: ("layer1",
  // "torch.nn.modules.container.Sequential"), ("layer1.0", "torchvision.models.resnet.BasicBlock").
  std::vector<std::pair<std::string, std::string>> modules;
};

ModuleScope moduleScopeOf(const torch::jit::Node& node, const std::string& root_type);

// "__torch__.torchvision.models.resnet.BasicBlock" -> "BasicBlock"
std::string shortClassName(const c10::ClassTypePtr& type);

// "__torch__.torchvision.ops.misc.___torch_mangle_12.Conv2dNormActivation" ->
// "torchvision.ops.misc.Conv2dNormActivation": the class as Python names it. TorchScript mangles
// the second type it makes of one Python class (other attribute types, other constants); both
// are that one class.
std::string pythonClassName(const c10::ClassTypePtr& type);

} // namespace irscope::torchscript
