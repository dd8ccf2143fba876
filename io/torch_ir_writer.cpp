#include "io/torch_ir_writer.h"

#include "io/atomic_file.h"

namespace irscope::io {

namespace {

void appendExtra(Json& object, const Json& extra) {
  if (!extra.is_object())
    return;
  for (const auto& [key, value] : extra.items())
    object[key] = value;
}

Json shapeJson(const ir::Shape& shape) {
  Json dims = Json::array();
  for (int64_t dim : shape)
    dims.push_back(dim);
  return dims;
}

Json tensorJson(const ir::Tensor& tensor) {
  Json entry = Json::object();
  entry["name"] = tensor.name;
  entry["shape"] = shapeJson(tensor.shape);
  entry["dtype"] = tensor.dtype;
  if (tensor.producer_node)
    entry["producer_node"] = *tensor.producer_node;
  if (tensor.producer_output_idx)
    entry["producer_output_idx"] = *tensor.producer_output_idx;
  appendExtra(entry, tensor.extra);
  return entry;
}

Json tensorListJson(const std::vector<ir::Tensor>& tensors) {
  Json list = Json::array();
  for (const ir::Tensor& tensor : tensors)
    list.push_back(tensorJson(tensor));
  return list;
}

Json nodeJson(const ir::Node& node) {
  Json entry = Json::object();
  entry["name"] = node.name;
  entry["op_type"] = node.op_type;
  entry["inputs"] = tensorListJson(node.inputs);
  entry["outputs"] = tensorListJson(node.outputs);
  entry["attrs"] = node.attrs.is_null() ? Json::object() : node.attrs;
  if (!node.module_path.empty())
    entry["module_path"] = node.module_path;
  if (!node.module_type.empty())
    entry["module_type"] = node.module_type;
  if (!node.stack_trace.empty())
    entry["stack_trace"] = node.stack_trace;
  appendExtra(entry, node.extra);
  return entry;
}

Json graphJson(const ir::Graph& graph) {
  Json root = Json::object();
  root["model_name"] = graph.model_name;
  root["pytorch_version"] = graph.pytorch_version;
  root["graph_inputs"] = tensorListJson(graph.inputs);
  root["graph_outputs"] = tensorListJson(graph.outputs);
  Json weights = Json::array();
  for (const ir::Weight& weight : graph.weights) {
    Json entry = Json::object();
    entry["name"] = weight.name;
    entry["shape"] = shapeJson(weight.shape);
    entry["dtype"] = weight.dtype;
    appendExtra(entry, weight.extra);
    weights.push_back(std::move(entry));
  }
  root["weights"] = std::move(weights);
  // Built as pairs rather than with operator[], which would merge a repeated placeholder.
  Json mapping = Json::object();
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    mapping.get_ref<Json::object_t&>().emplace_back(placeholder, key);
  root["weight_name_mapping"] = std::move(mapping);
  Json nodes = Json::array();
  for (const ir::Node& node : graph.nodes)
    nodes.push_back(nodeJson(node));
  root["nodes"] = std::move(nodes);
  if (!graph.constants.empty()) { // torch_ir writes the key only when there are constants
    Json constants = Json::object();
    for (const ir::Constant& constant : graph.constants) {
      Json entry = Json::object();
      entry["data"] = constant.data;
      entry["dtype"] = constant.dtype;
      appendExtra(entry, constant.extra);
      constants.get_ref<Json::object_t&>().emplace_back(constant.name, std::move(entry));
    }
    root["constants"] = std::move(constants);
  }
  if (!graph.module_classes.empty()) {
    Json classes = Json::object();
    for (const auto& [path, qualified_class] : graph.module_classes)
      classes[path] = qualified_class;
    root["module_classes"] = std::move(classes);
  }
  appendExtra(root, graph.extra);
  return root;
}

} // namespace

std::string writeTorchIrJson(const ir::Graph& graph) {
  // ensure_ascii matches Python's json.dump default.
  return graphJson(graph).dump(2, ' ', true);
}

void writeTorchIrFile(const ir::Graph& graph, const std::filesystem::path& path) {
  writeFileAtomically(path, writeTorchIrJson(graph));
}

} // namespace irscope::io
