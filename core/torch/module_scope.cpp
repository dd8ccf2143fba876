#include "core/torch/module_scope.h"

#include <ATen/core/jit_type.h>

namespace irscope::torchscript {

std::string shortClassName(const c10::ClassTypePtr& type) {
  if (!type || !type->name())
    return {};
  return type->name()->name();
}

ModuleScope moduleScopeOf(const torch::jit::Node& node, const std::string& root_type) {
  ModuleScope scope{{}, root_type};
  const auto callstack = node.callstack();
  if (!callstack)
    return scope;
  // Entries run from the outermost call inward; calls of free functions carry no module.
  for (const auto& entry : (*callstack)->vec()) {
    const auto& module = std::get<2>(entry);
    if (!module)
      continue;
    const std::string instance = module->instance_name();
    if (instance.empty())
      continue;
    scope.path += (scope.path.empty() ? "" : ".") + instance;
    scope.type = shortClassName(module->class_type());
  }
  return scope;
}

} // namespace irscope::torchscript
