#pragma once
#include <string>
#include <string_view>

namespace irscope::io {

// simdjson is fast but says only *that* a document is malformed. When it refuses one, this
// parses the text again with nlohmann's parser to say *where* and why, in one line:
// "invalid JSON at line 3, column 7: unexpected end of input (the file looks truncated)".
// `fallback` is used when the second parser accepts what the first refused.
std::string describeJsonSyntaxError(std::string_view json, size_t max_depth,
                                    const std::string& fallback);

} // namespace irscope::io
