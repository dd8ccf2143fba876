#include "core/verification.h"

#include "core/json_number.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace irscope::ir {
namespace {

// Python's "{:.2e}".
std::string scientific(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof(text), "%.2e", value);
  return text;
}

double largest(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? std::nan("") : std::max(a, b);
}

} // namespace

void compareOutputs(const std::vector<TensorData>& reference, const std::vector<TensorData>& ir,
                    const Tolerance& tolerance, VerificationReport& report) {
  report.num_outputs = ir.size();
  if (reference.size() != ir.size()) {
    report.is_valid = false;
    report.error_message = "Output count mismatch: original=" + std::to_string(reference.size()) +
                           ", ir=" + std::to_string(ir.size());
    return;
  }
  bool all_close = true;
  for (size_t i = 0; i < ir.size(); ++i) {
    const TensorComparison comparison = compareTensors(reference[i], ir[i], tolerance);
    report.output_details.push_back({i, reference[i].shape, comparison.is_close,
                                     comparison.max_diff, comparison.mean_diff, comparison});
    report.max_diff = i == 0 ? comparison.max_diff : largest(report.max_diff, comparison.max_diff);
    report.mean_diff =
        i == 0 ? comparison.mean_diff : largest(report.mean_diff, comparison.mean_diff);
    all_close = all_close && comparison.is_close;
  }
  report.is_valid = all_close;
  if (!all_close)
    report.error_message = "Output tensors do not match within tolerance";
}

IntermediateChecker::IntermediateChecker(std::vector<std::pair<std::string, TensorData>> reference,
                                         const Tolerance& tolerance)
    : reference_(std::move(reference)), tolerance_(tolerance) {
  for (const auto& [name, values] : reference_)
    by_name_.emplace(name, &values);
}

bool IntermediateChecker::check(size_t node, size_t output, const std::string& name,
                                const TensorData& values, VerificationReport& report) const {
  const auto found = by_name_.find(name);
  if (found == by_name_.end() || found->second->shape != values.shape)
    return false;
  IntermediateError error{node, output, compareTensors(*found->second, values, tolerance_)};
  if (!error.comparison.is_close && !report.first_divergence)
    report.first_divergence = error;
  report.intermediates.push_back(error);
  return true;
}

Json toJson(const VerificationReport& report, const Graph& graph) {
  Json json = Json::object();
  json["is_valid"] = report.is_valid;
  json["max_diff"] = jsonNumber(report.max_diff);
  json["mean_diff"] = jsonNumber(report.mean_diff);
  json["num_outputs"] = report.num_outputs;
  Json details = Json::array();
  for (const OutputDetail& detail : report.output_details)
    details.push_back({{"index", detail.index},
                       {"shape", detail.shape},
                       {"is_close", detail.is_close},
                       {"max_diff", jsonNumber(detail.max_diff)},
                       {"mean_diff", jsonNumber(detail.mean_diff)}});
  json["output_details"] = details;
  json["error_message"] = report.error_message ? Json(*report.error_message) : Json(nullptr);
  json["intermediates_compared"] = report.intermediates.size();
  if (report.first_divergence) {
    const IntermediateError& divergence = *report.first_divergence;
    const Node& node = graph.nodes.at(divergence.node);
    json["first_divergence"] = {{"node", node.name},
                                {"op_type", node.op_type},
                                {"module_path", node.module_path},
                                {"tensor", node.outputs.at(divergence.output).name},
                                {"max_diff", jsonNumber(divergence.comparison.max_diff)},
                                {"mean_diff", jsonNumber(divergence.comparison.mean_diff)}};
  } else {
    json["first_divergence"] = nullptr;
  }
  return json;
}

std::string toText(const VerificationReport& report, const Graph& graph) {
  std::string text;
  if (report.is_valid)
    text = "Verification PASSED\n  Outputs compared: " + std::to_string(report.num_outputs) + "\n";
  else
    text = "Verification FAILED\n  Error: " + report.error_message.value_or("") + "\n";
  text += "  Max difference: " + scientific(report.max_diff) + "\n";
  text += "  Mean difference: " + scientific(report.mean_diff) + "\n";
  for (const OutputDetail& detail : report.output_details)
    text += "  Output " + std::to_string(detail.index) + " " + formatShapeList(detail.shape) +
            ": " + (detail.is_close ? "close" : "NOT close") + ", max difference " +
            scientific(detail.max_diff) + ", mean " + scientific(detail.mean_diff) + "\n";
  if (!report.intermediates.empty()) {
    text += "  Intermediates compared: " + std::to_string(report.intermediates.size()) + "\n";
    if (report.first_divergence) {
      const IntermediateError& divergence = *report.first_divergence;
      const Node& node = graph.nodes.at(divergence.node);
      text += "  First divergence: " + node.name + " (" + node.op_type +
              (node.module_path.empty() ? "" : " in " + node.module_path) + "), max difference " +
              scientific(divergence.comparison.max_diff) + "\n";
    } else {
      text += "  Every intermediate is within tolerance\n";
    }
  }
  return text;
}

} // namespace irscope::ir
