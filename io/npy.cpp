#include "io/npy.h"

#include "core/dtype.h"
#include "io/atomic_file.h"
#include "io/input_file.h"
#include "io/load_error.h"
#include "io/sha256.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <utility>

namespace irscope::io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// numpy descr <-> irscope dtype. '|' marks single-byte types, which have no byte order.
constexpr std::array<std::pair<const char*, const char*>, 12> kDescrs = {{
    {"<f4", "float32"},
    {"<f8", "float64"},
    {"<f2", "float16"},
    {"<i8", "int64"},
    {"<i4", "int32"},
    {"<i2", "int16"},
    {"|i1", "int8"},
    {"|u1", "uint8"},
    {"<u2", "uint16"},
    {"<u4", "uint32"},
    {"<u8", "uint64"},
    {"|b1", "bool"},
}};

std::string dtypeOfDescr(const std::string& descr, const std::string& file) {
  for (const auto& [known, dtype] : kDescrs) {
    if (descr == known)
      return dtype;
  }
  if (!descr.empty() && descr[0] == '>')
    throw LoadError(file,
                    "array is big-endian ('" + descr +
                        "'); save it little-endian (numpy: a.astype(a.dtype.newbyteorder('<')))");
  throw LoadError(file, "unsupported array dtype '" + descr + "'");
}

const char* descrOfDtype(const std::string& dtype) {
  const std::string_view name = ir::canonicalDtype(dtype);
  for (const auto& [descr, known] : kDescrs) {
    if (name == known)
      return descr;
  }
  return nullptr;
}

} // namespace

namespace {

// What a .npy header says, checked against the file: after this, `data_bytes` bytes of array
// data follow in `stream`, and the file holds exactly those.
struct NpyHeader {
  std::string dtype;
  ir::Shape shape;
  size_t data_bytes = 0;
};

NpyHeader readNpyHeader(InputFile& input, const std::string& file) {
  std::ifstream& stream = input.stream;
  char magic[kMagicSize] = {};
  unsigned char version[2] = {};
  if (!stream.read(magic, kMagicSize) || std::memcmp(magic, kMagic, kMagicSize) != 0)
    throw LoadError(file, "not a .npy file (no \\x93NUMPY magic)");
  if (!stream.read(reinterpret_cast<char*>(version), 2) || version[0] < 1 || version[0] > 3)
    throw LoadError(file, "unsupported .npy version");
  uint32_t header_size = 0;
  unsigned char size_bytes[4] = {};
  const int size_width = version[0] == 1 ? 2 : 4;
  if (!stream.read(reinterpret_cast<char*>(size_bytes), size_width))
    throw LoadError(file, "file ends inside the .npy header");
  for (int i = size_width - 1; i >= 0; --i)
    header_size = header_size << 8 | size_bytes[i];
  if (header_size > (1u << 20))
    throw LoadError(file, ".npy header is implausibly large");
  std::string header(header_size, '\0');
  if (!stream.read(header.data(), header_size))
    throw LoadError(file, "file ends inside the .npy header");

  // The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3),
  // }
  static const std::regex descr_pattern(R"('descr'\s*:\s*'([^']*)')");
  static const std::regex order_pattern(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex shape_pattern(R"('shape'\s*:\s*\(([^)]*)\))");
  static const std::regex digits_pattern(R"(\d+)");
  std::smatch match;
  if (!std::regex_search(header, match, descr_pattern))
    throw LoadError(file, ".npy header has no 'descr'");
  NpyHeader result;
  result.dtype = dtypeOfDescr(match[1], file);
  if (!std::regex_search(header, match, order_pattern))
    throw LoadError(file, ".npy header has no 'fortran_order'");
  if (match[1] == "True")
    throw LoadError(file,
                    "array is in Fortran order; save a C-order copy (numpy.ascontiguousarray)");
  if (!std::regex_search(header, match, shape_pattern))
    throw LoadError(file, ".npy header has no 'shape'");
  const std::string dims = match[1];
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), digits_pattern);
       it != std::sregex_iterator(); ++it) {
    const std::string digits = it->str();
    if (digits.size() > 15)
      throw LoadError(file, "dimension " + digits + " is too large");
    result.shape.push_back(std::stoll(digits));
  }
  const auto count = ir::elementCount(result.shape);
  const size_t element = ir::dtypeSize(result.dtype).value_or(1);
  if (!count || *count > (int64_t{1} << 40) / static_cast<int64_t>(element))
    throw LoadError(file, "array shape " + ir::formatShapeList(result.shape) + " is too large");
  result.data_bytes = static_cast<size_t>(*count) * element;
  // The shape is the file's claim; the file's size is the fact. Check before allocating.
  const uint64_t data_start = kMagicSize + 2 + size_width + header_size;
  const uint64_t held = input.size < data_start ? 0 : input.size - data_start;
  if (held < result.data_bytes)
    throw LoadError(file, "file is truncated: " + ir::formatShapeList(result.shape) + " " +
                              result.dtype + " needs " + std::to_string(result.data_bytes) +
                              " bytes of data, the file holds " + std::to_string(held));
  if (held > result.data_bytes)
    throw LoadError(file, "file has data past the end of the array");
  return result;
}

} // namespace

TensorData readNpy(const std::filesystem::path& path) {
  const std::string file = path.string();
  InputFile input = openInputFile(path);
  NpyHeader header = readNpyHeader(input, file);
  TensorData tensor;
  tensor.dtype = std::move(header.dtype);
  tensor.shape = std::move(header.shape);
  tensor.bytes.resize(header.data_bytes);
  if (!input.stream.read(reinterpret_cast<char*>(tensor.bytes.data()),
                         static_cast<std::streamsize>(header.data_bytes)))
    throw LoadError(file, "file is truncated: it changed while being read");
  return tensor;
}

NpyDigest npyDataSha256(const std::filesystem::path& path) {
  const std::string file = path.string();
  InputFile input = openInputFile(path);
  NpyHeader header = readNpyHeader(input, file);
  // In pieces that stay in the cache, rather than the whole array in memory.
  constexpr size_t kPiece = size_t{1} << 20;
  std::vector<char> piece(std::min(kPiece, std::max<size_t>(header.data_bytes, 1)));
  Sha256 hash;
  for (size_t left = header.data_bytes; left > 0;) {
    const size_t n = std::min(left, piece.size());
    if (!input.stream.read(piece.data(), static_cast<std::streamsize>(n)))
      throw LoadError(file, "file is truncated: it changed while being read");
    hash.update(piece.data(), n);
    left -= n;
  }
  return {std::move(header.dtype), std::move(header.shape), header.data_bytes, hash.hex()};
}

std::string npyBytes(const TensorData& tensor) {
  const char* descr = descrOfDtype(tensor.dtype);
  if (!descr)
    throw std::invalid_argument("npy cannot hold dtype " + tensor.dtype);
  std::string dims;
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    dims += std::to_string(tensor.shape[i]) + ", ";
  if (tensor.shape.size() > 1)
    dims.resize(dims.size() - 2); // (1, 3) but (5,) and ()
  else if (tensor.shape.size() == 1)
    dims.resize(dims.size() - 1);
  std::string header =
      std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // numpy pads with spaces and a newline so that the data starts on a 64-byte boundary.
  const size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(tensor.bytes.data()), tensor.bytes.size());
  return out;
}

void writeNpy(const TensorData& tensor, const std::filesystem::path& path) {
  writeFileAtomically(path, npyBytes(tensor));
}

} // namespace irscope::io
