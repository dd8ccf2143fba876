#pragma once
#include <filesystem>
#include <string_view>

namespace irscope::io {

// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`, so readers see the old file or the whole new one, never half of it.
// Throws std::runtime_error naming the file on failure; the temporary file is removed.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

} // namespace irscope::io
