#pragma once
// summary.md of the op-by-op analysis, in ttchop's format (reference_formats.md §2.4):
//   # {model_class} — PASSED | — FAILED (N unique op[s])
//   **Device:** {arch} ({mesh}) | **Date:** {YYYY-MM-DD}
// then "All operations passed successfully." or "## Failed Ops" and the table
// | # | Op | Inputs | Outputs | Params | Module | Error |, the failed ops deduplicated by
// (op, inputs, outputs, params) and each kept with its deepest module.
#include "io/module_analysis_file.h"

#include <string>

namespace irscope::io {

std::string analysisSummaryMarkdown(const ModuleAnalysisDocument& analysis);

} // namespace irscope::io
