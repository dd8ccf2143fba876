#pragma once
// unique_modules.json after seed 001's second step: each module reached by the tree walk gains
// "status", "failed_ops" and "op_by_op_report_path" (reference_formats.md §2.1). This writes
// those keys and reads such a file back, for summary.md, the app and the HTML report.
#include "core/json.h"
#include "core/module_status.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::io {

// Adds the step-2 keys to every module of `document` (uniqueModulesJson's output), one verdict
// per module in order, and "backend" to its metadata. failed_ops entries carry the reference's
// keys and, after them, "node": the IR node they came from.
void addModuleStatuses(Json& document, const std::vector<ir::ModuleVerdict>& verdicts,
                       std::string_view backend);

struct AnalysedModule {
  std::string id;
  std::string class_name;
  std::string module_path;
  std::string parent;
  std::vector<std::string> occurrences;
  std::vector<std::string> input_shapes;
  std::vector<std::string> output_shapes;
  ir::ModuleStatus status = ir::ModuleStatus::Unknown; // Unknown when the file has none
  std::vector<ir::FailedOp> failed_ops;
};

struct ModuleAnalysisDocument {
  std::string model_class;
  std::string backend; // "" when the file does not say
  std::string timestamp;
  std::string device_arch;
  std::string device_mesh;
  size_t total_modules = 0;
  std::vector<AnalysedModule> modules;
};

// Throws LoadError naming `source` and the first thing that is not in the schema.
ModuleAnalysisDocument parseModuleAnalysis(std::string_view json, const std::string& source);
ModuleAnalysisDocument readModuleAnalysisFile(const std::filesystem::path& path);

} // namespace irscope::io
