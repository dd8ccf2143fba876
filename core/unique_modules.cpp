#include "core/unique_modules.h"

#include "core/layer_summary.h"
#include "core/module_calls.h"
#include "core/python_json.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace irscope::ir {

namespace {

std::string shapeText(const Shape& shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

std::string baseOp(const std::string& op) {
  std::string base = op.rfind("aten.", 0) == 0 ? op.substr(5) : op;
  return base.substr(0, base.find('.'));
}

Json attrOr(const Node& node, const char* key, Json fallback) {
  if (node.attrs.is_object() && node.attrs.contains(key))
    return node.attrs[key];
  return fallback;
}

// The reference reads these from the module object; here they come from the one op the module
// runs: its weights' shapes and its attrs (with the op's defaults for attrs the IR leaves out).
Json parametersOf(const Node& node) {
  const std::string op = baseOp(node.op_type);
  Json p = Json::object();
  const auto& in = node.inputs;
  if ((op == "conv1d" || op == "conv2d" || op == "conv3d") && in.size() >= 2 &&
      in[1].shape.size() >= 3 && in[0].shape.size() >= 2) {
    const Shape& weight = in[1].shape;
    const size_t spatial = weight.size() - 2;
    const Json ones = Json(std::vector<int64_t>(spatial, 1));
    const Json zeros = Json(std::vector<int64_t>(spatial, 0));
    p["in_channels"] = in[0].shape[in[0].shape.size() - spatial - 1];
    p["out_channels"] = weight[0];
    p["kernel_size"] = Shape(weight.begin() + 2, weight.end());
    p["stride"] = attrOr(node, "stride", ones);
    p["padding"] = attrOr(node, "padding", zeros);
    p["dilation"] = attrOr(node, "dilation", ones);
    p["groups"] = attrOr(node, "groups", 1);
    p["bias"] = in.size() >= 3;
    p["padding_mode"] = "zeros";
  } else if (op == "linear" && in.size() >= 2 && in[1].shape.size() == 2) {
    p["in_features"] = in[1].shape[1];
    p["out_features"] = in[1].shape[0];
    p["bias"] = in.size() >= 3;
  } else if ((op == "batch_norm" || op == "_native_batch_norm_legit_no_training") && !in.empty() &&
             in[0].shape.size() >= 2) {
    p["num_features"] = in[0].shape[1];
    p["eps"] = attrOr(node, "eps", 1e-05);
    p["momentum"] = attrOr(node, "momentum", 0.1);
    p["affine"] = in.size() >= 3;
    p["track_running_stats"] = in.size() >= 5;
  } else if (op == "layer_norm" && !in.empty()) {
    p["normalized_shape"] = attrOr(node, "normalized_shape", Json::array());
    p["eps"] = attrOr(node, "eps", 1e-05);
    p["elementwise_affine"] = in.size() >= 2;
    p["bias"] = in.size() >= 3;
  } else if ((op == "max_pool2d" || op == "avg_pool2d") && node.attrs.is_object()) {
    const Json kernel = attrOr(node, "kernel_size", Json::array());
    p["kernel_size"] = kernel;
    p["stride"] = attrOr(node, "stride", kernel);
    p["padding"] = attrOr(node, "padding", Json({0, 0}));
    if (op == "max_pool2d")
      p["dilation"] = attrOr(node, "dilation", Json({1, 1}));
  }
  return p;
}

// For an IR without module classes (torch_ir JSON written before irscope recorded them), whose
// nodes name only the class of the module that runs them: a module that runs none itself and
// holds only numbered children is taken for a Sequential, anything else is "Module".
// TorchScript source cannot say `self.0`, so scripted containers number them `_0`.
std::string guessedClass(const std::vector<ModuleInstance>& instances,
                         const std::vector<size_t>& children) {
  const bool numbered =
      !children.empty() && std::all_of(children.begin(), children.end(), [&](size_t k) {
        const std::string& child = instances[k].path;
        std::string last_segment = child.substr(child.rfind('.') + 1);
        if (last_segment.size() > 1 && last_segment[0] == '_')
          last_segment.erase(0, 1);
        return !last_segment.empty() && std::all_of(last_segment.begin(), last_segment.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
      });
  return numbered ? "Sequential" : "Module";
}

} // namespace

bool isContainerClass(std::string_view name) {
  return name == "Sequential" || name == "ModuleList" || name == "ModuleDict";
}

namespace {
// The op types of a call, its own ops then each child's, depth first: the same for two calls of
// one module, whatever their nodes are named.
std::string opsOfCall(const Graph& graph, const ModuleTree& modules, int call) {
  std::string ops;
  std::vector<int> stack{call};
  while (!stack.empty()) {
    const ModuleGroup& group = modules.groups[static_cast<size_t>(stack.back())];
    stack.pop_back();
    ops += '(';
    for (const int32_t node : group.nodes)
      ops += graph.nodes[static_cast<size_t>(node)].op_type + ';';
    stack.insert(stack.end(), group.children.rbegin(), group.children.rend());
  }
  return ops;
}
} // namespace

std::vector<int32_t> callNodes(const Graph& graph, const Topology& topology,
                               const ModuleTree& modules, const ModuleInstance& instance) {
  std::vector<int32_t> nodes;
  if (instance.last_call < 0) {
    if (!instance.parent.empty())
      return nodes;
    nodes = topology.topological_order;
    return nodes;
  }
  std::vector<int> stack{instance.last_call};
  while (!stack.empty()) {
    const ModuleGroup& group = modules.groups[stack.back()];
    stack.pop_back();
    nodes.insert(nodes.end(), group.nodes.begin(), group.nodes.end());
    stack.insert(stack.end(), group.children.begin(), group.children.end());
  }
  std::vector<int32_t> rank(graph.nodes.size(), -1);
  for (size_t i = 0; i < topology.topological_order.size(); ++i)
    rank[topology.topological_order[i]] = static_cast<int32_t>(i);
  std::sort(nodes.begin(), nodes.end(), [&](int32_t a, int32_t b) { return rank[a] < rank[b]; });
  return nodes;
}

std::vector<size_t> pathSegmentDots(const std::string& path) {
  std::vector<size_t> dots;
  int depth = 0;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[')
      ++depth;
    else if (path[i] == ']')
      --depth;
    else if (path[i] == '.' && depth == 0)
      dots.push_back(i);
  }
  return dots;
}

std::string parentPath(const std::string& path) {
  if (path == "full_model")
    return "";
  const std::vector<size_t> dots = pathSegmentDots(path);
  return dots.empty() ? "full_model" : path.substr(0, dots.back());
}

std::string moduleId(size_t index, const std::string& path) {
  const size_t dot = path.rfind('.');
  std::string last = dot == std::string::npos ? path : path.substr(dot + 1);
  std::string name;
  for (size_t i = 0; i < last.size(); ++i) {
    const char c = last[i];
    if (c == '[')
      name += '_';
    else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
      name += c;
  }
  if (name.size() > 60)
    name.resize(60);
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "mod_%03zu", index);
  return name.empty() ? prefix : std::string(prefix) + "_" + name;
}

std::string uniquenessKey(const ModuleInstance& instance) {
  if (instance.container)
    return instance.class_name + "||PATH:" + instance.path;
  auto joined = [](std::vector<std::string> shapes) {
    std::sort(shapes.begin(), shapes.end());
    std::string text;
    for (size_t i = 0; i < shapes.size(); ++i)
      text += (i ? "|" : "") + shapes[i];
    return text;
  };
  std::string key = instance.class_name + "||" + joined(instance.input_shapes) + "||" +
                    joined(instance.output_shapes) + "||" + pythonJsonDumps(instance.parameters);
  if (!instance.unknown_class_ops.empty())
    key += "||OPS:" + instance.unknown_class_ops;
  return key;
}

UniqueModules findUniqueModules(const Graph& graph, const Topology& topology,
                                const ModuleTree& modules) {
  if (modules.derived || modules.groups.empty())
    throw std::invalid_argument("the IR has no module paths (extract it from TorchScript with "
                                "irscope-cli extract to get them)");
  UniqueModules result;
  // The reference's model_class is type(model).__name__.
  const auto root_class = graph.module_classes.find("");
  result.model_class = root_class != graph.module_classes.end() && !root_class->second.empty()
                           ? shortClassName(root_class->second)
                       : graph.model_name.empty() ? "Model"
                                                  : graph.model_name;
  const LayerSummary layers = summarizeLayers(graph, topology, modules, false);
  std::vector<const LayerRow*> row_of_group(modules.groups.size(), nullptr);
  for (const LayerRow& row : layers.rows)
    if (row.group >= 0)
      row_of_group[row.group] = &row;

  // Instances by path; the root first.
  std::map<std::string, size_t> index_of;
  std::vector<ModuleInstance> instances;
  ModuleInstance root;
  root.path = "full_model";
  root.class_name = result.model_class;
  for (const Tensor& input : graph.inputs) {
    root.input_shapes.push_back(shapeText(input.shape));
    root.input_dtypes.push_back(input.dtype);
  }
  for (const Tensor& output : graph.outputs) {
    root.output_shapes.push_back(shapeText(output.shape));
    root.output_dtypes.push_back(output.dtype);
  }
  instances.push_back(root);
  index_of["full_model"] = 0;
  for (size_t g = 0; g < modules.groups.size(); ++g) {
    const std::string path = withoutRunNumbers(modules.groups[g].name);
    auto [it, inserted] = index_of.emplace(path, instances.size());
    if (inserted) {
      ModuleInstance instance;
      instance.path = path;
      instance.parent = parentPath(path);
      instances.push_back(instance);
    }
    instances[it->second].groups.push_back(static_cast<int>(g));
  }
  // Children by first appearance, for named_modules()'s pre-order.
  std::map<std::string, std::vector<size_t>> children;
  for (size_t i = 1; i < instances.size(); ++i)
    children[instances[i].parent].push_back(i);
  for (size_t i = 1; i < instances.size(); ++i) {
    ModuleInstance& instance = instances[i];
    // The last call's shapes: the group whose nodes come last.
    int last = instance.groups.front();
    auto lastNode = [&](int g) {
      const ModuleGroup& group = modules.groups[g];
      return group.nodes.empty() ? -1 : group.nodes.back();
    };
    for (const int g : instance.groups)
      if (lastNode(g) >= lastNode(last))
        last = g;
    if (const LayerRow* row = row_of_group[last]) {
      for (const Shape& shape : row->input_shapes)
        instance.input_shapes.push_back(shapeText(shape));
      for (const Shape& shape : row->output_shapes)
        instance.output_shapes.push_back(shapeText(shape));
      instance.input_dtypes = row->input_dtypes;
      instance.output_dtypes = row->output_dtypes;
    }
    instance.last_call = last;
    const ModuleGroup& group = modules.groups[last];
    // The module's own class (ModuleTree takes it from graph.module_classes, else from its ops).
    instance.class_name = group.type;
    if (instance.class_name.empty()) {
      instance.class_name = graph.module_classes.empty()
                                ? guessedClass(instances, children[instance.path])
                                : "Module";
      // A module of unknown class (paths inferred from weight names, older IR) is also told
      // apart by the ops its call runs, so that same-shaped blocks that differ stay apart.
      if (instance.class_name == "Module")
        instance.unknown_class_ops = opsOfCall(graph, modules, last);
    }
    // As the reference decides: by type(module).__name__, so a Sequential subclass such as
    // torchvision's Conv2dNormActivation is keyed like any other module.
    instance.container = isContainerClass(instance.class_name);
    // Parameters from the one op of a leaf module.
    if (group.nodes.size() == 1 && group.children.empty())
      instance.parameters = parametersOf(graph.nodes[group.nodes.front()]);
  }
  // named_modules() order: pre-order from the root.
  std::vector<size_t> order;
  std::vector<size_t> stack{0};
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    order.push_back(i);
    const auto& kids = children[instances[i].path];
    for (auto k = kids.rbegin(); k != kids.rend(); ++k)
      stack.push_back(*k);
  }
  for (const size_t i : order)
    result.instances.push_back(instances[i]);
  std::map<std::string, size_t> unique_of_key;
  for (size_t i = 0; i < result.instances.size(); ++i) {
    const std::string key = uniquenessKey(result.instances[i]);
    auto [it, inserted] = unique_of_key.emplace(key, result.modules.size());
    if (inserted)
      result.modules.push_back({moduleId(result.modules.size(), result.instances[i].path), i, {}});
    result.modules[it->second].occurrences.push_back(result.instances[i].path);
  }
  return result;
}

} // namespace irscope::ir
