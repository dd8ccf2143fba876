#include "core/graph_diff.h"

#include "core/topology.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace irscope::ir {
namespace {

constexpr char kNone[] = "(none)";
// irscope's recorder notes the TorchScript op a conv was read from (aten._convolution); it says
// nothing about what the node computes, and torch_ir's files never have it.
constexpr char kRecordedFromAttr[] = "_original_op";

std::string weightRead(const Graph& graph, const ValueRef& ref) {
  return ref.kind == ValueKind::Weight ? graph.weights[static_cast<size_t>(ref.index)].name
                                       : std::string(kNone);
}

void compareTensorLists(const char* what, const std::vector<Tensor>& a,
                        const std::vector<Tensor>& b, std::vector<FieldDifference>& fields) {
  if (a.size() != b.size())
    fields.push_back({what, std::to_string(a.size()), std::to_string(b.size())});
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    const std::string prefix = std::string(what) + "[" + std::to_string(i) + "].";
    if (a[i].shape != b[i].shape)
      fields.push_back(
          {prefix + "shape", formatShapeList(a[i].shape), formatShapeList(b[i].shape)});
    if (a[i].dtype != b[i].dtype)
      fields.push_back({prefix + "dtype", a[i].dtype, b[i].dtype});
  }
}

std::vector<FieldDifference> nodeFields(const Graph& a, const Topology& ta, int32_t ia,
                                        const Graph& b, const Topology& tb, int32_t ib) {
  const Node& na = a.nodes[static_cast<size_t>(ia)];
  const Node& nb = b.nodes[static_cast<size_t>(ib)];
  std::vector<FieldDifference> fields;
  if (na.op_type != nb.op_type)
    fields.push_back({"op_type", na.op_type, nb.op_type});
  compareTensorLists("inputs", na.inputs, nb.inputs, fields);
  const auto& inputs_a = ta.node_inputs[static_cast<size_t>(ia)];
  const auto& inputs_b = tb.node_inputs[static_cast<size_t>(ib)];
  for (size_t i = 0; i < std::min(inputs_a.size(), inputs_b.size()); ++i) {
    if (inputs_a[i].kind != ValueKind::Weight && inputs_b[i].kind != ValueKind::Weight)
      continue;
    std::string read_a = weightRead(a, inputs_a[i]);
    std::string read_b = weightRead(b, inputs_b[i]);
    if (read_a != read_b)
      fields.push_back({"inputs[" + std::to_string(i) + "].weight", read_a, read_b});
  }
  compareTensorLists("outputs", na.outputs, nb.outputs, fields);
  std::set<std::string> keys;
  if (na.attrs.is_object())
    for (const auto& item : na.attrs.items())
      keys.insert(item.key());
  if (nb.attrs.is_object())
    for (const auto& item : nb.attrs.items())
      keys.insert(item.key());
  for (const std::string& key : keys) {
    if (key == kRecordedFromAttr)
      continue;
    const bool in_a = na.attrs.is_object() && na.attrs.contains(key);
    const bool in_b = nb.attrs.is_object() && nb.attrs.contains(key);
    if (in_a && in_b && na.attrs[key] == nb.attrs[key])
      continue;
    fields.push_back(
        {"attrs." + key, in_a ? na.attrs[key].dump() : kNone, in_b ? nb.attrs[key].dump() : kNone});
  }
  return fields;
}

std::vector<int32_t> executionOrder(const Graph& graph, const Topology& topology) {
  std::vector<int32_t> order = topology.topological_order;
  if (order.size() != graph.nodes.size()) {
    std::vector<bool> placed(graph.nodes.size(), false);
    for (int32_t node : order)
      placed[static_cast<size_t>(node)] = true;
    for (size_t node = 0; node < graph.nodes.size(); ++node)
      if (!placed[node])
        order.push_back(static_cast<int32_t>(node));
  }
  return order;
}

void count(ClassCounts& counts, ChangeClass change) {
  switch (change) {
  case ChangeClass::Same:
    ++counts.same;
    break;
  case ChangeClass::Changed:
    ++counts.changed;
    break;
  case ChangeClass::Added:
    ++counts.added;
    break;
  case ChangeClass::Removed:
    ++counts.removed;
    break;
  }
}

const TensorData* findValues(const NamedTensorValues* values,
                             std::unordered_map<std::string, const TensorData*>& index,
                             const std::string& name) {
  if (!values)
    return nullptr;
  if (index.empty())
    for (const auto& [key, data] : *values)
      index.emplace(key, &data);
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

void compareValues(const TensorData& a, const TensorData& b, WeightDifference& weight) {
  if (a.shape != b.shape)
    return;
  weight.values_compared = true;
  weight.bit_equal = a.dtype == b.dtype && a.bytes == b.bytes;
  try {
    weight.max_abs_diff = compareTensors(a, b, Tolerance{}).max_diff;
  } catch (const std::exception&) {
    weight.max_abs_diff = std::numeric_limits<double>::quiet_NaN();
  }
  if (!weight.bit_equal) {
    char text[64];
    std::snprintf(text, sizeof(text), "max |difference| %.3g", weight.max_abs_diff);
    weight.fields.push_back({"values", "", text});
  }
}

std::vector<WeightDifference> diffWeights(const Graph& a, const Graph& b,
                                          const DiffOptions& options) {
  // A tied weight can be listed twice under one name; each listing pairs with one of the other
  // side's, in order.
  std::unordered_map<std::string, std::vector<int32_t>> in_a;
  for (size_t i = a.weights.size(); i-- > 0;)
    in_a[a.weights[i].name].push_back(static_cast<int32_t>(i));
  std::unordered_map<std::string, const TensorData*> values_a, values_b;
  std::vector<bool> paired(a.weights.size(), false);
  std::vector<WeightDifference> weights;
  for (size_t i = 0; i < b.weights.size(); ++i) {
    const Weight& wb = b.weights[i];
    WeightDifference weight;
    weight.name = wb.name;
    weight.b = static_cast<int32_t>(i);
    auto it = in_a.find(wb.name);
    if (it == in_a.end() || it->second.empty()) {
      weight.change = ChangeClass::Added;
      weights.push_back(std::move(weight));
      continue;
    }
    weight.a = it->second.back();
    it->second.pop_back();
    paired[static_cast<size_t>(weight.a)] = true;
    const Weight& wa = a.weights[static_cast<size_t>(weight.a)];
    if (wa.shape != wb.shape)
      weight.fields.push_back({"shape", formatShapeList(wa.shape), formatShapeList(wb.shape)});
    if (wa.dtype != wb.dtype)
      weight.fields.push_back({"dtype", wa.dtype, wb.dtype});
    const TensorData* va = findValues(options.weights_a, values_a, wb.name);
    const TensorData* vb = findValues(options.weights_b, values_b, wb.name);
    if (va && vb)
      compareValues(*va, *vb, weight);
    weight.change = weight.fields.empty() ? ChangeClass::Same : ChangeClass::Changed;
    weights.push_back(std::move(weight));
  }
  for (size_t i = 0; i < a.weights.size(); ++i) {
    if (paired[i])
      continue;
    WeightDifference weight;
    weight.change = ChangeClass::Removed;
    weight.name = a.weights[i].name;
    weight.a = static_cast<int32_t>(i);
    weights.push_back(std::move(weight));
  }
  return weights;
}

} // namespace

const char* changeClassName(ChangeClass change) {
  switch (change) {
  case ChangeClass::Same:
    return "same";
  case ChangeClass::Changed:
    return "changed";
  case ChangeClass::Added:
    return "added";
  case ChangeClass::Removed:
    return "removed";
  }
  return "same";
}

GraphDiff diffGraphs(const Graph& a, const Graph& b, const DiffOptions& options) {
  const Topology ta = buildTopology(a);
  const Topology tb = buildTopology(b);
  const GraphMatching matching = matchGraphs(a, ta, b, tb);
  GraphDiff diff;
  diff.entry_of_a.assign(a.nodes.size(), -1);
  diff.entry_of_b.assign(b.nodes.size(), -1);

  // Removed nodes follow the pair that precedes them in A's execution order.
  std::unordered_map<int32_t, std::vector<int32_t>> removed_after; // A pair node -> removed
  std::vector<int32_t> removed_first;
  int32_t last_paired = -1;
  for (int32_t node : executionOrder(a, ta)) {
    if (matching.partner_in_b[static_cast<size_t>(node)] >= 0)
      last_paired = node;
    else if (last_paired < 0)
      removed_first.push_back(node);
    else
      removed_after[last_paired].push_back(node);
  }
  auto addRemoved = [&](int32_t node) {
    NodeDifference entry;
    entry.change = ChangeClass::Removed;
    entry.a = node;
    diff.entry_of_a[static_cast<size_t>(node)] = static_cast<int32_t>(diff.nodes.size());
    diff.nodes.push_back(std::move(entry));
  };
  for (int32_t node : removed_first)
    addRemoved(node);
  for (int32_t node : executionOrder(b, tb)) {
    NodeDifference entry;
    entry.b = node;
    entry.a = matching.partner_in_a[static_cast<size_t>(node)];
    if (entry.a < 0) {
      entry.change = ChangeClass::Added;
    } else {
      entry.matched_by = matching.evidence[static_cast<size_t>(entry.a)];
      entry.fields = nodeFields(a, ta, entry.a, b, tb, node);
      entry.change = entry.fields.empty() ? ChangeClass::Same : ChangeClass::Changed;
      diff.entry_of_a[static_cast<size_t>(entry.a)] = static_cast<int32_t>(diff.nodes.size());
    }
    diff.entry_of_b[static_cast<size_t>(node)] = static_cast<int32_t>(diff.nodes.size());
    const int32_t paired_a = entry.a;
    diff.nodes.push_back(std::move(entry));
    if (paired_a >= 0)
      if (auto it = removed_after.find(paired_a); it != removed_after.end())
        for (int32_t removed : it->second)
          addRemoved(removed);
  }
  for (const NodeDifference& entry : diff.nodes)
    count(diff.node_counts, entry.change);

  diff.weights = diffWeights(a, b, options);
  for (const WeightDifference& weight : diff.weights)
    count(diff.weight_counts, weight.change);
  return diff;
}

const std::string& moduleOf(const NodeDifference& entry, const Graph& a, const Graph& b) {
  if (entry.b >= 0 && !b.nodes[static_cast<size_t>(entry.b)].module_path.empty())
    return b.nodes[static_cast<size_t>(entry.b)].module_path;
  if (entry.a >= 0)
    return a.nodes[static_cast<size_t>(entry.a)].module_path;
  return b.nodes[static_cast<size_t>(entry.b)].module_path;
}

} // namespace irscope::ir
