#include "io/exported_program_graph.h"

#include "core/module_calls.h"
#include "io/json_syntax_error.h"
#include "io/load_error.h"
#include "io/torch_ir_reader.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <simdjson.h>
#include <utility>
#include <vector>

namespace irscope::io {
namespace {

// Map-backed on purpose: tensor_values has an entry per tensor, and ordered_json looks keys up
// linearly. The attrs the IR keeps are built as ordered Json.
using Document = nlohmann::json;

struct SchemaError {
  std::string message;
};

[[noreturn]] void fail(const std::string& message) {
  throw SchemaError{message};
}

Document toDocument(const simdjson::dom::element& value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
  case element_type::ARRAY: {
    // By value: a range-for over get_array().value_unsafe() would reference a temporary.
    simdjson::dom::array items;
    if (value.get_array().get(items) != simdjson::SUCCESS)
      return nullptr;
    Document array = Document::array();
    for (simdjson::dom::element item : items)
      array.push_back(toDocument(item));
    return array;
  }
  case element_type::OBJECT: {
    simdjson::dom::object fields;
    if (value.get_object().get(fields) != simdjson::SUCCESS)
      return nullptr;
    Document object = Document::object();
    for (auto field : fields)
      object[std::string(field.key)] = toDocument(field.value);
    return object;
  }
  case element_type::INT64:
    return value.get_int64().value_unsafe();
  case element_type::UINT64:
    return value.get_uint64().value_unsafe();
  case element_type::DOUBLE:
    return value.get_double().value_unsafe();
  case element_type::STRING:
    return std::string(value.get_string().value_unsafe());
  case element_type::BOOL:
    return value.get_bool().value_unsafe();
  case element_type::NULL_VALUE:
    break;
  }
  return nullptr;
}

const Document& member(const Document& object, const char* key, const std::string& where) {
  if (!object.is_object())
    fail(where + " is not an object");
  const auto found = object.find(key);
  if (found == object.end())
    fail(where + " has no '" + key + "'");
  return *found;
}

const Document& listMember(const Document& object, const char* key, const std::string& where) {
  const Document& list = member(object, key, where);
  if (!list.is_array())
    fail(where + "." + key + " is not a list");
  return list;
}

std::string stringOf(const Document& value, const std::string& where) {
  if (!value.is_string())
    fail(where + " is not a string");
  return value.get<std::string>();
}

int64_t intOf(const Document& value, const std::string& where) {
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX)))
    fail(where + " is not an integer");
  return value.get<int64_t>();
}

// A tagged union ({"as_tensor": {...}}): its one key and value.
std::pair<std::string, const Document*> unionOf(const Document& value, const std::string& where) {
  if (!value.is_object() || value.size() != 1)
    fail(where + " is not a one-key union");
  return {value.begin().key(), &value.begin().value()};
}

std::string memoryFormatName(int64_t code) {
  switch (code) {
  case 1:
    return "torch.contiguous_format";
  case 2:
    return "torch.channels_last";
  case 3:
    return "torch.channels_last_3d";
  case 4:
    return "torch.preserve_format";
  default:
    fail("unknown memory format " + std::to_string(code));
  }
}

std::string layoutName(int64_t code) {
  switch (code) {
  case 1:
    return "torch.sparse_coo";
  case 2:
    return "torch.sparse_csr";
  case 3:
    return "torch.sparse_csc";
  case 4:
    return "torch.sparse_bsr";
  case 5:
    return "torch.sparse_bsc";
  case 6:
    return "torch._mkldnn";
  case 7:
    return "torch.strided";
  default:
    fail("unknown layout " + std::to_string(code));
  }
}

// "torch.ops.aten.conv2d.default" -> "aten.conv2d.default", as torch_ir normalises op types.
std::string opTypeOf(const std::string& target) {
  static const std::string prefix = "torch.ops.";
  if (target.compare(0, prefix.size(), prefix) == 0)
    return target.substr(prefix.size());
  return target;
}

// The base of an FX node name for an op: "aten.split_with_sizes.default" -> "split_with_sizes".
std::string baseNameOf(const std::string& op_type) {
  std::string name = op_type;
  if (name.compare(0, 5, "aten.") == 0)
    name = name.substr(5);
  if (const size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0)
    name = name.substr(0, dot);
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      c = '_';
  return name.empty() ? "node" : name;
}

// A path as nn_module_stack writes it. PyTorch 2.6 writes "layers.0.linear1"; some versions
// write Dynamo's source form, "L['self'].layers[0].linear1".
std::string normalisedModulePath(std::string path) {
  static const std::string self = "L['self']";
  if (path.compare(0, self.size(), self) != 0)
    return path;
  path = path.substr(self.size());
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '[') {
      out += '.';
    } else if (c == ']' || c == '\'') {
      continue;
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.front() == '.')
    out.erase(out.begin());
  return out;
}

struct ModuleFrame {
  std::string path;
  std::string qualified_class;
};

// nn_module_stack: "key,path,class" entries joined by ';', outermost first. A path may hold
// commas inside brackets or parentheses, so the key ends at the first comma and the class
// starts after the last.
std::vector<ModuleFrame> parseModuleStack(const std::string& stack) {
  std::vector<ModuleFrame> frames;
  size_t start = 0;
  while (start < stack.size()) {
    size_t end = stack.find(';', start);
    if (end == std::string::npos)
      end = stack.size();
    const std::string item = stack.substr(start, end - start);
    start = end + 1;
    const size_t first = item.find(',');
    const size_t last = item.rfind(',');
    if (first == std::string::npos || first == last)
      fail("nn_module_stack entry '" + item + "' is not key,path,class");
    frames.push_back(
        {normalisedModulePath(item.substr(first + 1, last - first - 1)), item.substr(last + 1)});
  }
  return frames;
}

std::string shortClassName(const std::string& qualified) {
  const size_t dot = qualified.rfind('.');
  return dot == std::string::npos ? qualified : qualified.substr(dot + 1);
}

class Converter {
public:
  Converter(const Document& root, std::string model_name) : root_(root) {
    graph_.model_name = std::move(model_name);
  }

  ir::Graph convert() {
    checkSchemaVersion();
    if (const auto version = root_.find("torch_version");
        version != root_.end() && version->is_string())
      graph_.pytorch_version = version->get<std::string>();
    const Document& module = member(root_, "graph_module", "top level");
    const Document& graph = member(module, "graph", "graph_module");
    tensor_values_ = &member(graph, "tensor_values", "graph_module.graph");
    if (!tensor_values_->is_object())
      fail("graph_module.graph.tensor_values is not an object");
    const Document& signature = member(module, "signature", "graph_module");
    readInputSpecs(listMember(signature, "input_specs", "graph_module.signature"));
    const Document& nodes = listMember(graph, "nodes", "graph_module.graph");
    graph_.nodes.reserve(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i)
      readNode(nodes[i], "graph_module.graph.nodes[" + std::to_string(i) + "]");
    readOutputSpecs(listMember(signature, "output_specs", "graph_module.signature"));
    ir::numberRepeatedModuleCalls(graph_);
    return std::move(graph_);
  }

private:
  void checkSchemaVersion() {
    const auto version = root_.find("schema_version");
    if (version == root_.end())
      fail("has no schema_version; is this a torch.export program?");
    const int64_t major =
        intOf(member(*version, "major", "schema_version"), "schema_version.major");
    const auto minor = version->find("minor");
    if (major != kExportedProgramSchemaMajor)
      fail("uses torch.export schema " + std::to_string(major) +
           (minor != version->end() && minor->is_number_integer()
                ? "." + std::to_string(minor->get<int64_t>())
                : std::string()) +
           "; irscope reads schema " + std::to_string(kExportedProgramSchemaMajor) +
           ".x (PyTorch 2.5 to 2.7)");
  }

  // One tensor's meta from tensor_values, named `name`.
  ir::Tensor tensorMeta(const std::string& name, const std::string& where) {
    const auto found = tensor_values_->find(name);
    if (found == tensor_values_->end())
      fail(where + " names tensor '" + name + "', which tensor_values does not have");
    const Document& meta = *found;
    const std::string here = "tensor_values['" + name + "']";
    ir::Tensor tensor;
    tensor.name = name;
    tensor.dtype = dtypeOfScalarType(intOf(member(meta, "dtype", here), here + ".dtype"));
    if (tensor.dtype.empty())
      fail(here + " has unknown dtype " + member(meta, "dtype", here).dump());
    for (const Document& size : listMember(meta, "sizes", here)) {
      const auto [kind, value] = unionOf(size, here + ".sizes");
      if (kind != "as_int")
        fail("dynamic shape detected in " + here + " (" + size.dump() +
             "); irscope needs static shapes, as torch_ir does");
      const int64_t dim = intOf(*value, here + ".sizes");
      if (dim < 0)
        fail(here + " has negative dimension " + std::to_string(dim));
      tensor.shape.push_back(dim);
    }
    if (!ir::elementCount(tensor.shape))
      fail(here + " has more elements than fit in 64 bits");
    return tensor;
  }

  void readInputSpecs(const Document& specs) {
    for (size_t i = 0; i < specs.size(); ++i) {
      const std::string where = "signature.input_specs[" + std::to_string(i) + "]";
      const auto [kind, spec] = unionOf(specs[i], where);
      if (kind == "user_input") {
        const auto [arg_kind, arg] = unionOf(member(*spec, "arg", where), where + ".arg");
        if (arg_kind != "as_tensor")
          fail(where + " is a " + arg_kind +
               " input; irscope reads models whose inputs are "
               "tensors");
        const std::string name = stringOf(member(*arg, "name", where), where + ".arg.name");
        graph_.inputs.push_back(tensorMeta(name, where));
        producers_[name] = {name, 0};
      } else if (kind == "parameter" || kind == "buffer" || kind == "tensor_constant") {
        const char* key = kind == "parameter" ? "parameter_name"
                          : kind == "buffer"  ? "buffer_name"
                                              : "tensor_constant_name";
        const std::string placeholder =
            stringOf(member(member(*spec, "arg", where), "name", where + ".arg"), where);
        const std::string state_dict_key = stringOf(member(*spec, key, where), where + "." + key);
        ir::Tensor meta = tensorMeta(placeholder, where);
        graph_.weights.push_back({state_dict_key, meta.shape, meta.dtype, {}});
        graph_.weight_name_mapping.emplace_back(placeholder, state_dict_key);
        weight_placeholders_.insert(placeholder);
      } else {
        fail(where + " is a " + kind +
             " input, which torch_ir IR has no form for (irscope reads user inputs, "
             "parameters, buffers and tensor constants)");
      }
    }
  }

  void readOutputSpecs(const Document& specs) {
    for (size_t i = 0; i < specs.size(); ++i) {
      const std::string where = "signature.output_specs[" + std::to_string(i) + "]";
      const auto [kind, spec] = unionOf(specs[i], where);
      // A buffer that forward updates (batch norm in training mode) is an output of the
      // exported graph but not of the model.
      if (kind != "user_output" && kind != "loss_output")
        continue;
      const auto [arg_kind, arg] = unionOf(member(*spec, "arg", where), where + ".arg");
      if (arg_kind != "as_tensor")
        fail(where + " returns a " + arg_kind + "; irscope reads models that return tensors");
      const std::string name = stringOf(member(*arg, "name", where), where + ".arg.name");
      if (!producers_.count(name) && !weight_placeholders_.count(name))
        fail(where + " returns tensor '" + name + "', which no node produces");
      graph_.outputs.push_back(tensorMeta(name, where));
    }
  }

  ir::Tensor inputTensor(const Document& tensor_ref, const std::string& where) {
    const std::string name = stringOf(member(tensor_ref, "name", where), where + ".name");
    ir::Tensor tensor = tensorMeta(name, where);
    if (const auto producer = producers_.find(name); producer != producers_.end()) {
      tensor.producer_node = producer->second.first;
      tensor.producer_output_idx = producer->second.second;
    } else if (!weight_placeholders_.count(name)) {
      fail(where + " reads tensor '" + name + "', which no earlier node produces");
    }
    return tensor;
  }

  // A non-tensor argument's value as torch_ir keeps it in attrs.
  Json attrValue(const std::string& kind, const Document& value, const std::string& where) {
    auto symbolic = [&](const Document& item, const char* concrete) -> Json {
      const auto [sym_kind, sym_value] = unionOf(item, where);
      if (sym_kind != concrete)
        fail("dynamic value " + item.dump() + " in " + where +
             "; irscope needs static shapes, as torch_ir does");
      return Json(*sym_value);
    };
    if (kind == "as_int" || kind == "as_float" || kind == "as_bool" || kind == "as_string" ||
        kind == "as_ints" || kind == "as_floats" || kind == "as_bools" || kind == "as_strings")
      return Json(value);
    if (kind == "as_sym_int")
      return symbolic(value, "as_int");
    if (kind == "as_sym_float")
      return symbolic(value, "as_float");
    if (kind == "as_sym_bool")
      return symbolic(value, "as_bool");
    if (kind == "as_sym_ints" || kind == "as_sym_floats" || kind == "as_sym_bools") {
      if (!value.is_array())
        fail(where + " is not a list");
      const char* concrete = kind == "as_sym_ints"     ? "as_int"
                             : kind == "as_sym_floats" ? "as_float"
                                                       : "as_bool";
      Json list = Json::array();
      for (const Document& item : value)
        list.push_back(symbolic(item, concrete));
      return list;
    }
    if (kind == "as_scalar_type") {
      const std::string dtype = dtypeOfScalarType(intOf(value, where));
      if (dtype.empty())
        fail(where + " has unknown dtype " + value.dump());
      return "torch." + dtype;
    }
    if (kind == "as_memory_format")
      return memoryFormatName(intOf(value, where));
    if (kind == "as_layout")
      return layoutName(intOf(value, where));
    if (kind == "as_device") {
      std::string device = stringOf(member(value, "type", where), where + ".type");
      if (const auto index = value.find("index"); index != value.end() && !index->is_null())
        device += ":" + std::to_string(intOf(*index, where + ".index"));
      return device;
    }
    fail(where + " is an argument of kind " + kind +
         ", which torch_ir IR has no form for (a higher-order op or a custom object?)");
  }

  void readNode(const Document& entry, const std::string& where) {
    ir::Node node;
    const std::string target = stringOf(member(entry, "target", where), where + ".target");
    node.op_type = opTypeOf(target);
    const std::string here = where + " (" + node.op_type + ")";

    Json list_sizes = Json::array();
    Json none_masks = Json::array();
    std::vector<std::pair<std::string, Json>> attrs;
    const Document& arguments = listMember(entry, "inputs", here);
    for (size_t a = 0; a < arguments.size(); ++a) {
      const std::string arg_where = here + ".inputs[" + std::to_string(a) + "]";
      const std::string name = stringOf(member(arguments[a], "name", arg_where), arg_where);
      const auto [kind, value] = unionOf(member(arguments[a], "arg", arg_where), arg_where);
      const std::string value_where = here + " argument '" + name + "'";
      if (kind == "as_none")
        continue;
      if (kind == "as_tensor") {
        node.inputs.push_back(inputTensor(*value, value_where));
      } else if (kind == "as_tensors" || kind == "as_optional_tensors") {
        if (!value->is_array())
          fail(value_where + " is not a list");
        Json mask = Json::array();
        bool any_none = false;
        int64_t present = 0;
        for (const Document& item : *value) {
          const Document* tensor_ref = &item;
          if (kind == "as_optional_tensors") {
            const auto [item_kind, item_value] = unionOf(item, value_where);
            if (item_kind == "as_none") {
              mask.push_back(true);
              any_none = true;
              continue;
            }
            if (item_kind != "as_tensor")
              fail(value_where + " holds a " + item_kind + ", not a tensor or None");
            tensor_ref = item_value;
          }
          mask.push_back(false);
          node.inputs.push_back(inputTensor(*tensor_ref, value_where));
          ++present;
        }
        // torch_ir counts each list's tensors; the masks put the Nones back.
        list_sizes.push_back(present);
        if (any_none)
          none_masks.push_back(std::move(mask));
      } else {
        attrs.emplace_back(name, attrValue(kind, *value, value_where));
      }
    }
    // torch_ir writes its internal keys first.
    if (!list_sizes.empty())
      node.attrs["_tensor_list_sizes"] = std::move(list_sizes);
    if (!none_masks.empty())
      node.attrs["_tensor_list_none_masks"] = std::move(none_masks);
    for (auto& [name, value] : attrs)
      node.attrs[name] = std::move(value);

    std::vector<std::string> output_names;
    const Document& outputs = listMember(entry, "outputs", here);
    for (size_t o = 0; o < outputs.size(); ++o) {
      const std::string out_where = here + ".outputs[" + std::to_string(o) + "]";
      const auto [kind, value] = unionOf(outputs[o], out_where);
      if (kind == "as_tensor") {
        output_names.push_back(stringOf(member(*value, "name", out_where), out_where));
      } else if (kind == "as_tensors") {
        if (!value->is_array())
          fail(out_where + " is not a list");
        for (const Document& item : *value)
          output_names.push_back(stringOf(member(item, "name", out_where), out_where));
      } else if (kind != "as_none") {
        fail(out_where + " is a " + kind + " output; irscope reads ops that return tensors" +
             (kind.find("sym") != std::string::npos ? " (and static shapes)" : ""));
      }
    }
    const bool single = outputs.size() == 1 && output_names.size() == 1;
    node.name = single ? output_names.front() : uniqueName(baseNameOf(node.op_type));
    if (!used_names_.insert(node.name).second && single)
      fail(here + " produces tensor '" + node.name + "', which an earlier node already did");
    for (size_t o = 0; o < output_names.size(); ++o) {
      if (producers_.count(output_names[o]) || weight_placeholders_.count(output_names[o]))
        fail(here + " produces tensor '" + output_names[o] + "', which already exists");
      node.outputs.push_back(tensorMeta(output_names[o], here));
      producers_[output_names[o]] = {node.name, static_cast<int64_t>(o)};
      used_names_.insert(output_names[o]);
    }

    readMetadata(entry, node, here);
    graph_.nodes.push_back(std::move(node));
  }

  void readMetadata(const Document& entry, ir::Node& node, const std::string& where) {
    const auto metadata = entry.find("metadata");
    if (metadata == entry.end() || !metadata->is_object())
      return;
    if (const auto trace = metadata->find("stack_trace");
        trace != metadata->end() && trace->is_string())
      node.stack_trace = trace->get<std::string>();
    const auto stack = metadata->find("nn_module_stack");
    if (stack == metadata->end() || !stack->is_string())
      return;
    try {
      const std::vector<ModuleFrame> frames = parseModuleStack(stack->get<std::string>());
      for (const ModuleFrame& frame : frames)
        graph_.module_classes.emplace(frame.path, frame.qualified_class);
      if (!frames.empty()) {
        node.module_path = frames.back().path;
        node.module_type = shortClassName(frames.back().qualified_class);
      }
    } catch (SchemaError& error) {
      error.message = where + ": " + error.message;
      throw;
    }
  }

  std::string uniqueName(const std::string& base) {
    if (!used_names_.count(base) && !tensor_values_->contains(base))
      return base;
    for (int n = 1;; ++n) {
      std::string name = base + "_" + std::to_string(n);
      if (!used_names_.count(name) && !tensor_values_->contains(name))
        return name;
    }
  }

  const Document& root_;
  const Document* tensor_values_ = nullptr;
  ir::Graph graph_;
  std::map<std::string, std::pair<std::string, int64_t>> producers_; // tensor -> node, output
  std::set<std::string> weight_placeholders_;
  std::set<std::string> used_names_;
};

} // namespace

std::string dtypeOfScalarType(int64_t code) {
  switch (code) {
  case 1:
    return "uint8";
  case 2:
    return "int8";
  case 3:
    return "int16";
  case 4:
    return "int32";
  case 5:
    return "int64";
  case 6:
    return "float16";
  case 7:
    return "float32";
  case 8:
    return "float64";
  case 9:
    return "complex32";
  case 10:
    return "complex64";
  case 11:
    return "complex128";
  case 12:
    return "bool";
  case 13:
    return "bfloat16";
  case 28:
    return "uint16";
  case 29:
    return "float8_e4m3fn";
  case 30:
    return "float8_e5m2";
  default:
    return "";
  }
}

ir::Graph graphFromExportedProgram(std::string_view json, const std::string& source_name,
                                   const std::string& model_name) {
  if (json.size() > kMaxTorchIrFileBytes)
    throw LoadError(source_name, "the exported program is " + std::to_string(json.size()) +
                                     " bytes; irscope reads programs of up to 1 GiB");
  simdjson::dom::parser parser;
  if (parser.allocate(json.size() + simdjson::SIMDJSON_PADDING, kMaxJsonDepth) != simdjson::SUCCESS)
    throw LoadError(source_name, "not enough memory to parse the exported program");
  const simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS)
    throw LoadError(source_name,
                    "exported program: " + describeJsonSyntaxError(json, kMaxJsonDepth,
                                                                   simdjson::error_message(error)));
  try {
    const Document document = toDocument(root);
    return Converter(document, model_name).convert();
  } catch (const SchemaError& error) {
    throw LoadError(source_name, error.message);
  }
}

} // namespace irscope::io
