#pragma once
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

namespace irscope::io {

// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`, so readers see the old file or the whole new one, never half of it.
// Throws std::runtime_error naming the file on failure; the temporary file is removed.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// Files that belong together (a model's IR and its weights): every one is written and flushed
// to a temporary file first, and only when all of them are whole are they renamed into place.
// A failure while writing leaves every old file as it was and no temporary file behind.
void writeFilesAtomically(
    const std::vector<std::pair<std::filesystem::path, std::string_view>>& files);

} // namespace irscope::io
