#include "io/dot_writer.h"

#include <set>
#include <vector>

namespace irscope::io {

namespace {

// A DOT double-quoted string holding `lines`, one per label line.
std::string quotedLabel(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0)
      out += "\\n";
    for (char c : lines[i]) {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

std::string quoted(const std::string& text) {
  return quotedLabel({text});
}

std::string valueId(const ir::ValueRef& value) {
  switch (value.kind) {
  case ir::ValueKind::NodeOutput:
    return "\"n" + std::to_string(value.index) + "\"";
  case ir::ValueKind::GraphInput:
    return "\"in" + std::to_string(value.index) + "\"";
  case ir::ValueKind::Weight:
    return "\"w" + std::to_string(value.index) + "\"";
  case ir::ValueKind::Constant:
    return "\"c" + std::to_string(value.index) + "\"";
  case ir::ValueKind::Unresolved:
    break;
  }
  return {};
}

bool isSideInput(const ir::ValueRef& value) {
  return value.kind == ir::ValueKind::Weight || value.kind == ir::ValueKind::Constant;
}

} // namespace

std::string writeDot(const ir::Graph& graph, const ir::Topology& topology,
                     const DiagramOptions& options) {
  const size_t shown =
      options.max_nodes == 0 ? graph.nodes.size() : std::min(options.max_nodes, graph.nodes.size());
  std::string out;
  out += "digraph " + quoted(graph.model_name.empty() ? "model" : graph.model_name) + " {\n";
  out += "  graph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.35];\n";
  out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8eef7\", color=\"#5b6b82\", "
         "fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [color=\"#5b6b82\", fontname=\"Helvetica\", fontsize=8, fontcolor=\"#44505f\"];\n";

  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const ir::Tensor& input = graph.inputs[i];
    out += "  " + valueId(ir::ValueRef::of(ir::ValueKind::GraphInput, static_cast<int32_t>(i))) +
           " [shape=ellipse, fillcolor=\"#d9f2d9\", label=" +
           quotedLabel({input.name, ir::formatShapeCompact(input.shape) + " " + input.dtype}) +
           "];\n";
  }

  std::set<std::pair<ir::ValueKind, int32_t>> declared_side_inputs;
  std::string edges;
  for (size_t n = 0; n < shown; ++n) {
    const ir::Node& node = graph.nodes[n];
    const std::string id = valueId(ir::ValueRef::nodeOutput(static_cast<int32_t>(n), 0));
    const std::string shape =
        node.outputs.empty() ? "" : ir::formatShapeCompact(node.outputs.front().shape);
    out += "  " + id + " [label=" + quotedLabel({ir::shortOpName(node.op_type), shape}) +
           ", tooltip=" + quoted(node.name) + "];\n";
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const ir::ValueRef& source = topology.node_inputs[n][i];
      if (!source.resolved())
        continue;
      const std::string label = quoted(ir::formatShapeCompact(node.inputs[i].shape));
      if (isSideInput(source)) {
        if (!options.show_weights)
          continue;
        if (declared_side_inputs.emplace(source.kind, source.index).second) {
          const bool weight = source.kind == ir::ValueKind::Weight;
          const std::string& name =
              weight ? graph.weights[source.index].name : graph.constants[source.index].name;
          out += "  " + valueId(source) + " [shape=note, fillcolor=\"#f7f1dc\", fontsize=8, " +
                 "label=" + quotedLabel({name, ir::formatShapeCompact(node.inputs[i].shape)}) +
                 "];\n";
        }
        edges += "  " + valueId(source) + " -> " + id + " [style=dashed, label=" + label + "];\n";
      } else if (source.kind == ir::ValueKind::GraphInput ||
                 static_cast<size_t>(source.index) < shown) {
        edges += "  " + valueId(ir::ValueRef{source.kind, source.index, 0}) + " -> " + id +
                 " [label=" + label + "];\n";
      }
    }
  }

  for (size_t o = 0; o < graph.outputs.size(); ++o) {
    const ir::Tensor& output = graph.outputs[o];
    const std::string id = "\"out" + std::to_string(o) + "\"";
    out += "  " + id + " [shape=ellipse, fillcolor=\"#f7dede\", label=" +
           quotedLabel({"output " + output.name,
                        ir::formatShapeCompact(output.shape) + " " + output.dtype}) +
           "];\n";
    const ir::ValueRef& source = topology.graph_outputs[o];
    if (source.kind == ir::ValueKind::GraphInput ||
        (source.kind == ir::ValueKind::NodeOutput && static_cast<size_t>(source.index) < shown))
      edges += "  " + valueId(ir::ValueRef{source.kind, source.index, 0}) + " -> " + id + ";\n";
  }
  if (shown < graph.nodes.size())
    out += "  \"more\" [shape=plaintext, style=\"\", label=" +
           quoted("... " + std::to_string(graph.nodes.size() - shown) + " more nodes ...") + "];\n";
  return out + edges + "}\n";
}

} // namespace irscope::io
