#include "io/pt2_archive_tensors.h"

#include "core/dtype.h"
#include "core/torch/state_dict.h"
#include "io/exported_program_graph.h"
#include "io/load_error.h"
#include "io/torch_ir_reader.h"

#include <cstring>
#include <map>
#include <optional>
#include <simdjson.h>

namespace irscope::io {
namespace {

// A config lists every tensor of a model; even a large one is a few MB of JSON.
constexpr uint64_t kMaxConfigBytes = uint64_t{256} << 20;
// A weight file holds one storage; the largest real ones are a few GB.
constexpr uint64_t kMaxWeightFileBytes = uint64_t{64} << 30;
// A view may repeat its storage's elements (a stride of 0, overlapping strides); gathering it
// into contiguous bytes then takes more than the file. Up to this much is allowed beyond the
// file's own size, so that a few hostile numbers cannot ask for terabytes.
constexpr uint64_t kMaxRepeatedViewBytes = uint64_t{64} << 20;
// torch/_export/serde/schema.py's Layout.Strided: the only layout stored as raw bytes.
constexpr int64_t kStridedLayout = 7;

struct ConfigError {
  std::string message;
};

[[noreturn]] void fail(const std::string& message) {
  throw ConfigError{message};
}

using Element = simdjson::dom::element;

Element field(Element object, const char* key, const std::string& where) {
  simdjson::dom::object fields;
  if (object.get_object().get(fields) != simdjson::SUCCESS)
    fail(where + " is not an object");
  Element value;
  if (fields[key].get(value) != simdjson::SUCCESS)
    fail(where + " has no '" + key + "'");
  return value;
}

bool hasField(Element object, const char* key) {
  Element value;
  return object.is_object() && object[key].get(value) == simdjson::SUCCESS;
}

int64_t intOf(Element value, const std::string& where) {
  int64_t number = 0;
  if (value.get_int64().get(number) != simdjson::SUCCESS)
    fail(where + " is not an integer");
  return number;
}

bool boolOf(Element value, const std::string& where) {
  bool flag = false;
  if (value.get_bool().get(flag) != simdjson::SUCCESS)
    fail(where + " is not true or false");
  return flag;
}

std::string stringOf(Element value, const std::string& where) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    fail(where + " is not a string");
  return std::string(text);
}

// A SymInt: {"as_int": n}. A symbolic one ({"as_expr": ...}) has no value to read bytes with.
int64_t symIntOf(Element value, const std::string& where) {
  simdjson::dom::object union_value;
  if (value.get_object().get(union_value) != simdjson::SUCCESS || union_value.size() != 1)
    fail(where + " is not a one-key union");
  const auto only = *union_value.begin();
  if (only.key != "as_int")
    fail(where + " is " + std::string(only.key) + ", not a concrete integer (as_int)");
  return intOf(only.value, where);
}

std::vector<int64_t> symIntsOf(Element value, const std::string& where) {
  simdjson::dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS)
    fail(where + " is not a list");
  std::vector<int64_t> numbers;
  size_t index = 0;
  for (Element item : items)
    numbers.push_back(symIntOf(item, where + "[" + std::to_string(index++) + "]"));
  return numbers;
}

// What a raw (not pickled) tensor's tensor_meta says about its storage.
struct StridedView {
  std::string dtype;
  size_t element_size = 0;
  ir::Shape sizes;
  std::vector<int64_t> strides;
  int64_t storage_offset = 0;
  uint64_t element_count = 0;
};

StridedView viewOf(Element meta, const std::string& where) {
  StridedView view;
  const int64_t code = intOf(field(meta, "dtype", where), where + ".dtype");
  view.dtype = dtypeOfScalarType(code);
  const auto size = ir::dtypeSize(view.dtype);
  if (view.dtype.empty() || !size)
    fail(where + ".dtype " + std::to_string(code) + " is a dtype irscope does not read");
  view.element_size = *size;
  if (hasField(meta, "layout")) {
    const int64_t layout = intOf(field(meta, "layout", where), where + ".layout");
    if (layout != kStridedLayout)
      fail(where + " has layout " + std::to_string(layout) +
           "; irscope reads strided (dense) tensors");
  }
  view.sizes = symIntsOf(field(meta, "sizes", where), where + ".sizes");
  view.strides = symIntsOf(field(meta, "strides", where), where + ".strides");
  view.storage_offset = symIntOf(field(meta, "storage_offset", where), where + ".storage_offset");
  if (view.strides.size() != view.sizes.size())
    fail(where + " has " + std::to_string(view.sizes.size()) + " sizes but " +
         std::to_string(view.strides.size()) + " strides");
  if (view.storage_offset < 0)
    fail(where + ".storage_offset is negative");
  uint64_t count = 1;
  for (size_t i = 0; i < view.sizes.size(); ++i) {
    if (view.sizes[i] < 0 || view.strides[i] < 0)
      fail(where + " has a negative size or stride");
    if (__builtin_mul_overflow(count, static_cast<uint64_t>(view.sizes[i]), &count))
      fail(where + " has more elements than fit in 64 bits");
  }
  view.element_count = count;
  return view;
}

// The bytes of the storage the view reaches: one past its last element, in bytes; 0 for an
// empty view. Nullopt when that overflows.
std::optional<uint64_t> bytesReached(const StridedView& view) {
  if (view.element_count == 0)
    return 0;
  uint64_t last = static_cast<uint64_t>(view.storage_offset);
  for (size_t i = 0; i < view.sizes.size(); ++i) {
    uint64_t step = 0;
    if (__builtin_mul_overflow(static_cast<uint64_t>(view.sizes[i] - 1),
                               static_cast<uint64_t>(view.strides[i]), &step) ||
        __builtin_add_overflow(last, step, &last))
      return std::nullopt;
  }
  uint64_t bytes = 0;
  if (__builtin_add_overflow(last, uint64_t{1}, &last) ||
      __builtin_mul_overflow(last, static_cast<uint64_t>(view.element_size), &bytes))
    return std::nullopt;
  return bytes;
}

// The view's elements in row-major order, copied out of `storage` (whose size the caller has
// checked against bytesReached).
std::vector<std::byte> gather(const StridedView& view, const std::string& storage) {
  const size_t element = view.element_size;
  std::vector<std::byte> out(static_cast<size_t>(view.element_count) * element);
  if (out.empty())
    return out;
  const auto* base = reinterpret_cast<const std::byte*>(storage.data()) +
                     static_cast<size_t>(view.storage_offset) * element;
  const size_t rank = view.sizes.size();
  // Runs along the last dimension are contiguous when its stride is 1 (or it has one element).
  const bool last_contiguous =
      rank == 0 || view.strides[rank - 1] == 1 || view.sizes[rank - 1] == 1;
  const size_t run = rank == 0 ? 1 : static_cast<size_t>(view.sizes[rank - 1]);
  const size_t outer_rank = rank == 0 ? 0 : rank - 1;
  std::vector<int64_t> index(outer_rank, 0);
  size_t written = 0;
  while (written < out.size()) {
    size_t offset = 0;
    for (size_t d = 0; d < outer_rank; ++d)
      offset += static_cast<size_t>(index[d]) * static_cast<size_t>(view.strides[d]);
    if (last_contiguous) {
      std::memcpy(out.data() + written, base + offset * element, run * element);
    } else {
      const size_t stride = static_cast<size_t>(view.strides[rank - 1]);
      for (size_t i = 0; i < run; ++i)
        std::memcpy(out.data() + written + i * element, base + (offset + i * stride) * element,
                    element);
    }
    written += run * element;
    // The odometer over every dimension but the last.
    for (size_t d = outer_rank; d-- > 0;) {
      if (++index[d] < view.sizes[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

// A pickled entry: torch.save of one tensor, read through the torch plugin.
ir::TensorData pickledTensor(const ZipArchive& archive, const std::string& entry) {
  const std::string bytes = archive.read(entry, kMaxWeightFileBytes);
  std::vector<ir::TensorData> tensors;
  try {
    tensors = torchscript::readSavedTensorsBytes(bytes, archive.sourceName() + ": " + entry);
  } catch (const LoadError&) {
    throw;
  } catch (const std::exception& error) {
    // The plugin's message starts "file: entry: "; LoadError adds the file's name again.
    std::string message = error.what();
    const std::string& file = archive.sourceName();
    if (message.rfind(file + ": ", 0) == 0)
      message.erase(0, file.size() + 2);
    throw LoadError(file, message);
  }
  if (tensors.size() != 1)
    fail(entry + " holds " + std::to_string(tensors.size()) + " tensors, not one");
  return std::move(tensors.front());
}

class ConfigReader {
public:
  ConfigReader(const ZipArchive& archive, std::string config_entry, std::string folder)
      : archive_(archive), config_entry_(std::move(config_entry)), folder_(std::move(folder)) {}

  std::vector<std::pair<std::string, ir::TensorData>> read() {
    const std::string json = archive_.read(config_entry_, kMaxConfigBytes);
    simdjson::dom::parser parser;
    if (parser.allocate(json.size() + simdjson::SIMDJSON_PADDING, kMaxJsonDepth) !=
        simdjson::SUCCESS)
      fail("not enough memory to parse it");
    Element root;
    if (const auto error = parser.parse(json).get(root); error != simdjson::SUCCESS)
      fail(std::string("is not valid JSON: ") + simdjson::error_message(error));
    simdjson::dom::object config;
    if (field(root, "config", "the top level").get_object().get(config) != simdjson::SUCCESS)
      fail("'config' is not an object");

    // Several tensors may share one file (views of one storage); each file is read once and
    // dropped after its last tensor.
    for (const auto entry : config)
      if (hasField(entry.value, "path_name") && !isPickled(entry.value))
        ++uses_[pathOf(entry.value, std::string(entry.key))];

    std::vector<std::pair<std::string, ir::TensorData>> tensors;
    for (const auto entry : config) {
      const std::string name(entry.key);
      const std::string where = "config['" + name + "']";
      const std::string path = pathOf(entry.value, where);
      const bool pickled = isPickled(entry.value);
      if (!entry.value.is_object())
        fail(where + " is not an object");
      const std::optional<Element> meta = metaOf(entry.value);
      if (pickled) {
        // Without tensor_meta a pickled payload is a TorchBind or opaque object, not a tensor.
        if (!meta)
          continue;
        tensors.emplace_back(name, pickledTensor(archive_, folder_ + path));
        checkAgrees(tensors.back().second, viewOf(*meta, where + ".tensor_meta"), where);
        continue;
      }
      if (!meta)
        fail(where + " stores raw bytes but has no tensor_meta");
      tensors.emplace_back(name, rawTensor(path, viewOf(*meta, where + ".tensor_meta"), where));
    }
    return tensors;
  }

private:
  static bool isPickled(Element meta) {
    Element flag;
    bool pickled = false;
    return meta.is_object() && meta["use_pickle"].get(flag) == simdjson::SUCCESS &&
           flag.get_bool().get(pickled) == simdjson::SUCCESS && pickled;
  }

  // Nullopt when the config has no tensor_meta or it is null (PyTorch writes null for objects).
  // Never a default-constructed element: it has no document, and asking its type crashes.
  static std::optional<Element> metaOf(Element meta) {
    Element value;
    if (meta["tensor_meta"].get(value) != simdjson::SUCCESS || value.is_null())
      return std::nullopt;
    return value;
  }

  // The file's name within the folder: one plain name, as PyTorch writes ("weight_0").
  std::string pathOf(Element meta, const std::string& where) {
    const std::string path = stringOf(field(meta, "path_name", where), where + ".path_name");
    if (path.empty() || path == "." || path == ".." || path.find('/') != std::string::npos ||
        path.find('\\') != std::string::npos)
      fail(where + ".path_name '" + path + "' is not a file name in " + folder_);
    (void)boolOf(field(meta, "use_pickle", where), where + ".use_pickle");
    return path;
  }

  ir::TensorData rawTensor(const std::string& path, const StridedView& view,
                           const std::string& where) {
    const std::string entry = folder_ + path;
    const auto index = archive_.find(entry);
    if (!index)
      fail(where + " names " + entry + ", which the archive does not have");
    const uint64_t file_bytes = archive_.entries()[*index].size;
    // Every size is checked against the file before anything is read or allocated.
    if (file_bytes == 0 && view.element_count > 0)
      fail(entry + " is empty (the program was exported with fake weights?)");
    const auto reached = bytesReached(view);
    if (!reached || *reached > file_bytes)
      fail(where + " reaches " +
           (reached ? std::to_string(*reached) + " bytes" : std::string("beyond 2^64 bytes")) +
           " of " + entry + ", which holds " + std::to_string(file_bytes));
    if (file_bytes % view.element_size != 0)
      fail(entry + " holds " + std::to_string(file_bytes) + " bytes, not a whole number of " +
           view.dtype + " elements");
    uint64_t out_bytes = 0;
    if (__builtin_mul_overflow(view.element_count, uint64_t{view.element_size}, &out_bytes) ||
        (out_bytes > file_bytes && out_bytes - file_bytes > kMaxRepeatedViewBytes))
      fail(where + " repeats the elements of " + entry + " (" + std::to_string(file_bytes) +
           " bytes) into " + std::to_string(view.element_count) + " elements" +
           "; irscope gathers views of at most 64 MiB more than their storage");

    auto cached = files_.find(path);
    if (cached == files_.end())
      cached = files_.emplace(path, archive_.read(*index, kMaxWeightFileBytes)).first;
    ir::TensorData tensor;
    tensor.dtype = view.dtype;
    tensor.shape = view.sizes;
    tensor.bytes = gather(view, cached->second);
    if (--uses_[path] == 0)
      files_.erase(cached);
    return tensor;
  }

  static void checkAgrees(const ir::TensorData& tensor, const StridedView& view,
                          const std::string& where) {
    if (ir::canonicalDtype(tensor.dtype) != view.dtype || tensor.shape != view.sizes)
      fail(where + " is pickled as a " + tensor.dtype + " " + ir::formatShapeList(tensor.shape) +
           " tensor but its tensor_meta says " + view.dtype + " " +
           ir::formatShapeList(view.sizes));
  }

  const ZipArchive& archive_;
  const std::string config_entry_;
  const std::string folder_;
  std::map<std::string, int> uses_;
  std::map<std::string, std::string> files_;
};

} // namespace

std::vector<std::pair<std::string, ir::TensorData>>
readPt2ArchiveTensors(const ZipArchive& archive, const std::string& config_entry,
                      const std::string& folder) {
  try {
    return ConfigReader(archive, config_entry, folder).read();
  } catch (const ConfigError& error) {
    throw LoadError(archive.sourceName(), config_entry + ": " + error.message);
  }
}

} // namespace irscope::io
