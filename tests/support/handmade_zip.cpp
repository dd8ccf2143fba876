#include "tests/support/handmade_zip.h"

#include <array>

namespace irscope::testing {
namespace {

uint32_t crc32Of(const std::string& data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data)
    crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

void put16(std::string& out, uint32_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}

void put32(std::string& out, uint32_t value) {
  put16(out, value & 0xFFFF);
  put16(out, value >> 16);
}

uint32_t sizeOr(int64_t declared, size_t actual) {
  return declared < 0 ? static_cast<uint32_t>(actual) : static_cast<uint32_t>(declared);
}

} // namespace

std::string handmadeZip(const std::vector<HandmadeZipEntry>& entries) {
  std::string out, directory;
  for (const HandmadeZipEntry& entry : entries) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    const uint32_t crc = crc32Of(entry.data);
    const uint32_t compressed = sizeOr(entry.compressed_size, entry.data.size());
    const uint32_t local_size = sizeOr(entry.local_size, entry.data.size());
    const uint32_t central_size = sizeOr(entry.central_size, entry.data.size());
    put32(out, 0x04034b50);
    put16(out, 20); // version needed
    put16(out, 0);  // flags
    put16(out, entry.method);
    put16(out, 0);    // time
    put16(out, 0x21); // date: 1980-01-01
    put32(out, crc);
    put32(out, compressed);
    put32(out, local_size);
    put16(out, static_cast<uint32_t>(entry.name.size()));
    put16(out, 0); // extra
    out += entry.name;
    out += entry.data;

    put32(directory, 0x02014b50);
    put16(directory, 20); // version made by
    put16(directory, 20); // version needed
    put16(directory, 0);
    put16(directory, entry.method);
    put16(directory, 0);
    put16(directory, 0x21);
    put32(directory, crc);
    put32(directory, compressed);
    put32(directory, central_size);
    put16(directory, static_cast<uint32_t>(entry.name.size()));
    put16(directory, 0); // extra
    put16(directory, 0); // comment
    put16(directory, 0); // disk
    put16(directory, 0); // internal attributes
    put32(directory, 0); // external attributes
    put32(directory, offset);
    directory += entry.name;
  }
  const uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint32_t>(entries.size()));
  put16(out, static_cast<uint32_t>(entries.size()));
  put32(out, static_cast<uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0); // comment
  return out;
}

std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::vector<HandmadeZipEntry> made;
  for (const auto& [name, data] : entries) {
    HandmadeZipEntry entry;
    entry.name = name;
    entry.data = data;
    made.push_back(entry);
  }
  return handmadeZip(made);
}

} // namespace irscope::testing
