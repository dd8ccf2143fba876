#include "io/model_report.h"

#include "core/string_join.h"
#include "core/topology.h"
#include "io/mermaid_writer.h"
#include "io/summary_report.h"

#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace irscope::io {

namespace {

// Python's f"{value:.{digits}e}" and f"{value:.{digits}f}": printf agrees with them, "inf" and
// "nan" included.
std::string formatted(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string statusWord(ModelStatus status) {
  switch (status) {
  case ModelStatus::Passed:
    return "✅ PASSED";
  case ModelStatus::NotVerified:
    return "⚠️ NOT VERIFIED";
  case ModelStatus::Failed:
    break;
  }
  return "❌ FAILED";
}

std::string statusMark(ModelStatus status) {
  switch (status) {
  case ModelStatus::Passed:
    return "✅";
  case ModelStatus::NotVerified:
    return "⚠️";
  case ModelStatus::Failed:
    break;
  }
  return "❌";
}

// ", ".join(str(list(shape)) for shape in shapes)
std::string shapeLists(const std::vector<ir::Shape>& shapes) {
  std::string text;
  for (size_t i = 0; i < shapes.size(); ++i)
    text += (i > 0 ? ", " : "") + ir::formatShapeList(shapes[i]);
  return text;
}

} // namespace

IrStatistics irStatistics(const ir::Graph& graph) {
  IrStatistics stats;
  stats.num_nodes = graph.nodes.size();
  stats.num_inputs = graph.inputs.size();
  stats.num_outputs = graph.outputs.size();
  stats.num_weights = graph.weights.size();

  std::unordered_set<std::string> weight_names;
  for (const ir::Weight& weight : graph.weights)
    weight_names.insert(weight.name);
  std::unordered_map<std::string, size_t> op_index;
  for (const ir::Node& node : graph.nodes) {
    // By name only, as statistics.py does; see IrStatistics::num_edges.
    for (const ir::Tensor& input : node.inputs)
      if (weight_names.count(input.name) == 0)
        ++stats.num_edges;
    const auto [found, added] = op_index.emplace(node.op_type, stats.op_distribution.size());
    if (added)
      stats.op_distribution.emplace_back(node.op_type, 0);
    ++stats.op_distribution[found->second].second;

    NodeShapes shapes{node.name, node.op_type, {}, {}};
    for (const ir::Tensor& input : node.inputs)
      shapes.input_shapes.push_back(input.shape);
    for (const ir::Tensor& output : node.outputs)
      shapes.output_shapes.push_back(output.shape);
    stats.node_shapes.push_back(std::move(shapes));
  }

  for (const ir::Weight& weight : graph.weights) {
    // The readers refuse negative dimensions; a product beyond int64 (which Python's integers
    // would hold) is not a weight anyone can load, and counts as 0 rather than wrapping.
    const int64_t params = ir::elementCount(weight.shape).value_or(0);
    stats.total_weight_params += params;
    stats.weight_metadata.push_back({weight.name, weight.shape, weight.dtype, params});
  }
  return stats;
}

std::string modelReportMarkdown(const ModelResult& result, const ir::Graph* graph,
                                const std::string& generated) {
  std::vector<std::string> lines;
  lines.push_back("# " + result.name);
  lines.push_back("");
  lines.push_back("**Status:** " + statusWord(result.status));
  lines.push_back("**Generated:** " + generated);
  lines.push_back("**Duration:** " + formatted("%.3f", result.duration_seconds) + "s");
  lines.push_back("");

  if (!result.error.empty()) {
    lines.insert(lines.end(), {"## Error", "", "```", result.error, "```", ""});
  }

  if (result.statistics) {
    const IrStatistics& stats = *result.statistics;
    lines.insert(lines.end(), {"## Summary", "", "| Metric | Value |", "|--------|-------|"});
    lines.push_back("| Nodes | " + std::to_string(stats.num_nodes) + " |");
    lines.push_back("| Edges | " + std::to_string(stats.num_edges) + " |");
    lines.push_back("| Inputs | " + std::to_string(stats.num_inputs) + " |");
    lines.push_back("| Outputs | " + std::to_string(stats.num_outputs) + " |");
    lines.push_back("| Weights | " + std::to_string(stats.num_weights) + " |");
    lines.push_back("| Total Params | " + withThousandsSeparators(stats.total_weight_params) +
                    " |");
    lines.push_back("");
  }

  if (result.verification) {
    const ReportVerification& verification = *result.verification;
    lines.insert(lines.end(), {"## Numerical Verification", ""});
    lines.push_back(std::string("**Status:** ") + (verification.passed ? "PASSED" : "FAILED"));
    lines.push_back("**Max Difference:** " + formatted("%.2e", verification.max_diff));
    lines.push_back("**Mean Difference:** " + formatted("%.2e", verification.mean_diff));
    lines.push_back("**Outputs Compared:** " + std::to_string(verification.outputs_compared));
    // irscope's additions after torch_ir's lines, so that those read as torch_ir's.
    if (!verification.verdict.empty()) {
      lines.push_back(
          "**Verdict:** " + verification.verdict +
          (verification.verdict_reason.empty() ? "" : ": " + verification.verdict_reason));
      lines.push_back(std::string("**torch_ir's allclose:** ") +
                      (verification.allclose ? "passed" : "failed"));
      lines.push_back("**Rule:** " + verification.rule);
    }
    if (!verification.outputs.empty()) {
      lines.insert(lines.end(),
                   {"", "| Output | Dtype | allclose | Max Diff | PCC | PCC needed | Passed |",
                    "|--------|-------|----------|----------|-----|------------|--------|"});
      for (const ReportVerification::Output& output : verification.outputs)
        lines.push_back(
            "| " + std::to_string(output.index) + " | " + output.dtype + " | " +
            (output.allclose ? "yes" : "no") + " | " + formatted("%.2e", output.max_diff) + " | " +
            (output.pcc_checked ? formatted("%.8g", output.pcc) : "n/a") + " | " +
            formatted("%g", output.pcc_threshold) + " | " + (output.passed ? "yes" : "no") + " |");
    }
    for (const std::string& note : verification.notes)
      lines.insert(lines.end(), {"", "Note: " + note});
    lines.push_back("");
  } else if (result.status == ModelStatus::NotVerified) {
    // The section says that nothing was compared, rather than leaving a reader to wonder.
    lines.insert(lines.end(), {"## Numerical Verification", "", "**Status:** NOT VERIFIED",
                               "**Reason:** " + result.not_verified_reason, ""});
  }

  if (graph) {
    DiagramOptions options;
    options.max_nodes = 30; // report.py's ir_to_mermaid(ir, max_nodes=30)
    lines.insert(lines.end(),
                 {"## DAG Visualization", "", "```mermaid",
                  writeMermaid(*graph, ir::buildTopology(*graph), options), "```", ""});
    if (!graph->nodes.empty())
      lines.insert(lines.end(), {"## Operator Distribution", "", "```mermaid",
                                 writeOpDistributionPie(*graph), "```", ""});
  }

  if (result.statistics && !result.statistics->node_shapes.empty()) {
    lines.insert(lines.end(),
                 {"## Node Details", "", "<details>", "<summary>Click to expand</summary>", "",
                  "| Name | Op Type | Input Shapes | Output Shapes |",
                  "|------|---------|--------------|---------------|"});
    for (const NodeShapes& node : result.statistics->node_shapes)
      lines.push_back("| " + node.name + " | " + ir::shortOpName(node.op_type) + " | " +
                      shapeLists(node.input_shapes) + " | " + shapeLists(node.output_shapes) +
                      " |");
    lines.insert(lines.end(), {"", "</details>", ""});
  }

  if (result.statistics && !result.statistics->weight_metadata.empty()) {
    lines.insert(lines.end(), {"## Weight Metadata", "", "| Name | Shape | Dtype | Parameters |",
                               "|------|-------|-------|------------|"});
    for (const WeightMetadata& weight : result.statistics->weight_metadata)
      lines.push_back("| " + weight.name + " | " + ir::formatShapeCompact(weight.shape) + " | " +
                      weight.dtype + " | " + withThousandsSeparators(weight.num_params) + " |");
    lines.push_back("");
  }
  return ir::joinStrings(lines, "\n"); // as report.py ends every report
}

std::string summaryMarkdown(const std::vector<ModelResult>& results, const std::string& generated,
                            const std::string& rule) {
  size_t passed = 0, failed = 0, not_verified = 0;
  for (const ModelResult& result : results) {
    if (result.status == ModelStatus::Passed)
      ++passed;
    else if (result.status == ModelStatus::Failed)
      ++failed;
    else
      ++not_verified;
  }
  const size_t total = results.size();

  std::vector<std::string> lines{"# Test Summary Report", "", "**Generated:** " + generated};
  if (!rule.empty())
    lines.push_back("**Rule:** " + rule);
  lines.push_back("");
  lines.insert(lines.end(), {"## Overall Results", ""});
  lines.push_back("- **Total Tests:** " + std::to_string(total));
  lines.push_back("- **Passed:** " + std::to_string(passed) + " ✅");
  lines.push_back("- **Failed:** " + std::to_string(failed) + " ❌");
  // Only when there are any, so that a run where everything was compared reads as torch_ir's.
  if (not_verified > 0)
    lines.push_back("- **Not Verified:** " + std::to_string(not_verified) + " ⚠️");
  // report.py divides by zero here; an empty run has no pass rate to speak of.
  const double rate = total == 0 ? 0.0 : 100.0 * static_cast<double>(passed) / total;
  lines.push_back("- **Pass Rate:** " + formatted("%.1f", rate) + "%");
  lines.push_back("");

  lines.insert(lines.end(),
               {"## Test Results", "", "| Model | Status | Nodes | Params | Max Diff | Duration |",
                "|-------|--------|-------|--------|----------|----------|"});
  for (const ModelResult& result : results) {
    const std::string nodes =
        result.statistics ? std::to_string(result.statistics->num_nodes) : "-";
    const std::string params =
        result.statistics ? withThousandsSeparators(result.statistics->total_weight_params) : "-";
    const std::string max_diff =
        result.verification ? formatted("%.2e", result.verification->max_diff) : "-";
    lines.push_back("| [" + result.name + "](./" + result.name + ".md) | " +
                    statusMark(result.status) + " | " + nodes + " | " + params + " | " + max_diff +
                    " | " + formatted("%.3f", result.duration_seconds) + "s |");
  }
  lines.push_back("");

  // A model that was not verified counts in its categories' totals but neither column.
  struct Counts {
    size_t passed = 0, failed = 0, total = 0;
  };
  std::map<std::string, Counts> categories; // sorted by name, as report.py sorts them
  for (const ModelResult& result : results)
    for (const std::string& category : result.categories) {
      Counts& counts = categories[category];
      counts.passed += result.status == ModelStatus::Passed;
      counts.failed += result.status == ModelStatus::Failed;
      ++counts.total;
    }
  lines.insert(lines.end(), {"## Results by Category", "", "| Category | Passed | Failed | Total |",
                             "|----------|--------|--------|-------|"});
  for (const auto& [category, counts] : categories)
    lines.push_back("| " + category + " | " + std::to_string(counts.passed) + " | " +
                    std::to_string(counts.failed) + " | " + std::to_string(counts.total) + " |");
  lines.push_back("");

  if (failed > 0) {
    lines.insert(lines.end(), {"## Failed Tests", ""});
    for (const ModelResult& result : results) {
      if (result.status != ModelStatus::Failed)
        continue;
      lines.push_back("### " + result.name);
      lines.push_back("");
      if (!result.error.empty())
        lines.insert(lines.end(), {"```", result.error, "```"});
      lines.push_back("");
    }
  }
  return ir::joinStrings(lines, "\n"); // as report.py ends every report
}

} // namespace irscope::io
