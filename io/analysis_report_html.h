#pragma once
// analysis_report.html: ttchop's interactive module report (reference_formats.md §2.3) written
// from a unique_modules.json document (§2.1 plus the status keys of §2.2).
//
// One self-contained file: CSS, script and data inline, nothing fetched. The layout is the
// reference's (header with meta and stats rows, occurrence tree, details panel, Light/Dark toggle
// kept in localStorage "ttchop-theme", Summary button when there is a summary.md). irscope adds a
// search box, a status filter and a sortable table of every failed op.
//
// The document comes from a file, so every name and message in it is untrusted: the data travels
// as JSON in a <script type="application/json"> block with <, >, &, U+2028 and U+2029 escaped, and
// the page builds its DOM from it with textContent only.
//
// The page's URL fragment can preset its state: #select=<module path>&theme=light|dark&search=text.
#include "core/json.h"

#include <string>

namespace irscope::io {

// `unique_modules`: the parsed document. `summary_markdown`: the text of summary.md, or "" when
// there is none (then the page has no Summary button).
// Throws std::invalid_argument (one line) if the document is not an object with a "modules" array;
// anything else missing or of the wrong type falls back to a default.
std::string analysisReportHtml(const Json& unique_modules, const std::string& summary_markdown);

} // namespace irscope::io
