#include "core/op_configuration.h"

#include "core/python_json.h"

#include <map>
#include <unordered_map>

namespace irscope::ir {

std::string torchDtypeName(std::string_view dtype) {
  return "torch." + std::string(dtype);
}

Json nodeArguments(const Node& node) {
  Json arguments = Json::object();
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const Tensor& input = node.inputs[i];
    Json tensor = Json::object();
    tensor["type"] = "torch.Tensor";
    tensor["shape"] = input.shape;
    tensor["dtype"] = torchDtypeName(input.dtype);
    arguments["arg" + std::to_string(i)] = std::move(tensor);
  }
  if (node.attrs.is_object())
    for (const auto& [key, value] : node.attrs.items())
      if (!key.empty() && key[0] != '_')
        arguments[key] = value;
  return arguments;
}

std::string configurationText(const std::string& op, const Json& arguments) {
  Json whole = Json::object();
  whole["arguments"] = arguments;
  whole["operation"] = op;
  return pythonJsonDumps(whole);
}

size_t OpConfigurations::nodeCount() const {
  size_t count = 0;
  for (const OpConfiguration& configuration : configurations)
    count += configuration.nodes.size();
  return count;
}

std::vector<OpConfigurations> collectConfigurations(const Graph& graph) {
  std::map<std::string, OpConfigurations> by_op;
  // Per op: configuration text -> its index in that op's list.
  std::map<std::string, std::unordered_map<std::string, size_t>> index_of;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.isGetItem())
      continue;
    Json arguments = nodeArguments(node);
    std::string text = configurationText(node.op_type, arguments);
    OpConfigurations& op = by_op[node.op_type];
    op.op = node.op_type;
    auto& indices = index_of[node.op_type];
    const auto found = indices.find(text);
    if (found != indices.end()) {
      op.configurations[found->second].nodes.push_back(static_cast<int32_t>(n));
      continue;
    }
    indices.emplace(text, op.configurations.size());
    op.configurations.push_back({std::move(arguments), std::move(text), {static_cast<int32_t>(n)}});
  }
  std::vector<OpConfigurations> ops;
  ops.reserve(by_op.size());
  for (auto& [name, op] : by_op)
    ops.push_back(std::move(op));
  return ops;
}

} // namespace irscope::ir
