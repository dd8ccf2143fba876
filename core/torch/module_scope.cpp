#include "core/torch/module_scope.h"

#include <ATen/core/jit_type.h>
#include <algorithm>

namespace irscope::torchscript {
namespace {

bool isMangleAtom(const std::string& atom) {
  static const std::string prefix = "___torch_mangle_";
  return atom.size() > prefix.size() && atom.compare(0, prefix.size(), prefix) == 0 &&
         std::all_of(atom.begin() + static_cast<long>(prefix.size()), atom.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::string shortClassName(const c10::ClassTypePtr& type) {
  if (!type || !type->name())
    return {};
  return type->name()->name();
}

std::string pythonClassName(const c10::ClassTypePtr& type) {
  if (!type || !type->name())
    return {};
  const std::vector<std::string>& atoms = type->name()->atoms();
  std::string name;
  for (size_t i = 0; i < atoms.size(); ++i) {
    if ((i == 0 && atoms[i] == "__torch__") || isMangleAtom(atoms[i]))
      continue;
    name += (name.empty() ? "" : ".") + atoms[i];
  }
  return name;
}

ModuleScope moduleScopeOf(const torch::jit::Node& node, const std::string& root_type) {
  ModuleScope scope{{}, root_type, {}};
  const auto callstack = node.callstack();
  if (!callstack)
    return scope;
  // Entries run from the outermost call inward; calls of free functions carry no module, and a
  // module calling a method of its own (SqueezeExcitation's self._scale) records it as "SELF".
  for (const auto& entry : (*callstack)->vec()) {
    const auto& module = std::get<2>(entry);
    if (!module)
      continue;
    const std::string instance = module->instance_name();
    if (instance.empty() || instance == "SELF")
      continue;
    scope.path += (scope.path.empty() ? "" : ".") + instance;
    scope.type = shortClassName(module->class_type());
    scope.modules.emplace_back(scope.path, pythonClassName(module->class_type()));
  }
  return scope;
}

} // namespace irscope::torchscript
