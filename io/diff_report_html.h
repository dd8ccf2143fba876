#pragma once
// diff.html: a GraphDiff (core/graph_diff.h) as one self-contained page in the analysis report's
// style (its header, palette and Light/Dark toggle): counts per class, the nodes that changed
// grouped by module in execution order (or every node), the weights that differ, and the run's
// first divergence. CSS, script and data inline, nothing fetched; the data is the JSON of
// core/graph_diff_report.h in a <script type="application/json"> block, and the page builds its
// DOM from it with textContent only. Style and script: resources/report/diff_report.*.
#include "core/json.h"

#include <string>

namespace irscope::io {

// `diff`: toJson(GraphDiff, DiffSides).
std::string diffReportHtml(const Json& diff);

} // namespace irscope::io
