#pragma once
// The op-by-op analysis's output folder, as ttchop lays it out at its top level (reference
// formats §2.4): unique_modules.json, summary.md and analysis_report.html, written together.
#include "core/json.h"

#include <filesystem>

namespace irscope::io {

// `document` is unique_modules.json with the statuses added (addModuleStatuses). Creates `dir`
// when needed; writes all three files or, on failure, none (throws with one line).
void writeModuleAnalysisFolder(const std::filesystem::path& dir, const Json& document);

} // namespace irscope::io
