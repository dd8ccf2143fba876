#pragma once
// Zip archives written byte by byte, for tests that need archives no zip library would write:
// names outside the archive, sizes that disagree, unknown compression methods, bombs. Each
// entry is one local header and its data, then one central directory record; no ZIP64.
#include <cstdint>
#include <string>
#include <vector>

namespace irscope::testing {

struct HandmadeZipEntry {
  std::string name;
  std::string data;    // written as it is, whatever the method says
  uint16_t method = 0; // 0 stored, 8 deflated, anything else as it is
  // The sizes the local header and the central directory declare; by default data's size.
  int64_t local_size = -1, central_size = -1;
  int64_t compressed_size = -1;
};

std::string handmadeZip(const std::vector<HandmadeZipEntry>& entries);

// The same entries, stored with the sizes they have.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries);

} // namespace irscope::testing
