#include "core/layer_summary.h"

#include "core/dtype.h"
#include "core/op_name.h"
#include "core/saturating_math.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace irscope::ir {

namespace {

int64_t elements(const Shape& shape) {
  return elementCount(shape).value_or(0);
}

int64_t product(const Shape& shape, size_t from, size_t to) {
  int64_t result = 1;
  for (size_t i = from; i < to && i < shape.size(); ++i)
    result = saturatingMultiply(result, std::max<int64_t>(shape[i], 0));
  return result;
}

int64_t tensorBytes(const Shape& shape, const std::string& dtype) {
  return saturatingMultiply(elements(shape),
                            static_cast<int64_t>(dtypeSize(canonicalDtype(dtype)).value_or(0)));
}

// "aten.conv2d.default" -> "conv2d"; "aten.add_.Tensor" -> "add_".
std::string_view baseName(std::string_view op) {
  if (op.substr(0, 5) == "aten.")
    op.remove_prefix(5);
  return op.substr(0, op.find('.'));
}

bool isConvolution(std::string_view base) {
  return base == "conv1d" || base == "conv2d" || base == "conv3d" || base == "convolution" ||
         base == "_convolution";
}

bool isTransposedConvolution(const Node& node, std::string_view base) {
  if (base.substr(0, 14) == "conv_transpose")
    return true;
  return (base == "convolution" || base == "_convolution") && node.attrs.is_object() &&
         node.attrs.value("transposed", false);
}

} // namespace

int64_t nodeMacs(const Node& node) {
  const std::string_view base = baseName(node.op_type);
  if (node.outputs.empty())
    return 0;
  const int64_t out = elements(node.outputs.front().shape);
  const auto& in = node.inputs;
  if (isTransposedConvolution(node, base)) {
    if (in.size() < 2 || in[1].shape.size() < 3)
      return 0;
    // weight [in_channels, out_channels/groups, k...]: every input element feeds out/groups x k.
    const Shape& weight = in[1].shape;
    return saturatingMultiply(elements(in[0].shape),
                              saturatingMultiply(weight[1], product(weight, 2, weight.size())));
  }
  if (isConvolution(base)) {
    if (in.size() < 2 || in[1].shape.size() < 3)
      return 0;
    const Shape& weight = in[1].shape; // [out_channels, in_channels/groups, k...]
    return saturatingMultiply(out,
                              saturatingMultiply(weight[1], product(weight, 2, weight.size())));
  }
  if (base == "linear") {
    if (in.size() < 2 || in[1].shape.size() != 2)
      return 0;
    return saturatingMultiply(out, in[1].shape[1]);
  }
  if (base == "matmul" || base == "mm" || base == "bmm") {
    if (in.empty() || in[0].shape.empty())
      return 0;
    return saturatingMultiply(out, in[0].shape.back());
  }
  if (base == "addmm" || base == "baddbmm") {
    // addmm(bias, a, b): the contraction is over a's last dimension.
    if (in.size() < 2 || in[1].shape.empty())
      return 0;
    return saturatingMultiply(out, in[1].shape.back());
  }
  if (base == "scaled_dot_product_attention" ||
      base == "_scaled_dot_product_flash_attention_for_cpu") {
    if (in.size() < 3 || in[0].shape.size() < 2 || in[1].shape.size() < 2 || in[2].shape.empty())
      return 0;
    const Shape& q = in[0].shape; // [..., L, E]
    const Shape& k = in[1].shape; // [..., S, E]
    const Shape& v = in[2].shape; // [..., S, Ev]
    const int64_t batch = product(q, 0, q.size() - 2);
    const int64_t length = q[q.size() - 2];
    const int64_t source = k[k.size() - 2];
    const int64_t scores = saturatingMultiply(batch, saturatingMultiply(length, source));
    return saturatingAdd(saturatingMultiply(scores, q.back()),
                         saturatingMultiply(scores, v.back()));
  }
  return 0;
}

LayerSummary summarizeLayers(const Graph& graph, const Topology& topology,
                             const ModuleTree& modules, bool node_rows) {
  LayerSummary summary;
  // Buffers are the weights whose placeholders torch_ir names b_...; the rest are parameters.
  std::set<std::string> buffers;
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    if (placeholder.rfind("b_", 0) == 0)
      buffers.insert(key);
  std::vector<bool> is_buffer(graph.weights.size());
  std::set<std::string> counted;
  for (size_t w = 0; w < graph.weights.size(); ++w) {
    const Weight& weight = graph.weights[w];
    is_buffer[w] = buffers.count(weight.name) > 0;
    if (!counted.insert(weight.name).second)
      continue; // a tied weight, listed again
    int64_t& total = is_buffer[w] ? summary.buffer_parameters : summary.trainable_parameters;
    total = saturatingAdd(total, elements(weight.shape));
    summary.parameter_bytes =
        saturatingAdd(summary.parameter_bytes, tensorBytes(weight.shape, weight.dtype));
  }
  std::vector<int64_t> macs(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    macs[n] = nodeMacs(graph.nodes[n]);
    summary.macs = saturatingAdd(summary.macs, macs[n]);
  }
  for (const Tensor& input : graph.inputs)
    summary.input_bytes = saturatingAdd(summary.input_bytes, tensorBytes(input.shape, input.dtype));

  // Every group's nodes at any depth (ancestors are bounded by kMaxModuleDepth).
  std::vector<std::vector<int32_t>> subtree(modules.groups.size());
  for (size_t n = 0; n < graph.nodes.size() && n < modules.group_of_node.size(); ++n)
    for (int g = modules.group_of_node[n]; g >= 0; g = modules.groups[g].parent)
      subtree[g].push_back(static_cast<int32_t>(n));

  auto fillRow = [&](LayerRow& row, const std::vector<int32_t>& nodes) {
    const std::set<int32_t> inside(nodes.begin(), nodes.end());
    std::set<int32_t> weights_seen;
    std::set<std::pair<int, std::pair<int32_t, int32_t>>> inputs_seen;
    for (const int32_t n : nodes) {
      const Node& node = graph.nodes[n];
      row.macs = saturatingAdd(row.macs, macs[n]);
      for (size_t i = 0; i < node.inputs.size() && i < topology.node_inputs[n].size(); ++i) {
        const ValueRef& source = topology.node_inputs[n][i];
        if (source.kind == ValueKind::Weight) {
          if (!weights_seen.insert(source.index).second)
            continue;
          const int64_t count = elements(graph.weights[source.index].shape);
          int64_t& total =
              is_buffer[source.index] ? row.buffer_parameters : row.trainable_parameters;
          total = saturatingAdd(total, count);
        } else if ((source.kind == ValueKind::GraphInput ||
                    (source.kind == ValueKind::NodeOutput && !inside.count(source.index))) &&
                   inputs_seen
                       .insert({static_cast<int>(source.kind), {source.index, source.output}})
                       .second) {
          row.input_shapes.push_back(node.inputs[i].shape);
          row.input_dtypes.push_back(node.inputs[i].dtype);
        }
      }
      for (size_t o = 0; o < node.outputs.size(); ++o) {
        const Tensor& output = node.outputs[o];
        row.output_bytes = saturatingAdd(row.output_bytes, tensorBytes(output.shape, output.dtype));
        bool leaves = std::find(topology.graph_outputs.begin(), topology.graph_outputs.end(),
                                ValueRef::nodeOutput(n, static_cast<int32_t>(o))) !=
                      topology.graph_outputs.end();
        if (o < topology.output_consumers[n].size())
          for (const Use& use : topology.output_consumers[n][o])
            leaves = leaves || !inside.count(use.node);
        if (leaves) {
          row.output_shapes.push_back(output.shape);
          row.output_dtypes.push_back(output.dtype);
        }
      }
    }
  };

  // Rows in tree order: at each level, groups and direct nodes by their first node.
  auto firstNode = [&](int group) {
    return subtree[group].empty() ? INT32_MAX : subtree[group].front();
  };
  auto emitLevel = [&](const std::vector<int>& groups, const std::vector<int32_t>& nodes, int depth,
                       auto& self) -> void {
    std::vector<std::pair<int32_t, int>> items; // (first node, group index or -1 - node)
    for (const int g : groups)
      items.push_back({firstNode(g), g});
    for (const int32_t n : nodes)
      items.push_back({n, -1 - n});
    std::sort(items.begin(), items.end());
    for (const auto& [first, item] : items) {
      LayerRow row;
      row.depth = depth;
      if (item >= 0) {
        const ModuleGroup& group = modules.groups[item];
        row.group = item;
        row.name = group.name;
        row.type = group.type;
        fillRow(row, subtree[item]);
        summary.rows.push_back(std::move(row));
        if (depth + 1 < 1000)
          self(group.children, node_rows ? group.nodes : std::vector<int32_t>{}, depth + 1, self);
      } else {
        const int32_t n = -1 - item;
        const Node& node = graph.nodes[n];
        row.node = n;
        row.name = node.name;
        row.type = shortOpName(node.op_type);
        fillRow(row, {n});
        if (isConvolution(baseName(node.op_type)) && node.inputs.size() >= 2 &&
            node.inputs[1].shape.size() >= 3)
          row.kernel_size = Shape(node.inputs[1].shape.begin() + 2, node.inputs[1].shape.end());
        summary.rows.push_back(std::move(row));
      }
      (void)first;
    }
  };
  std::vector<int32_t> loose;
  if (node_rows)
    for (size_t n = 0; n < graph.nodes.size(); ++n)
      if (n >= modules.group_of_node.size() || modules.group_of_node[n] < 0)
        loose.push_back(static_cast<int32_t>(n));
  emitLevel(modules.topLevel(), loose, 0, emitLevel);

  // The live-tensor sweep: a value is born when its producer runs and dies after its last
  // reader; graph outputs live to the end.
  const size_t steps = topology.topological_order.size();
  std::vector<size_t> position(graph.nodes.size(), steps);
  for (size_t p = 0; p < steps; ++p)
    position[topology.topological_order[p]] = p;
  auto lastUse = [&](const std::vector<Use>& uses) {
    size_t last = 0;
    bool any = false;
    for (const Use& use : uses)
      if (position[use.node] < steps) {
        last = std::max(last, position[use.node]);
        any = true;
      }
    return any ? std::optional<size_t>(last) : std::nullopt;
  };
  std::vector<int64_t> freed_after(steps + 1, 0); // bytes released after each step
  int64_t live = 0;
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const int64_t bytes = tensorBytes(graph.inputs[i].shape, graph.inputs[i].dtype);
    live = saturatingAdd(live, bytes);
    const bool returned = std::find(topology.graph_outputs.begin(), topology.graph_outputs.end(),
                                    ValueRef::of(ValueKind::GraphInput, static_cast<int32_t>(i))) !=
                          topology.graph_outputs.end();
    if (returned || i >= topology.input_consumers.size())
      continue;
    if (const auto last = lastUse(topology.input_consumers[i]))
      freed_after[*last] += bytes;
  }
  summary.peak_activation_bytes = live;
  for (size_t p = 0; p < steps; ++p) {
    const int32_t n = topology.topological_order[p];
    const Node& node = graph.nodes[n];
    for (size_t o = 0; o < node.outputs.size(); ++o) {
      const int64_t bytes = tensorBytes(node.outputs[o].shape, node.outputs[o].dtype);
      live = saturatingAdd(live, bytes);
      const bool returned = std::find(topology.graph_outputs.begin(), topology.graph_outputs.end(),
                                      ValueRef::nodeOutput(n, static_cast<int32_t>(o))) !=
                            topology.graph_outputs.end();
      if (returned)
        continue;
      const auto last = o < topology.output_consumers[n].size()
                            ? lastUse(topology.output_consumers[n][o])
                            : std::nullopt;
      freed_after[last ? std::max(*last, p) : p] += bytes; // unread: freed at once
    }
    if (live > summary.peak_activation_bytes) {
      summary.peak_activation_bytes = live;
      summary.peak_after_node = n;
    }
    live -= freed_after[p];
  }
  return summary;
}

} // namespace irscope::ir
