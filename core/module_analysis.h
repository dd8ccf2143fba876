#pragma once
// Seed 001's op-by-op analysis over a model's unique modules: the tree walk of module_status.h
// fed by one of the backends (module_mapping_check.h, module_precision_check.h).
#include "core/module_status.h"
#include "core/unique_modules.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace irscope::ir {

// "mapping", "cpu-bf16", "cpu-fp16".
enum class AnalysisBackend { Mapping, CpuBfloat16, CpuFloat16 };
std::string_view backendName(AnalysisBackend backend);
std::optional<AnalysisBackend> backendNamed(std::string_view name);
// The dtype a cpu backend runs in; "" for mapping.
std::string backendDtype(AnalysisBackend backend);

// The unique modules as the tree walk sees them (their first instance's path and parent).
std::vector<StatusTreeModule> statusTreeOf(const UniqueModules& modules);

// One verdict per unique module. `test` gets the unique module's index; `progress` is called
// after each tested module with (tested, unique modules) and may throw to cancel.
std::vector<ModuleVerdict>
analyzeUniqueModules(const UniqueModules& modules, const std::function<ModuleTest(size_t)>& test,
                     bool root_only = false,
                     const std::function<void(size_t, size_t)>& progress = {});

} // namespace irscope::ir
