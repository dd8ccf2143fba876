#pragma once
// unique_modules.json in the reference's schema (reference_formats.md §2.1):
//   {"metadata": {"load_fn_name", "model_class", "total_modules", "unique_modules", "timestamp",
//                 "hostname", "device_arch", "device_mesh"},
//    "modules": [{"id", "class_name", "module_path", "parent", "input_shapes", "output_shapes",
//                 "input_dtypes", "output_dtypes", "parameters", "occurrences"}, ...]}
#include "core/json.h"
#include "core/unique_modules.h"

#include <string>

namespace irscope::io {

// `source` names what was analysed (the model file); `timestamp` is ISO 8601.
Json uniqueModulesJson(const ir::UniqueModules& modules, const std::string& source,
                       const std::string& timestamp);

// The local time as Python's datetime.now().isoformat() writes it.
std::string isoTimestampNow();

} // namespace irscope::io
