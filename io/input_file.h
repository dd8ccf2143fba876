#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>

namespace irscope::io {

// A file opened for reading after checking that it is one: reading a directory, a device such
// as /dev/zero or a FIFO would fail oddly or never end.
struct InputFile {
  std::ifstream stream;
  uint64_t size = 0;
};

// Throws LoadError: "no such file", "is a directory, not a file", "is not a regular file",
// "cannot open for reading".
InputFile openInputFile(const std::filesystem::path& path);

// Whether a readable file starts as a zip archive does ("PK"): a TorchScript model or a
// torch.save file rather than JSON or safetensors. Throws LoadError as openInputFile does.
bool isZipArchive(const std::filesystem::path& path);

} // namespace irscope::io
