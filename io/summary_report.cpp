#include "io/summary_report.h"

#include <cstdio>

namespace irscope::io {

namespace {
Json shapesJson(const std::vector<std::pair<std::string, ir::Shape>>& shapes) {
  Json object = Json::object();
  for (const auto& [name, shape] : shapes)
    object[name] = shape;
  return object;
}
} // namespace

std::string withThousandsSeparators(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3)
    digits.insert(static_cast<size_t>(pos), ",");
  return value < 0 ? "-" + digits : digits;
}

std::string humanBytes(int64_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double size = static_cast<double>(bytes);
  size_t unit = 0;
  while (size >= 1024.0 && unit + 1 < std::size(units)) {
    size /= 1024.0;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", size, units[unit]);
  return text;
}

Json summaryJson(const ir::ModelSummary& summary) {
  Json out = Json::object();
  out["model_name"] = summary.model_name;
  out["num_nodes"] = summary.num_nodes;
  out["num_inputs"] = summary.num_inputs;
  out["num_outputs"] = summary.num_outputs;
  out["num_weights"] = summary.num_weights;
  out["total_parameters"] = summary.total_parameters;
  out["input_shapes"] = shapesJson(summary.input_shapes);
  out["output_shapes"] = shapesJson(summary.output_shapes);
  Json ops = Json::object();
  for (const auto& [op, count] : summary.op_distribution)
    ops[op] = count;
  out["op_distribution"] = std::move(ops);
  out["unique_parameters"] = summary.unique_parameters;
  Json bytes = Json::object();
  for (const auto& [dtype, count] : summary.parameter_bytes_by_dtype)
    bytes[dtype] = count;
  out["parameter_bytes"] = std::move(bytes);
  out["total_parameter_bytes"] = summary.parameter_bytes;
  if (!summary.unknown_dtypes.empty())
    out["unknown_dtypes"] = summary.unknown_dtypes;
  return out;
}

std::string summaryText(const ir::ModelSummary& summary) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  line("Model: " + summary.model_name);
  line("Nodes: " + std::to_string(summary.num_nodes));
  line("Inputs: " + std::to_string(summary.num_inputs));
  line("Outputs: " + std::to_string(summary.num_outputs));
  line("Weights: " + std::to_string(summary.num_weights));
  std::string parameters = "Total parameters: " + withThousandsSeparators(summary.total_parameters);
  if (summary.unique_parameters != summary.total_parameters)
    parameters += " (" + withThousandsSeparators(summary.unique_parameters) +
                  " unique; tied weights are listed once per use)";
  line(parameters);
  line("Parameter bytes: " + withThousandsSeparators(summary.parameter_bytes) + " (" +
       humanBytes(summary.parameter_bytes) + ")");
  for (const auto& [dtype, bytes] : summary.parameter_bytes_by_dtype)
    line("  " + dtype + ": " + withThousandsSeparators(bytes));
  for (const std::string& dtype : summary.unknown_dtypes)
    line("  " + dtype + ": unknown element size, not counted");
  line("");
  line("Input shapes:");
  for (const auto& [name, shape] : summary.input_shapes)
    line("  " + name + ": " + ir::formatShapeList(shape));
  line("");
  line("Output shapes:");
  for (const auto& [name, shape] : summary.output_shapes)
    line("  " + name + ": " + ir::formatShapeList(shape));
  line("");
  line("Op distribution:");
  for (const auto& [op, count] : summary.op_distribution)
    line("  " + op + ": " + std::to_string(count));
  return out;
}

} // namespace irscope::io
