#pragma once
// The coverage of one or more models by an operator mapping, written out: a text table for the
// terminal, pytorch2.0_ttnn's OperationsReport Markdown, and JSON for scripts:
//   {"models": [...], "target": "TTNN",
//    "operations": [{"op", "target", "input_variations", "converted", "removed", "fallback",
//                    "unmapped", "completed", "score", "nodes",
//                    "fallbacks": [{"config_hash", "reason"}]}],
//    "totals": {"operations", "input_variations", "converted", "removed", "fallback", "unmapped",
//               "score", "nodes"}}
#include "core/json.h"
#include "core/op_coverage.h"

#include <string>

namespace irscope::io {

Json coverageJson(const ir::CoverageReport& report, const std::string& target);
std::string coverageText(const ir::CoverageReport& report, const std::string& target);
std::string coverageMarkdown(const ir::CoverageReport& report, const std::string& target);

// A configuration's config_hash: SHA-256 of its configuration text (core/op_configuration.h).
std::string configHash(const ir::OpConfiguration& configuration);

} // namespace irscope::io
