#include "io/torch_ir_reader.h"

#include "io/input_file.h"
#include "io/json_syntax_error.h"
#include "io/load_error.h"

#include <fstream>
#include <map>
#include <simdjson.h>
#include <vector>

namespace irscope::io {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Thrown while converting. The JSON path ("nodes[3].inputs[0].shape") is filled in as the error
// unwinds through withKey()/withIndex(), so reading a good file pays nothing for it.
struct FormatError {
  std::string message;
  std::string path;

  void prepend(std::string_view key) { path = std::string(key) + separatorBefore() + path; }
  void prepend(size_t index) {
    path = "[" + std::to_string(index) + "]" + separatorBefore() + path;
  }

private:
  const char* separatorBefore() const { return path.empty() || path[0] == '[' ? "" : "."; }

public:
  std::string text() const { return (path.empty() ? "top level" : path) + ": " + message; }
};

template <typename Segment, typename Read>
auto within(Segment segment, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (FormatError& error) {
    error.prepend(segment);
    throw;
  }
}

// Typed views of an element whose type the caller has checked. They return by value: binding a
// range-for to get_array().value_unsafe() would keep a reference into a temporary.
simdjson::dom::array arrayOf(const element& value) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS)
    throw FormatError{"expected a list", {}};
  return array;
}

simdjson::dom::object objectOf(const element& value) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS)
    throw FormatError{"expected an object", {}};
  return object;
}

template <typename T> T scalarOf(const element& value) {
  T scalar{};
  if (value.get<T>().get(scalar) != simdjson::SUCCESS)
    throw FormatError{"unexpected JSON value type", {}};
  return scalar;
}

const char* typeName(element_type type) {
  switch (type) {
  case element_type::ARRAY:
    return "a list";
  case element_type::OBJECT:
    return "an object";
  case element_type::INT64:
  case element_type::UINT64:
    return "an integer";
  case element_type::DOUBLE:
    return "a non-integer number";
  case element_type::STRING:
    return "a string";
  case element_type::BOOL:
    return "a boolean";
  case element_type::NULL_VALUE:
    return "null";
  }
  return "something else";
}

Json toJson(const element& value) {
  switch (value.type()) {
  case element_type::ARRAY: {
    Json array = Json::array();
    for (element item : arrayOf(value))
      array.push_back(toJson(item));
    return array;
  }
  case element_type::OBJECT: {
    Json object = Json::object();
    for (auto field : objectOf(value))
      object[std::string(field.key)] = toJson(field.value);
    return object;
  }
  case element_type::INT64:
    return scalarOf<int64_t>(value);
  case element_type::UINT64:
    return scalarOf<uint64_t>(value);
  case element_type::DOUBLE:
    return scalarOf<double>(value);
  case element_type::STRING:
    return std::string(scalarOf<std::string_view>(value));
  case element_type::BOOL:
    return scalarOf<bool>(value);
  case element_type::NULL_VALUE:
    break;
  }
  return nullptr;
}

class GraphReader {
public:
  ir::Graph read(const element& root) {
    ir::Graph graph;
    bool seen_inputs = false, seen_outputs = false, seen_nodes = false, seen_weights = false,
         seen_mapping = false;
    for (auto field : expectObject(root)) {
      within(field.key, [&] {
        const std::string_view key = field.key;
        if (key == "model_name")
          graph.model_name = readString(field.value);
        else if (key == "pytorch_version")
          graph.pytorch_version = readString(field.value);
        else if (key == "graph_inputs")
          seen_inputs = true, graph.inputs = readTensorList(field.value);
        else if (key == "graph_outputs")
          seen_outputs = true, graph.outputs = readTensorList(field.value);
        else if (key == "weights")
          seen_weights = true, graph.weights = readWeights(field.value);
        else if (key == "weight_name_mapping")
          seen_mapping = true, graph.weight_name_mapping = readMapping(field.value);
        else if (key == "nodes")
          seen_nodes = true, graph.nodes = readNodes(field.value);
        else if (key == "constants")
          graph.constants = readConstants(field.value);
        else if (key == "module_classes")
          graph.module_classes = readModuleClasses(field.value);
        else
          keepExtra(graph.extra, key, field.value);
      });
    }
    if (!seen_nodes && !seen_inputs && !seen_outputs)
      fail("has none of the keys a torch_ir file has (nodes, graph_inputs, graph_outputs); "
           "is this a torch_ir IR file?");
    requireKey(seen_inputs, "graph_inputs");
    requireKey(seen_outputs, "graph_outputs");
    requireKey(seen_weights, "weights");
    requireKey(seen_mapping, "weight_name_mapping");
    requireKey(seen_nodes, "nodes");
    return graph;
  }

private:
  [[noreturn]] static void fail(const std::string& problem) { throw FormatError{problem, {}}; }

  static void requireKey(bool seen, const char* key) {
    if (!seen)
      fail(std::string("missing required key \"") + key + "\"");
  }

  static simdjson::dom::object expectObject(const element& value) {
    if (value.type() != element_type::OBJECT)
      fail(std::string("expected an object, got ") + typeName(value.type()));
    return objectOf(value);
  }

  static simdjson::dom::array expectArray(const element& value) {
    if (value.type() != element_type::ARRAY)
      fail(std::string("expected a list, got ") + typeName(value.type()));
    return arrayOf(value);
  }

  static std::string readString(const element& value) {
    if (value.type() != element_type::STRING)
      fail(std::string("expected a string, got ") + typeName(value.type()));
    return std::string(scalarOf<std::string_view>(value));
  }

  static int64_t readInt(const element& value) {
    if (value.type() != element_type::INT64)
      fail(std::string("expected an integer, got ") + typeName(value.type()));
    return scalarOf<int64_t>(value);
  }

  static void keepExtra(Json& extra, std::string_view key, const element& value) {
    if (!extra.is_object())
      extra = Json::object();
    extra[std::string(key)] = toJson(value);
  }

  // Reads every element of a list, each within its index for error messages.
  template <typename T, typename ReadOne>
  static std::vector<T> readList(const element& value, ReadOne read_one) {
    const auto array = expectArray(value);
    std::vector<T> items;
    items.reserve(array.size());
    size_t index = 0;
    for (element item : array)
      items.push_back(within(index++, [&] { return read_one(item); }));
    return items;
  }

  static ir::Shape readShape(const element& value) {
    if (value.type() != element_type::ARRAY)
      fail(std::string("expected a list of integers, got ") + typeName(value.type()));
    const auto array = arrayOf(value);
    ir::Shape shape;
    shape.reserve(array.size());
    size_t index = 0;
    for (element dim : array) {
      within(index++, [&] {
        if (dim.type() == element_type::UINT64)
          fail("dimension " + std::to_string(scalarOf<uint64_t>(dim)) + " is too large");
        if (dim.type() == element_type::DOUBLE)
          fail("expected an integer dimension, got " + Json(scalarOf<double>(dim)).dump());
        const int64_t size = readInt(dim);
        if (size < 0)
          fail("negative dimension " + std::to_string(size));
        shape.push_back(size);
      });
    }
    if (!ir::elementCount(shape))
      fail("shape " + ir::formatShapeList(shape) + " has more elements than fit in 64 bits");
    return shape;
  }

  // Fills the three fields every tensor-like entry has; returns false for other keys.
  template <typename Entry>
  static bool readTypedField(Entry& entry, std::string_view key, const element& value,
                             bool seen[3]) {
    if (key == "name")
      entry.name = readString(value), seen[0] = true;
    else if (key == "shape")
      entry.shape = readShape(value), seen[1] = true;
    else if (key == "dtype")
      entry.dtype = readString(value), seen[2] = true;
    else
      return false;
    return true;
  }

  static void requireTyped(const bool seen[3]) {
    requireKey(seen[0], "name");
    requireKey(seen[1], "shape");
    requireKey(seen[2], "dtype");
  }

  static ir::Tensor readTensor(const element& value) {
    ir::Tensor tensor;
    bool seen[3] = {false, false, false};
    for (auto field : expectObject(value)) {
      within(field.key, [&] {
        if (readTypedField(tensor, field.key, field.value, seen))
          return;
        if (field.key == "producer_node")
          tensor.producer_node = readString(field.value);
        else if (field.key == "producer_output_idx")
          tensor.producer_output_idx = readInt(field.value);
        else
          keepExtra(tensor.extra, field.key, field.value);
      });
    }
    requireTyped(seen);
    return tensor;
  }

  static std::vector<ir::Tensor> readTensorList(const element& value) {
    return readList<ir::Tensor>(value, readTensor);
  }

  static ir::Weight readWeight(const element& value) {
    ir::Weight weight;
    bool seen[3] = {false, false, false};
    for (auto field : expectObject(value)) {
      within(field.key, [&] {
        if (!readTypedField(weight, field.key, field.value, seen))
          keepExtra(weight.extra, field.key, field.value);
      });
    }
    requireTyped(seen);
    return weight;
  }

  static std::vector<ir::Weight> readWeights(const element& value) {
    return readList<ir::Weight>(value, readWeight);
  }

  static std::vector<std::pair<std::string, std::string>> readMapping(const element& value) {
    std::vector<std::pair<std::string, std::string>> mapping;
    for (auto field : expectObject(value))
      mapping.emplace_back(std::string(field.key),
                           within(field.key, [&] { return readString(field.value); }));
    return mapping;
  }

  static std::map<std::string, std::string> readModuleClasses(const element& value) {
    std::map<std::string, std::string> classes;
    for (auto field : expectObject(value))
      classes[std::string(field.key)] = within(field.key, [&] { return readString(field.value); });
    return classes;
  }

  static ir::Node readNode(const element& value) {
    ir::Node node;
    bool seen_name = false, seen_op = false, seen_inputs = false, seen_outputs = false;
    for (auto field : expectObject(value)) {
      within(field.key, [&] {
        const std::string_view key = field.key;
        if (key == "name")
          node.name = readString(field.value), seen_name = true;
        else if (key == "op_type")
          node.op_type = readString(field.value), seen_op = true;
        else if (key == "inputs")
          node.inputs = readTensorList(field.value), seen_inputs = true;
        else if (key == "outputs")
          node.outputs = readTensorList(field.value), seen_outputs = true;
        else if (key == "attrs")
          expectObject(field.value), node.attrs = toJson(field.value);
        else if (key == "module_path")
          node.module_path = readString(field.value);
        else if (key == "module_type")
          node.module_type = readString(field.value);
        else if (key == "stack_trace")
          node.stack_trace = readString(field.value);
        else
          keepExtra(node.extra, key, field.value);
      });
    }
    requireKey(seen_name, "name");
    requireKey(seen_op, "op_type");
    requireKey(seen_inputs, "inputs");
    requireKey(seen_outputs, "outputs");
    return node;
  }

  static std::vector<ir::Node> readNodes(const element& value) {
    return readList<ir::Node>(value, readNode);
  }

  static ir::Constant readConstant(std::string_view name, const element& value) {
    ir::Constant constant;
    constant.name = std::string(name);
    bool seen_data = false, seen_dtype = false;
    for (auto entry : expectObject(value)) {
      within(entry.key, [&] {
        if (entry.key == "data")
          constant.data = toJson(entry.value), seen_data = true;
        else if (entry.key == "dtype")
          constant.dtype = readString(entry.value), seen_dtype = true;
        else
          keepExtra(constant.extra, entry.key, entry.value);
      });
    }
    requireKey(seen_data, "data");
    requireKey(seen_dtype, "dtype");
    return constant;
  }

  static std::vector<ir::Constant> readConstants(const element& value) {
    std::vector<ir::Constant> constants;
    for (auto field : expectObject(value))
      constants.push_back(within(field.key, [&] { return readConstant(field.key, field.value); }));
    return constants;
  }
};

simdjson::padded_string readFileContents(const std::filesystem::path& path) {
  const std::string name = path.string();
  InputFile file = openInputFile(path);
  const uint64_t size = file.size;
  if (size == 0)
    throw LoadError(name, "file is empty");
  if (size > kMaxTorchIrFileBytes)
    throw LoadError(name, "file is " + std::to_string(size) +
                              " bytes; irscope reads IR JSON files of up to 1 GiB");
  simdjson::padded_string contents(static_cast<size_t>(size));
  if (!file.stream.read(contents.data(), static_cast<std::streamsize>(size)))
    throw LoadError(name, "cannot read the whole file");
  return contents;
}

ir::Graph parsePadded(const simdjson::padded_string& json, const std::string& source_name) {
  if (json.size() == 0)
    throw LoadError(source_name, "file is empty");
  simdjson::dom::parser parser;
  if (parser.allocate(json.size(), kMaxJsonDepth) != simdjson::SUCCESS)
    throw LoadError(source_name, "not enough memory to parse");
  element root;
  if (const auto error = parser.parse(json).get(root); error != simdjson::SUCCESS)
    throw LoadError(source_name,
                    describeJsonSyntaxError(std::string_view(json.data(), json.size()),
                                            kMaxJsonDepth, simdjson::error_message(error)));
  try {
    return GraphReader().read(root);
  } catch (const FormatError& error) {
    throw LoadError(source_name, error.text());
  }
}

} // namespace

ir::Graph readTorchIrFile(const std::filesystem::path& path) {
  return parsePadded(readFileContents(path), path.string());
}

ir::Graph parseTorchIrJson(std::string_view json, const std::string& source_name) {
  return parsePadded(simdjson::padded_string(json), source_name);
}

} // namespace irscope::io
