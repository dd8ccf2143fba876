#include "io/input_file.h"

#include "core/file_signature.h"
#include "io/load_error.h"

namespace irscope::io {

InputFile openInputFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status))
    throw LoadError(name, "no such file");
  if (std::filesystem::is_directory(status))
    throw LoadError(name, "is a directory, not a file");
  if (!std::filesystem::is_regular_file(status))
    throw LoadError(name, "is not a regular file");
  InputFile file;
  file.size = std::filesystem::file_size(path, error);
  if (error)
    throw LoadError(name, "cannot read its size: " + error.message());
  file.stream.open(path, std::ios::binary);
  if (!file.stream)
    throw LoadError(name, "cannot open for reading");
  return file;
}

bool isZipArchive(const std::filesystem::path& path) {
  openInputFile(path); // the one-line errors for a missing file, a folder, a device
  return fileSignature(path) == FileSignature::Zip;
}

} // namespace irscope::io
