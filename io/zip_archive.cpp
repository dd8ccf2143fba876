#include "io/zip_archive.h"

#include "io/load_error.h"

#include <zip.h>

namespace irscope::io {
namespace {

std::string libzipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

std::string describeOpenError(int code) {
  switch (code) {
  case ZIP_ER_NOZIP:
    return "is not a zip archive";
  case ZIP_ER_INCONS:
    return "is a damaged zip archive (its directory and its entries disagree)";
  case ZIP_ER_READ:
  case ZIP_ER_SEEK:
    return "cannot be read: " + libzipMessage(code);
  default:
    return "is not a readable zip archive: " + libzipMessage(code);
  }
}

// An entry name that would point outside the archive if it were ever unpacked: absolute, a
// drive letter, a backslash, or a ".." segment.
bool escapesArchive(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos ||
      (name.size() > 1 && name[1] == ':'))
    return true;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos)
      end = name.size();
    if (name.compare(start, end - start, "..") == 0 && end - start == 2)
      return true;
    start = end + 1;
  }
  return false;
}

} // namespace

void ZipArchive::Closer::operator()(zip* archive) const {
  zip_discard(archive); // read-only: nothing to write back
}

ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

ZipArchive ZipArchive::openFile(const std::filesystem::path& path) {
  ZipArchive result;
  result.source_name_ = path.string();
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  if (error)
    throw LoadError(result.source_name_, "cannot be read: " + error.message());
  int code = 0;
  zip* archive = zip_open(result.source_name_.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive)
    throw LoadError(result.source_name_, describeOpenError(code));
  result.archive_.reset(archive);
  result.indexEntries(size);
  return result;
}

ZipArchive ZipArchive::openBytes(std::string bytes, const std::string& source_name) {
  ZipArchive result;
  result.source_name_ = source_name;
  result.memory_ = std::make_unique<std::string>(std::move(bytes));
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(result.memory_->data(), result.memory_->size(), 0, &error);
  if (!source) {
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    throw LoadError(source_name, describeOpenError(code));
  }
  zip* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!archive) {
    zip_source_free(source); // still ours when the open failed
    const int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    throw LoadError(source_name, describeOpenError(code));
  }
  zip_error_fini(&error);
  result.archive_.reset(archive);
  result.indexEntries(result.memory_->size());
  return result;
}

void ZipArchive::indexEntries(uint64_t archive_bytes) {
  const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
  if (count < 0)
    throw LoadError(source_name_, "is a damaged zip archive (no entry count)");
  // Each entry takes at least a 46-byte directory record and a 30-byte local header.
  if (static_cast<uint64_t>(count) > archive_bytes / 76 + 1)
    throw LoadError(source_name_,
                    "declares " + std::to_string(count) + " entries, more than its size can hold");
  entries_.reserve(static_cast<size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        !(stat.valid & ZIP_STAT_NAME) || !(stat.valid & ZIP_STAT_SIZE) ||
        !(stat.valid & ZIP_STAT_COMP_SIZE) || !(stat.valid & ZIP_STAT_COMP_METHOD))
      throw LoadError(source_name_,
                      "zip entry " + std::to_string(i) + " has no readable directory record");
    ZipEntry entry;
    entry.name = stat.name;
    entry.size = stat.size;
    entry.compressed_size = stat.comp_size;
    if (escapesArchive(entry.name))
      throw LoadError(source_name_, "zip entry '" + entry.name + "' points outside the archive");
    if (stat.comp_method == ZIP_CM_STORE) {
      if (entry.size != entry.compressed_size)
        throw LoadError(source_name_, "zip entry '" + entry.name + "' declares " +
                                          std::to_string(entry.size) + " bytes but stores " +
                                          std::to_string(entry.compressed_size));
    } else if (stat.comp_method == ZIP_CM_DEFLATE) {
      entry.deflated = true;
    } else {
      throw LoadError(source_name_, "zip entry '" + entry.name + "' uses compression method " +
                                        std::to_string(stat.comp_method) +
                                        "; irscope reads stored and deflated entries");
    }
    if (entry.compressed_size > archive_bytes)
      throw LoadError(source_name_, "zip entry '" + entry.name + "' declares " +
                                        std::to_string(entry.compressed_size) +
                                        " compressed bytes in a " + std::to_string(archive_bytes) +
                                        "-byte file");
    if (entry.size > kZipRatioExemptBytes &&
        entry.size / kMaxZipInflationRatio > entry.compressed_size)
      throw LoadError(source_name_, "zip entry '" + entry.name + "' would inflate " +
                                        std::to_string(entry.compressed_size) + " bytes to " +
                                        std::to_string(entry.size) + " (a compression bomb?)");
    entries_.push_back(std::move(entry));
  }
}

std::optional<size_t> ZipArchive::find(const std::string& name) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].name == name)
      return i;
  return std::nullopt;
}

std::string ZipArchive::read(const std::string& name, uint64_t max_bytes) const {
  const auto index = find(name);
  if (!index)
    throw LoadError(source_name_, "has no entry '" + name + "'");
  return read(*index, max_bytes);
}

std::string ZipArchive::read(size_t index, uint64_t max_bytes) const {
  const ZipEntry& entry = entries_.at(index);
  if (entry.size > max_bytes)
    throw LoadError(source_name_, "zip entry '" + entry.name + "' is " +
                                      std::to_string(entry.size) + " bytes; at most " +
                                      std::to_string(max_bytes) + " are read");
  zip_file_t* file = zip_fopen_index(archive_.get(), index, 0);
  if (!file)
    throw LoadError(source_name_,
                    "cannot open zip entry '" + entry.name + "': " + zip_strerror(archive_.get()));
  std::string bytes(static_cast<size_t>(entry.size), '\0');
  uint64_t done = 0;
  std::string problem;
  while (done < entry.size) {
    const zip_int64_t n = zip_fread(file, bytes.data() + done, entry.size - done);
    if (n < 0) {
      problem = zip_file_strerror(file);
      break;
    }
    if (n == 0) {
      problem =
          "it ends after " + std::to_string(done) + " of " + std::to_string(entry.size) + " bytes";
      break;
    }
    done += static_cast<uint64_t>(n);
  }
  // Read one byte more: data beyond the declared size means the sizes disagree, and libzip
  // checks the CRC only at the end of the stream.
  if (problem.empty()) {
    char extra = 0;
    const zip_int64_t n = zip_fread(file, &extra, 1);
    if (n < 0)
      problem = zip_file_strerror(file);
    else if (n > 0)
      problem = "it holds more than the " + std::to_string(entry.size) + " bytes it declares";
  }
  zip_fclose(file);
  if (!problem.empty())
    throw LoadError(source_name_, "zip entry '" + entry.name + "' is damaged: " + problem);
  return bytes;
}

} // namespace irscope::io
