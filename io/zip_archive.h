#pragma once
// A zip archive opened for reading, through libzip (Debian's libzip-dev). libzip rather than
// hand-written code or libarchive: it reads ZIP64, stored and deflated entries, checks CRCs and
// the central directory against the local headers (ZIP_CHECKCONS), opens from memory as well as
// from a file, and is the zip library Debian's own tools build on.
//
// Every archive is treated as hostile: entry names must stay inside the archive, declared sizes
// must fit the file and each other, and an entry that would inflate far beyond its compressed
// size is refused before anything is allocated.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct zip;

namespace irscope::io {

struct ZipEntry {
  std::string name;
  uint64_t size = 0; // uncompressed
  uint64_t compressed_size = 0;
  bool deflated = false; // otherwise stored
};

// An entry may inflate to at most this many times its compressed size: real deflated weights
// and JSON compress 2-20x; zip bombs reach 1000x and more.
inline constexpr uint64_t kMaxZipInflationRatio = 200;
// Below this, an entry is never a bomb whatever its ratio (a page of zeros compresses 1000x).
inline constexpr uint64_t kZipRatioExemptBytes = uint64_t{1} << 20;

class ZipArchive {
public:
  // Throws LoadError naming `path`: not a zip, damaged, or hostile (see above).
  static ZipArchive openFile(const std::filesystem::path& path);
  // The same for an archive in memory; `source_name` stands for the file in messages. `bytes`
  // is copied.
  static ZipArchive openBytes(std::string bytes, const std::string& source_name);

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  const std::string& sourceName() const { return source_name_; }
  const std::vector<ZipEntry>& entries() const { return entries_; }
  std::optional<size_t> find(const std::string& name) const;

  // The entry's bytes. Throws LoadError when it is larger than `max_bytes` or its data do not
  // match what the archive declares (a CRC or size mismatch, a truncated file).
  std::string read(size_t index, uint64_t max_bytes) const;
  std::string read(const std::string& name, uint64_t max_bytes) const;

private:
  ZipArchive() = default;
  void indexEntries(uint64_t archive_bytes);

  struct Closer {
    void operator()(zip* archive) const;
  };
  std::unique_ptr<std::string> memory_; // the bytes an in-memory archive reads from
  std::unique_ptr<zip, Closer> archive_;
  std::string source_name_;
  std::vector<ZipEntry> entries_;
};

} // namespace irscope::io
