#include "io/mermaid_writer.h"

#include "core/string_join.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace irscope::io {

namespace {

// Mermaid ids take letters, digits and underscores.
std::string idPart(const std::string& name) {
  std::string id = name;
  for (char& c : id) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!plain)
      c = '_';
  }
  return id;
}

// Inside a quoted Mermaid label a double quote must be an entity.
std::string labelText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"')
      out += "#quot;";
    else
      out += c;
  }
  return out;
}

std::string outputShape(const ir::Node& node) {
  return node.outputs.empty() ? "" : ir::formatShapeCompact(node.outputs.front().shape);
}

} // namespace

std::string writeMermaid(const ir::Graph& graph, const ir::Topology& topology,
                         const DiagramOptions& options) {
  std::vector<std::string> lines;
  lines.push_back("flowchart TD");
  for (const ir::Tensor& input : graph.inputs)
    lines.push_back("    input_" + idPart(input.name) + "[/\"Input: " + labelText(input.name) +
                    "<br/>" + ir::formatShapeCompact(input.shape) + "\"/]");

  const size_t shown =
      options.max_nodes == 0 ? graph.nodes.size() : std::min(options.max_nodes, graph.nodes.size());
  for (size_t n = 0; n < shown; ++n) {
    const ir::Node& node = graph.nodes[n];
    const std::string id = "op_" + idPart(node.name);
    lines.push_back("    " + id + "[\"" + labelText(ir::shortOpName(node.op_type)) + "<br/>" +
                    outputShape(node) + "\"]");
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const ir::Tensor& input = node.inputs[i];
      const std::string shape = ir::formatShapeCompact(input.shape);
      if (input.hasProducer()) {
        const bool from_graph_input = topology.node_inputs[n][i].kind == ir::ValueKind::GraphInput;
        const std::string source =
            (from_graph_input ? "input_" : "op_") + idPart(*input.producer_node);
        lines.push_back("    " + source + " -->|\"" + shape + "\"| " + id);
      } else if (options.show_weights) {
        const std::string weight = "w_" + idPart(input.name);
        lines.push_back("    " + weight + "[/\"" + labelText(input.name) + "<br/>" + shape +
                        "\"/]");
        lines.push_back("    " + weight + " -.->|\"" + shape + "\"| " + id);
      }
    }
  }

  for (size_t o = 0; o < graph.outputs.size(); ++o) {
    const std::string id = "output_" + std::to_string(o);
    lines.push_back("    " + id + "[\\\"Output<br/>" +
                    ir::formatShapeCompact(graph.outputs[o].shape) + "\"/]");
    const ir::ValueRef& source = topology.graph_outputs[o];
    if (source.kind == ir::ValueKind::NodeOutput && static_cast<size_t>(source.index) < shown)
      lines.push_back("    op_" + idPart(graph.nodes[source.index].name) + " --> " + id);
    else if (source.kind == ir::ValueKind::GraphInput)
      lines.push_back("    input_" + idPart(graph.inputs[source.index].name) + " --> " + id);
  }
  if (shown < graph.nodes.size())
    lines.push_back("    note[\"... " + std::to_string(graph.nodes.size() - shown) +
                    " more nodes ...\"]");

  return ir::joinStrings(lines, "\n");
}

std::string writeOpDistributionPie(const ir::Graph& graph, size_t top_n) {
  // Counted by short name, in order of first use: Python's sort is stable, so that order
  // breaks ties between equal counts.
  std::vector<std::pair<std::string, size_t>> counts;
  std::unordered_map<std::string, size_t> index;
  for (const ir::Node& node : graph.nodes) {
    std::string op = ir::shortOpName(node.op_type);
    const auto [found, added] = index.emplace(op, counts.size());
    if (added)
      counts.emplace_back(std::move(op), 0);
    ++counts[found->second].second;
  }
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });

  std::vector<std::string> lines{"pie showData", "    title \"Operator Distribution\""};
  size_t others = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i < top_n)
      lines.push_back("    \"" + labelText(counts[i].first) +
                      "\" : " + std::to_string(counts[i].second));
    else
      others += counts[i].second;
  }
  if (counts.size() > top_n)
    lines.push_back("    \"Others\" : " + std::to_string(others));
  return ir::joinStrings(lines, "\n");
}

} // namespace irscope::io
