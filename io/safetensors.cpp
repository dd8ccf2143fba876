#include "io/safetensors.h"

#include "core/dtype.h"
#include "core/json.h"
#include "io/atomic_file.h"
#include "io/input_file.h"
#include "io/load_error.h"

#include <algorithm>
#include <array>
#include <fstream>

namespace irscope::io {

namespace {

// The format's own limit on the header.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

constexpr std::array<std::pair<const char*, const char*>, 15> kDtypes = {{
    {"F32", "float32"},
    {"F64", "float64"},
    {"F16", "float16"},
    {"BF16", "bfloat16"},
    {"I64", "int64"},
    {"I32", "int32"},
    {"I16", "int16"},
    {"I8", "int8"},
    {"U8", "uint8"},
    {"U16", "uint16"},
    {"U32", "uint32"},
    {"U64", "uint64"},
    {"BOOL", "bool"},
    {"F8_E4M3", "float8_e4m3fn"},
    {"F8_E5M2", "float8_e5m2"},
}};

const char* ourDtype(const std::string& theirs) {
  for (const auto& [code, dtype] : kDtypes) {
    if (theirs == code)
      return dtype;
  }
  return nullptr;
}

const char* theirDtype(const std::string& ours) {
  const std::string_view name = ir::canonicalDtype(ours);
  for (const auto& [code, dtype] : kDtypes) {
    if (name == dtype)
      return code;
  }
  return nullptr;
}

struct Entry {
  std::string name;
  TensorData tensor;
  uint64_t begin = 0;
  uint64_t end = 0;
};

} // namespace

SafetensorsFile readSafetensors(const std::filesystem::path& path) {
  const std::string file = path.string();
  InputFile input = openInputFile(path);
  std::ifstream& stream = input.stream;
  const uint64_t file_size = input.size;
  unsigned char size_bytes[8] = {};
  if (!stream.read(reinterpret_cast<char*>(size_bytes), 8))
    throw LoadError(file, "too short to be a safetensors file");
  uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i)
    header_size = header_size << 8 | size_bytes[i];
  if (header_size > kMaxHeaderBytes || header_size > file_size - 8)
    throw LoadError(file, "not a safetensors file (header size " + std::to_string(header_size) +
                              " does not fit the file)");
  std::string header(header_size, '\0');
  if (!stream.read(header.data(), static_cast<std::streamsize>(header_size)))
    throw LoadError(file, "file ends inside the header");
  Json json;
  try {
    json = Json::parse(header);
  } catch (const Json::exception&) {
    throw LoadError(file, "header is not valid JSON; is this a safetensors file?");
  }
  if (!json.is_object())
    throw LoadError(file, "header is not a JSON object");

  SafetensorsFile result;
  std::vector<Entry> entries;
  for (const auto& [name, info] : json.items()) {
    if (name == "__metadata__") {
      if (!info.is_object())
        throw LoadError(file, "__metadata__ is not an object");
      for (const auto& [key, value] : info.items()) {
        if (!value.is_string())
          throw LoadError(file, "__metadata__." + key + " is not a string");
        result.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + name + "'";
    if (!info.is_object() || !info.contains("dtype") || !info.contains("shape") ||
        !info.contains("data_offsets"))
      throw LoadError(file, where + " needs dtype, shape and data_offsets");
    Entry entry;
    entry.name = name;
    const Json& dtype = info["dtype"];
    const char* ours = dtype.is_string() ? ourDtype(dtype.get<std::string>()) : nullptr;
    if (!ours)
      throw LoadError(file, where + " has unknown dtype " + dtype.dump());
    entry.tensor.dtype = ours;
    // A bare number would iterate as a one-element list; a shape is a list, or nothing.
    if (!info["shape"].is_array())
      throw LoadError(file, where + " has a bad shape " + info["shape"].dump() +
                                "; expected a list of dimensions");
    for (const Json& dim : info["shape"]) {
      if (!dim.is_number_unsigned() && !(dim.is_number_integer() && dim.get<int64_t>() >= 0))
        throw LoadError(file, where + " has a bad shape " + info["shape"].dump());
      entry.tensor.shape.push_back(dim.get<int64_t>());
    }
    const Json& offsets = info["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
      throw LoadError(file, where + " has bad data_offsets " + offsets.dump());
    entry.begin = offsets[0].get<uint64_t>();
    entry.end = offsets[1].get<uint64_t>();
    const auto count = ir::elementCount(entry.tensor.shape);
    const uint64_t expected =
        count ? static_cast<uint64_t>(*count) * ir::dtypeSize(entry.tensor.dtype).value_or(1) : 0;
    if (!count || entry.end < entry.begin || entry.end - entry.begin != expected)
      throw LoadError(file, where + ": data_offsets " + offsets.dump() + " do not hold " +
                                ir::formatShapeList(entry.tensor.shape) + " " + entry.tensor.dtype);
    entries.push_back(std::move(entry));
  }

  // The byte ranges must tile the data exactly: no overlaps, no gaps, nothing past the end.
  std::vector<const Entry*> by_offset;
  for (const Entry& entry : entries)
    by_offset.push_back(&entry);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const Entry* a, const Entry* b) { return a->begin < b->begin; });
  uint64_t position = 0;
  for (const Entry* entry : by_offset) {
    if (entry->begin != position)
      throw LoadError(
          file, "tensor '" + entry->name + "' " +
                    (entry->begin < position ? "overlaps another" : "leaves a gap before it"));
    position = entry->end;
  }
  const uint64_t data_size = file_size - 8 - header_size;
  if (position != data_size)
    throw LoadError(file, position > data_size
                              ? "file is truncated: the header describes " +
                                    std::to_string(position) +
                                    " bytes of data but the file holds " + std::to_string(data_size)
                              : "file has " + std::to_string(data_size - position) +
                                    " bytes after the last tensor");
  std::vector<std::byte> data(data_size);
  if (!stream.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data_size)))
    throw LoadError(file, "cannot read the tensor data");
  for (Entry& entry : entries) {
    entry.tensor.bytes.assign(data.begin() + static_cast<std::ptrdiff_t>(entry.begin),
                              data.begin() + static_cast<std::ptrdiff_t>(entry.end));
    result.tensors.emplace_back(entry.name, std::move(entry.tensor));
  }
  return result;
}

std::string safetensorsBytes(const SafetensorsFile& input) {
  std::vector<const std::pair<std::string, TensorData>*> order;
  for (const auto& tensor : input.tensors)
    order.push_back(&tensor);
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    const size_t size_a = ir::dtypeSize(a->second.dtype).value_or(1);
    const size_t size_b = ir::dtypeSize(b->second.dtype).value_or(1);
    return size_a != size_b ? size_a > size_b : a->first < b->first;
  });
  // The reference header: "__metadata__" first, then the tensors in data order, each entry's
  // keys in the order dtype, shape, data_offsets.
  std::vector<std::pair<std::string, Json>> entries;
  uint64_t offset = 0;
  std::string data;
  for (const auto* tensor : order) {
    const char* dtype = theirDtype(tensor->second.dtype);
    if (!dtype)
      throw std::invalid_argument("safetensors cannot hold dtype " + tensor->second.dtype);
    const uint64_t size = tensor->second.bytes.size();
    Json entry = Json::object();
    entry["dtype"] = dtype;
    entry["shape"] = tensor->second.shape;
    entry["data_offsets"] = {offset, offset + size};
    entries.emplace_back(tensor->first, std::move(entry));
    data.append(reinterpret_cast<const char*>(tensor->second.bytes.data()), size);
    offset += size;
  }
  Json header = Json::object();
  if (!input.metadata.empty())
    header["__metadata__"] = input.metadata;
  for (auto& [name, entry] : entries)
    header[name] = std::move(entry);
  std::string text = header.dump();
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<char>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xff);
  return out + text + data;
}

void writeSafetensors(const SafetensorsFile& file, const std::filesystem::path& path) {
  writeFileAtomically(path, safetensorsBytes(file));
}

} // namespace irscope::io
