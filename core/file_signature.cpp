#include "core/file_signature.h"

#include <fstream>

namespace irscope {

FileSignature signatureOfBytes(std::string_view head) {
  if (head.empty())
    return FileSignature::Empty;
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return FileSignature::Zip;
  const auto first = static_cast<unsigned char>(head[0]);
  if (first == 0x80 && head.size() >= 2 && static_cast<unsigned char>(head[1]) >= 2 &&
      static_cast<unsigned char>(head[1]) <= 5)
    return FileSignature::Pickle;
  if (head.substr(0, 6) == "\x93NUMPY")
    return FileSignature::Npy;
  // safetensors: the header size (little-endian u64, sane) and then the JSON header.
  if (head.size() >= 9 && head[8] == '{' && static_cast<unsigned char>(head[7]) == 0 &&
      static_cast<unsigned char>(head[6]) == 0)
    return FileSignature::Safetensors;
  size_t at = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (at < head.size() &&
         (head[at] == ' ' || head[at] == '\n' || head[at] == '\r' || head[at] == '\t'))
    ++at;
  if (at < head.size() && (head[at] == '{' || head[at] == '['))
    return FileSignature::Json;
  return FileSignature::Other;
}

FileSignature fileSignature(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return FileSignature::Missing;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return FileSignature::Missing;
  // Enough for the leading whitespace of a pretty-printed JSON file, too.
  char head[64] = {};
  in.read(head, sizeof head);
  return signatureOfBytes(std::string_view(head, static_cast<size_t>(in.gcount())));
}

} // namespace irscope
