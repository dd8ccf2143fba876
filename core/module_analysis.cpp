#include "core/module_analysis.h"

namespace irscope::ir {

std::string_view backendName(AnalysisBackend backend) {
  switch (backend) {
  case AnalysisBackend::Mapping:
    return "mapping";
  case AnalysisBackend::CpuBfloat16:
    return "cpu-bf16";
  case AnalysisBackend::CpuFloat16:
    return "cpu-fp16";
  }
  return "mapping";
}

std::optional<AnalysisBackend> backendNamed(std::string_view name) {
  for (const AnalysisBackend backend :
       {AnalysisBackend::Mapping, AnalysisBackend::CpuBfloat16, AnalysisBackend::CpuFloat16})
    if (backendName(backend) == name)
      return backend;
  return std::nullopt;
}

std::string backendDtype(AnalysisBackend backend) {
  switch (backend) {
  case AnalysisBackend::CpuBfloat16:
    return "bfloat16";
  case AnalysisBackend::CpuFloat16:
    return "float16";
  case AnalysisBackend::Mapping:
    break;
  }
  return {};
}

std::vector<StatusTreeModule> statusTreeOf(const UniqueModules& modules) {
  std::vector<StatusTreeModule> tree;
  tree.reserve(modules.modules.size());
  for (const UniqueModule& module : modules.modules) {
    const ModuleInstance& instance = modules.instances[module.instance];
    tree.push_back({instance.path, instance.parent, instance.class_name});
  }
  return tree;
}

std::vector<ModuleVerdict>
analyzeUniqueModules(const UniqueModules& modules, const std::function<ModuleTest(size_t)>& test,
                     bool root_only, const std::function<void(size_t, size_t)>& progress) {
  size_t tested = 0;
  return analyzeModuleTree(
      statusTreeOf(modules),
      [&](size_t index) {
        ModuleTest result = test(index);
        if (progress)
          progress(++tested, modules.modules.size());
        return result;
      },
      root_only);
}

} // namespace irscope::ir
