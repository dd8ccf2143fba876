#include "tests/support/torch_ir_loader_rules.h"

#include <algorithm>
#include <array>

namespace irscope::testing {
namespace {

// IR.to_dict's keys in its order; constants only when there are some.
constexpr std::array<const char*, 8> kKnownKeys{
    "model_name", "pytorch_version",     "graph_inputs", "graph_outputs",
    "weights",    "weight_name_mapping", "nodes",        "constants"};

bool isKnown(const std::string& key) {
  return std::find(kKnownKeys.begin(), kKnownKeys.end(), key) != kKnownKeys.end();
}

// TensorMeta.from_dict: data["name"], tuple(data["shape"]), data["dtype"], and the optional
// producer_node and producer_output_idx.
void checkTensorMeta(const Json& meta, const std::string& where, std::vector<std::string>& out) {
  if (!meta.is_object()) {
    out.push_back(where + " is not an object");
    return;
  }
  if (!meta.contains("name") || !meta["name"].is_string())
    out.push_back(where + ".name is not a string");
  if (!meta.contains("shape") || !meta["shape"].is_array() ||
      !std::all_of(meta["shape"].begin(), meta["shape"].end(),
                   [](const Json& d) { return d.is_number_integer(); }))
    out.push_back(where + ".shape is not a list of ints");
  if (!meta.contains("dtype") || !meta["dtype"].is_string())
    out.push_back(where + ".dtype is not a string");
  if (meta.contains("producer_node") && !meta["producer_node"].is_string())
    out.push_back(where + ".producer_node is not a string");
  if (meta.contains("producer_output_idx") && !meta["producer_output_idx"].is_number_integer())
    out.push_back(where + ".producer_output_idx is not an int");
}

void checkTensorList(const Json& file, const char* key, std::vector<std::string>& out) {
  if (!file.contains(key) || !file[key].is_array()) {
    out.push_back(std::string(key) + " is not a list");
    return;
  }
  for (size_t i = 0; i < file[key].size(); ++i)
    checkTensorMeta(file[key][i], std::string(key) + "[" + std::to_string(i) + "]", out);
}

} // namespace

std::vector<std::string> torchIrLoaderViolations(const Json& file) {
  std::vector<std::string> out;
  if (!file.is_object())
    return {"the file is not a JSON object"};
  // Known keys in to_dict's order, then the others.
  size_t next_known = 0;
  bool seen_extra = false;
  for (const auto& [key, value] : file.items()) {
    if (!isKnown(key)) {
      seen_extra = true;
      continue;
    }
    if (seen_extra)
      out.push_back(key + " comes after a key torch_ir does not write");
    const auto position = static_cast<size_t>(std::find(kKnownKeys.begin(), kKnownKeys.end(), key) -
                                              kKnownKeys.begin());
    if (position < next_known)
      out.push_back(key + " is out of IR.to_dict's order");
    next_known = position + 1;
  }
  for (const char* key : {"model_name", "pytorch_version"})
    if (file.contains(key) && !file[key].is_string())
      out.push_back(std::string(key) + " is not a string");
  checkTensorList(file, "graph_inputs", out);
  checkTensorList(file, "graph_outputs", out);
  checkTensorList(file, "weights", out);
  if (file.contains("weight_name_mapping")) {
    const Json& mapping = file["weight_name_mapping"];
    if (!mapping.is_object() ||
        !std::all_of(mapping.begin(), mapping.end(), [](const Json& v) { return v.is_string(); }))
      out.push_back("weight_name_mapping is not an object of strings");
  }
  if (!file.contains("nodes") || !file["nodes"].is_array()) {
    out.push_back("nodes is not a list");
  } else {
    for (size_t i = 0; i < file["nodes"].size(); ++i) {
      const Json& node = file["nodes"][i];
      const std::string where = "nodes[" + std::to_string(i) + "]";
      if (!node.is_object()) {
        out.push_back(where + " is not an object");
        continue;
      }
      for (const char* key : {"name", "op_type"})
        if (!node.contains(key) || !node[key].is_string())
          out.push_back(where + "." + key + " is not a string");
      for (const char* key : {"inputs", "outputs"}) {
        if (!node.contains(key) || !node[key].is_array()) {
          out.push_back(where + "." + key + " is not a list");
          continue;
        }
        for (size_t t = 0; t < node[key].size(); ++t)
          checkTensorMeta(node[key][t], where + "." + key + "[" + std::to_string(t) + "]", out);
      }
      if (node.contains("attrs") && !node["attrs"].is_object())
        out.push_back(where + ".attrs is not an object");
      if (node.contains("module_classes"))
        out.push_back(where + " has module_classes, which belongs at the top level");
    }
  }
  if (file.contains("constants")) {
    const Json& constants = file["constants"];
    if (!constants.is_object())
      out.push_back("constants is not an object");
    else
      for (const auto& [name, constant] : constants.items())
        if (!constant.is_object() || !constant.contains("data") || !constant.contains("dtype") ||
            !constant["dtype"].is_string())
          out.push_back("constants." + name + " lacks data or a dtype string");
  }
  if (file.contains("module_classes")) {
    const Json& classes = file["module_classes"];
    if (!classes.is_object() ||
        !std::all_of(classes.begin(), classes.end(), [](const Json& v) { return v.is_string(); }))
      out.push_back("module_classes is not an object of strings");
  }
  return out;
}

} // namespace irscope::testing
