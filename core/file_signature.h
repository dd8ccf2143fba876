#pragma once
// What a file is, told by its first bytes rather than its name: every reader and the app ask
// this one function before choosing how to open a file.
#include <filesystem>
#include <string_view>

namespace irscope {

enum class FileSignature {
  Missing,     // no such file, or not a regular file, or unreadable
  Empty,       // zero bytes
  Zip,         // "PK\x03\x04": TorchScript, or a torch.save file (state_dict, module)
  Pickle,      // 0x80 and a protocol 2..5: a legacy (non-zip) torch.save file
  Npy,         // "\x93NUMPY"
  Json,        // '{' or '[' after optional whitespace and a UTF-8 byte-order mark
  Safetensors, // an 8-byte little-endian header size, then '{'
  Other,
};

FileSignature fileSignature(const std::filesystem::path& path);
// The same from bytes already read (at least the first 16, when the file has them).
FileSignature signatureOfBytes(std::string_view head);

} // namespace irscope
