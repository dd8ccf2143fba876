#pragma once
// Untrusted text on the self-contained HTML pages (the analysis report, the diff report).
#include "core/json.h"

#include <string>
#include <string_view>

namespace irscope::io {

// Text for an element or an attribute value: &, <, >, " and ' escaped, invalid UTF-8 replaced.
std::string escapeHtml(std::string_view raw);

// JSON for a <script type="application/json"> block: <, >, &, U+2028 and U+2029 escaped, so that
// no string in it can end the block.
std::string scriptJson(const Json& data);

} // namespace irscope::io
