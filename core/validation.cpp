#include "core/validation.h"

#include "core/constant_shape.h"
#include "core/dtype.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace irscope::ir {

namespace {

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

std::string typeText(const Shape& shape, const std::string& dtype) {
  return formatShapeList(shape) + " " + dtype;
}

std::string describeSource(const Graph& graph, const ValueRef& source) {
  switch (source.kind) {
  case ValueKind::NodeOutput:
    return "node " + quoted(graph.nodes[source.index].name) + " output " +
           std::to_string(source.output);
  case ValueKind::GraphInput:
    return "graph input " + quoted(graph.inputs[source.index].name);
  case ValueKind::Weight:
    return "weight " + quoted(graph.weights[source.index].name);
  case ValueKind::Constant:
    return "constant " + quoted(graph.constants[source.index].name);
  case ValueKind::Unresolved:
    break;
  }
  return "an unresolved value";
}

class Validator {
public:
  Validator(const Graph& graph, const Topology& topo) : graph_(graph), topo_(topo) {}

  std::vector<Problem> run() {
    used_placeholders_.reserve(graph_.weight_name_mapping.size());
    checkGraphInputNames();
    checkTensorNamesUnique();
    for (size_t n = 0; n < graph_.nodes.size(); ++n)
      checkNode(n);
    checkGraphOutputs();
    checkWeights();
    checkMapping();
    checkConstants();
    checkCycles();
    return std::move(problems_);
  }

private:
  void add(Problem::Kind kind, std::string node, std::string message) {
    problems_.push_back({kind, std::move(node), std::move(message)});
  }

  void checkGraphInputNames() {
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < graph_.inputs.size(); ++i) {
      const std::string& name = graph_.inputs[i].name;
      if (name.empty())
        add(Problem::Kind::Naming, "", "graph_inputs[" + std::to_string(i) + "] has an empty name");
      else if (!seen.insert(name).second)
        add(Problem::Kind::Naming, "", "graph input name " + quoted(name) + " is used twice");
      else if (topo_.node_by_name.count(name))
        add(Problem::Kind::Naming, "",
            "graph input " + quoted(name) + " has the same name as a node, so producer_node " +
                quoted(name) + " is ambiguous");
    }
  }

  // Graph outputs are matched to node outputs by tensor name, so a name must mean one tensor.
  void checkTensorNamesUnique() {
    // Where each tensor name was first defined: a graph input (node == -1) or a node output.
    struct Definition {
      int32_t node;
      size_t index;
    };
    std::unordered_map<std::string_view, Definition> first_definition;
    first_definition.reserve(graph_.inputs.size() + graph_.nodes.size());
    for (size_t i = 0; i < graph_.inputs.size(); ++i)
      first_definition.emplace(graph_.inputs[i].name, Definition{-1, i});
    for (size_t n = 0; n < graph_.nodes.size(); ++n) {
      const Node& node = graph_.nodes[n];
      if (node.name.empty())
        add(Problem::Kind::Naming, "", "nodes[" + std::to_string(n) + "] has an empty name");
      if (node.op_type.empty())
        add(Problem::Kind::Naming, node.name, "op_type is empty");
      if (const int32_t first = topo_.node_by_name.at(node.name);
          first != static_cast<int32_t>(n) && !node.name.empty())
        add(Problem::Kind::Naming, node.name,
            "node name is used twice (nodes[" + std::to_string(first) + "] and nodes[" +
                std::to_string(n) + "])");
      for (size_t o = 0; o < node.outputs.size(); ++o) {
        auto [it, inserted] =
            first_definition.emplace(node.outputs[o].name, Definition{static_cast<int32_t>(n), o});
        if (inserted)
          continue;
        const Definition& first = it->second;
        const std::string first_text =
            first.node < 0 ? "graph input " + quoted(graph_.inputs[first.index].name)
                           : "node " + quoted(graph_.nodes[first.node].name) + " output " +
                                 std::to_string(first.index);
        add(Problem::Kind::Naming, node.name,
            "output " + std::to_string(o) + " is named " + quoted(node.outputs[o].name) +
                ", which already names " + first_text);
      }
    }
  }

  void checkNode(size_t n) {
    const Node& node = graph_.nodes[n];
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const Tensor& input = node.inputs[i];
      const ValueRef& source = topo_.node_inputs[n][i];
      if (!input.hasProducer())
        used_placeholders_.insert(input.name);
      if (!source.resolved()) {
        add(Problem::Kind::Reference, node.name, inputText(i, input) + ": " + whyUnresolved(input));
        continue;
      }
      if (!hasDeclaredType(source, input))
        add(Problem::Kind::Consistency, node.name,
            typeMismatch(inputText(i, input), input, source));
    }
    if (node.isGetItem())
      checkGetItem(node);
  }

  std::string whyUnresolved(const Tensor& input) const {
    if (input.hasProducer()) {
      const std::string& producer = *input.producer_node;
      const int64_t index = input.producer_output_idx.value_or(0);
      if (auto it = topo_.node_by_name.find(producer); it != topo_.node_by_name.end()) {
        const size_t outputs = graph_.nodes[it->second].outputs.size();
        return "producer_output_idx " + std::to_string(index) + " is out of range: node " +
               quoted(producer) + " has " + std::to_string(outputs) + " output" +
               (outputs == 1 ? "" : "s");
      }
      if (topo_.input_by_name.count(producer))
        return "producer_output_idx " + std::to_string(index) + " is out of range: graph input " +
               quoted(producer) + " has only output 0";
      return "producer " + quoted(producer) + " is neither a node nor a graph input";
    }
    if (auto it = topo_.state_dict_key_by_placeholder.find(input.name);
        it != topo_.state_dict_key_by_placeholder.end())
      return "weight_name_mapping maps it to " + quoted(it->second) +
             ", which is neither in weights nor in constants";
    return "names no producer and is not a weight placeholder, weight or constant";
  }

  static std::string inputText(size_t index, const Tensor& input) {
    return "input " + std::to_string(index) + " " + quoted(input.name);
  }

  // Whether `recorded` agrees with the shape and dtype its source was declared with.
  bool hasDeclaredType(const ValueRef& source, const Tensor& recorded) const {
    const ValueType declared = declaredType(graph_, source);
    return (!declared.shape || *declared.shape == recorded.shape) &&
           (!declared.dtype || *declared.dtype == recorded.dtype ||
            canonicalDtype(*declared.dtype) == canonicalDtype(recorded.dtype));
  }

  std::string typeMismatch(const std::string& where, const Tensor& recorded,
                           const ValueRef& source) const {
    const ValueType declared = declaredType(graph_, source);
    return where + " is recorded as " + typeText(recorded.shape, recorded.dtype) + " but " +
           describeSource(graph_, source) + " is " +
           typeText(declared.shape ? *declared.shape : recorded.shape,
                    declared.dtype ? *declared.dtype : recorded.dtype);
  }

  void checkGetItem(const Node& node) {
    const Json* index =
        node.attrs.is_object() && node.attrs.contains("index") ? &node.attrs["index"] : nullptr;
    if (!index || !index->is_number_integer()) {
      add(Problem::Kind::Consistency, node.name, "getitem needs an integer attrs.index");
      return;
    }
    const int64_t k = index->get<int64_t>();
    if (k < 0 || k >= static_cast<int64_t>(node.inputs.size())) {
      add(Problem::Kind::Consistency, node.name,
          "getitem index " + std::to_string(k) + " is out of range for its " +
              std::to_string(node.inputs.size()) + " inputs");
      return;
    }
    if (node.outputs.size() == 1 && node.outputs[0].shape != node.inputs[k].shape)
      add(Problem::Kind::Consistency, node.name,
          "getitem output is " + formatShapeList(node.outputs[0].shape) + " but input " +
              std::to_string(k) + " is " + formatShapeList(node.inputs[k].shape));
  }

  void checkGraphOutputs() {
    for (size_t o = 0; o < graph_.outputs.size(); ++o) {
      const Tensor& output = graph_.outputs[o];
      const std::string where = "graph output " + std::to_string(o) + " " + quoted(output.name);
      const ValueRef& source = topo_.graph_outputs[o];
      if (!source.resolved())
        add(Problem::Kind::Reference, "",
            where + " is not produced by any node and is not a graph input");
      else if (!hasDeclaredType(source, output))
        add(Problem::Kind::Consistency, "", typeMismatch(where, output, source));
    }
  }

  // A tied weight may appear twice in `weights` (torch_ir writes it once per placeholder);
  // that is only a problem when the two entries disagree.
  void checkWeights() {
    for (size_t w = 0; w < graph_.weights.size(); ++w) {
      const Weight& weight = graph_.weights[w];
      const Weight& first = graph_.weights[topo_.weight_by_name.at(weight.name)];
      if (&first != &weight && (first.shape != weight.shape || first.dtype != weight.dtype))
        add(Problem::Kind::Naming, "",
            "weights lists " + quoted(weight.name) + " twice, as " +
                typeText(first.shape, first.dtype) + " and as " +
                typeText(weight.shape, weight.dtype));
    }
  }

  void checkMapping() {
    std::unordered_set<std::string_view> seen;
    seen.reserve(graph_.weight_name_mapping.size());
    for (const auto& [placeholder, key] : graph_.weight_name_mapping) {
      if (!seen.insert(placeholder).second)
        add(Problem::Kind::Naming, "",
            "weight_name_mapping lists placeholder " + quoted(placeholder) + " twice");
      else if (!topo_.weight_by_name.count(key) && !topo_.constant_by_name.count(key) &&
               !used_placeholders_.count(std::string_view(placeholder)))
        add(Problem::Kind::Reference, "",
            "weight_name_mapping maps " + quoted(placeholder) + " to " + quoted(key) +
                ", which is neither in weights nor in constants");
    }
  }

  void checkConstants() {
    for (const Constant& constant : graph_.constants) {
      if (!constantShape(constant.data))
        add(Problem::Kind::Consistency, "",
            "constant " + quoted(constant.name) +
                " data is not a rectangular nested list of numbers");
    }
  }

  void checkCycles() {
    if (!topo_.has_cycle)
      return;
    std::vector<std::string> cycle = findCycle();
    std::string path;
    for (const std::string& name : cycle)
      path += (path.empty() ? "" : " -> ") + quoted(name);
    add(Problem::Kind::Cycle, cycle.empty() ? "" : cycle.front(), "nodes form a cycle: " + path);
  }

  // Walks producer links backwards from a node that never became ready; every such node has an
  // unready producer, so the walk must revisit a node, and the revisited stretch is a cycle.
  std::vector<std::string> findCycle() const {
    const size_t count = graph_.nodes.size();
    std::vector<bool> ordered(count, false);
    for (int32_t n : topo_.topological_order)
      ordered[n] = true;
    auto start = std::find(ordered.begin(), ordered.end(), false);
    if (start == ordered.end())
      return {};
    std::vector<int32_t> walk;
    std::vector<int32_t> position(count, -1);
    int32_t current = static_cast<int32_t>(start - ordered.begin());
    while (position[current] < 0) {
      position[current] = static_cast<int32_t>(walk.size());
      walk.push_back(current);
      for (const ValueRef& source : topo_.node_inputs[current]) {
        if (source.kind == ValueKind::NodeOutput && !ordered[source.index]) {
          current = source.index;
          break;
        }
      }
    }
    // walk[position[current]..] is the cycle, followed backwards. Print it in dataflow order,
    // starting from the node that comes first in the file.
    std::vector<int32_t> loop(walk.rbegin(), walk.rend() - position[current]);
    std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()), loop.end());
    std::vector<std::string> cycle;
    for (int32_t node : loop)
      cycle.push_back(graph_.nodes[node].name);
    cycle.push_back(cycle.front());
    return cycle;
  }

  const Graph& graph_;
  const Topology& topo_;
  std::unordered_set<std::string_view> used_placeholders_;
  std::vector<Problem> problems_;
};

} // namespace

std::vector<Problem> validate(const Graph& graph, const Topology& topology) {
  return Validator(graph, topology).run();
}

bool breaksStructure(const Problem& problem) {
  return problem.kind != Problem::Kind::Consistency;
}

std::string describe(const Problem& problem) {
  if (problem.node.empty())
    return problem.message;
  return "node " + quoted(problem.node) + ": " + problem.message;
}

} // namespace irscope::ir
