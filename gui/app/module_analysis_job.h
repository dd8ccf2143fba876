#pragma once
// The work behind Tools > Analyze Modules, for a worker thread: the open model's unique modules,
// the weights and inputs a cpu backend runs on, the analysis itself, its unique_modules.json and,
// when asked, the folder with summary.md and analysis_report.html. Never throws: whatever goes
// wrong comes back as one line.
#include "core/op_mapping.h"
#include "gui/app/model_document.h"
#include "gui/app/module_analysis_choices.h"
#include "io/module_analysis_file.h"

#include <QString>
#include <functional>
#include <optional>
#include <string>

namespace irscope::app {

struct ModuleAnalysisOutcome {
  // The analysis as unique_modules.json holds it (as Load Module Analysis reads one back).
  std::optional<io::ModuleAnalysisDocument> document;
  QString error; // the analysis failed
  bool cancelled = false;
  QString folder;      // where the three files were written; empty when not asked
  QString write_error; // the analysis is done, but the folder could not be written
  size_t instances = 0;
  size_t runs = 0; // sub-IR runs of the cpu backends
};

// Called as the work proceeds with ("float32 run", nodes done, nodes), ("modules", tested,
// unique modules), or ("reading", 0, 0) while weights and inputs are read; returning false
// stops the work at the next such call, and the outcome is cancelled.
using ModuleAnalysisProgress =
    std::function<bool(const std::string& stage, size_t done, size_t total)>;

ModuleAnalysisOutcome runModuleAnalysisJob(const ModelDocument& document,
                                           const ModuleAnalysisChoices& choices,
                                           const ir::OpMapping& mapping,
                                           const ModuleAnalysisProgress& progress);

} // namespace irscope::app
