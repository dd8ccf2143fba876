#include "core/graph_diff_report.h"

#include "core/json_number.h"

#include <cstdio>
#include <unordered_map>

namespace irscope::ir {
namespace {

Json sideJson(const std::string& file, const Graph& graph) {
  return {{"file", file},
          {"model_name", graph.model_name},
          {"nodes", graph.nodes.size()},
          {"weights", graph.weights.size()}};
}

Json countsJson(const ClassCounts& counts) {
  return {{"same", counts.same},
          {"changed", counts.changed},
          {"added", counts.added},
          {"removed", counts.removed}};
}

Json nodeJson(const Graph& graph, int32_t index) {
  if (index < 0)
    return nullptr;
  const Node& node = graph.nodes[static_cast<size_t>(index)];
  return {{"index", index},
          {"name", node.name},
          {"op_type", node.op_type},
          {"module_path", node.module_path}};
}

Json fieldsJson(const std::vector<FieldDifference>& fields) {
  Json json = Json::array();
  for (const FieldDifference& field : fields)
    json.push_back({{"field", field.field}, {"a", field.a}, {"b", field.b}});
  return json;
}

Json weightSideJson(const Graph& graph, int32_t index) {
  if (index < 0)
    return nullptr;
  const Weight& weight = graph.weights[static_cast<size_t>(index)];
  return {{"shape", weight.shape}, {"dtype", weight.dtype}};
}

std::string scientific(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2e", value);
  return text;
}

std::string describe(const Graph& graph, int32_t index) {
  const Node& node = graph.nodes[static_cast<size_t>(index)];
  return node.name + " (" + node.op_type + ")";
}

std::string countsText(const ClassCounts& counts) {
  return std::to_string(counts.same) + " same, " + std::to_string(counts.changed) + " changed, " +
         std::to_string(counts.added) + " added, " + std::to_string(counts.removed) + " removed";
}

std::string sideText(const char* label, const std::string& file, const Graph& graph) {
  return std::string(label) + ": " + file + " (" + std::to_string(graph.nodes.size()) + " nodes, " +
         std::to_string(graph.weights.size()) + " weights)\n";
}

} // namespace

Json toJson(const GraphDiff& diff, const DiffSides& sides) {
  Json json = Json::object();
  json["a"] = sideJson(sides.file_a, sides.a);
  json["b"] = sideJson(sides.file_b, sides.b);
  json["changed"] = diff.hasChanges();
  json["node_counts"] = countsJson(diff.node_counts);
  json["weight_counts"] = countsJson(diff.weight_counts);
  std::vector<Json> outputs(diff.nodes.size(), Json::array());
  for (const OutputDifference& difference : diff.outputs)
    outputs[difference.entry].push_back({{"output", difference.output},
                                         {"max_diff", jsonNumber(difference.comparison.max_diff)},
                                         {"mean_diff", jsonNumber(difference.comparison.mean_diff)},
                                         {"is_close", difference.comparison.is_close},
                                         {"pcc", jsonNumber(difference.comparison.pcc)},
                                         {"passed", difference.passed},
                                         {"problem", difference.problem}});
  Json nodes = Json::array();
  for (size_t i = 0; i < diff.nodes.size(); ++i) {
    const NodeDifference& entry = diff.nodes[i];
    Json node = {{"class", changeClassName(entry.change)},
                 {"a", nodeJson(sides.a, entry.a)},
                 {"b", nodeJson(sides.b, entry.b)},
                 {"differences", fieldsJson(entry.fields)}};
    node["matched_by"] =
        entry.a >= 0 && entry.b >= 0 ? Json(matchEvidenceName(entry.matched_by)) : Json(nullptr);
    if (diff.ran)
      node["outputs"] = std::move(outputs[i]);
    nodes.push_back(std::move(node));
  }
  json["nodes"] = std::move(nodes);
  Json weights = Json::array();
  for (const WeightDifference& weight : diff.weights) {
    Json entry = {{"class", changeClassName(weight.change)},
                  {"name", weight.name},
                  {"a", weightSideJson(sides.a, weight.a)},
                  {"b", weightSideJson(sides.b, weight.b)},
                  {"differences", fieldsJson(weight.fields)}};
    entry["values"] = weight.values_compared
                          ? Json{{"bit_equal", weight.bit_equal},
                                 {"max_abs_diff", jsonNumber(weight.max_abs_diff)}}
                          : Json(nullptr);
    weights.push_back(std::move(entry));
  }
  json["weights"] = std::move(weights);
  if (!diff.ran) {
    json["run"] = nullptr;
    return json;
  }
  Json run = {{"rtol", diff.rule.tolerance.rtol},
              {"atol", diff.rule.tolerance.atol},
              {"pcc", diff.rule.pcc ? jsonNumber(*diff.rule.pcc) : Json(nullptr)},
              {"pairs_compared", diff.outputs.size()}};
  if (diff.first_divergence) {
    const OutputDifference& first = diff.outputs[*diff.first_divergence];
    const NodeDifference& entry = diff.nodes[first.entry];
    const Node& node_b = sides.b.nodes[static_cast<size_t>(entry.b)];
    run["first_divergence"] = {{"a", sides.a.nodes[static_cast<size_t>(entry.a)].name},
                               {"b", node_b.name},
                               {"op_type", node_b.op_type},
                               {"module_path", moduleOf(entry, sides.a, sides.b)},
                               {"output", first.output},
                               {"max_diff", jsonNumber(first.comparison.max_diff)},
                               {"mean_diff", jsonNumber(first.comparison.mean_diff)},
                               {"pcc", jsonNumber(first.comparison.pcc)},
                               {"problem", first.problem}};
  } else {
    run["first_divergence"] = nullptr;
  }
  json["run"] = std::move(run);
  return json;
}

std::string toText(const GraphDiff& diff, const DiffSides& sides) {
  std::string text = sideText("A", sides.file_a, sides.a) + sideText("B", sides.file_b, sides.b);
  text += "Nodes:   " + countsText(diff.node_counts) + "\n";
  text += "Weights: " + countsText(diff.weight_counts) + "\n";

  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  std::unordered_map<std::string, size_t> group_of;
  for (size_t i = 0; i < diff.nodes.size(); ++i) {
    if (diff.nodes[i].change == ChangeClass::Same)
      continue;
    const std::string& module = moduleOf(diff.nodes[i], sides.a, sides.b);
    auto [it, inserted] = group_of.emplace(module, groups.size());
    if (inserted)
      groups.push_back({module, {}});
    groups[it->second].second.push_back(i);
  }
  if (!groups.empty())
    text += "\nChanges by module, in execution order:\n";
  for (const auto& [module, entries] : groups) {
    text += (module.empty() ? std::string("(no module)") : module) + "\n";
    for (size_t i : entries) {
      const NodeDifference& entry = diff.nodes[i];
      const std::string name = changeClassName(entry.change);
      text += "  " + name + std::string(9 - name.size(), ' ');
      text += entry.a >= 0 ? describe(sides.a, entry.a) : std::string("-");
      text += "  ->  ";
      text += entry.b >= 0 ? describe(sides.b, entry.b) : std::string("-");
      text += "\n";
      for (const FieldDifference& field : entry.fields)
        text += "           " + field.field + ": " + field.a + " -> " + field.b + "\n";
    }
  }
  bool weights_header = false;
  for (const WeightDifference& weight : diff.weights) {
    if (weight.change == ChangeClass::Same)
      continue;
    if (!weights_header)
      text += "\nWeights that differ:\n";
    weights_header = true;
    const std::string name = changeClassName(weight.change);
    text += "  " + name + std::string(9 - name.size(), ' ') + weight.name;
    if (weight.change == ChangeClass::Added || weight.change == ChangeClass::Removed) {
      const Weight& side = weight.a >= 0 ? sides.a.weights[static_cast<size_t>(weight.a)]
                                         : sides.b.weights[static_cast<size_t>(weight.b)];
      text += " " + formatShapeList(side.shape) + " " + side.dtype;
    }
    text += "\n";
    for (const FieldDifference& field : weight.fields)
      text += "           " + field.field + ": " +
              (field.a.empty() ? field.b : field.a + " -> " + field.b) + "\n";
  }
  if (diff.ran) {
    text += "\nRun on the same inputs: " + std::to_string(diff.outputs.size()) +
            " paired outputs compared (" + ruleText(diff.rule) + ")\n";
    if (diff.first_divergence) {
      const OutputDifference& first = diff.outputs[*diff.first_divergence];
      const NodeDifference& entry = diff.nodes[first.entry];
      const std::string& module = moduleOf(entry, sides.a, sides.b);
      text += "  First divergence: " + describe(sides.a, entry.a) + "  ->  " +
              describe(sides.b, entry.b) + (module.empty() ? "" : " in " + module) + ", output " +
              std::to_string(first.output) + ", max difference " +
              scientific(first.comparison.max_diff) + " (" + first.problem + ")\n";
    } else {
      text += "  Every paired output passes\n";
    }
  }
  if (!diff.hasChanges())
    text += "\nNo changes.\n";
  return text;
}

} // namespace irscope::ir
