#pragma once
// The Markdown reports of torch_ir's test suite (reference_formats.md §1.5: tests/testing/
// report.py and statistics.py): one page per model and SUMMARY.md over all of them, line for
// line, so that `irscope-cli report` can stand in for `pytest --generate-reports`.
//
// Two departures, both where the reference has no answer: a model that ran but had nothing to
// be compared with is NOT VERIFIED (⚠️) rather than PASSED, and op types are shortened the way
// irscope's Mermaid flowchart shortens them (getitem reads "getitem", not
// "<built-in function getitem>", which Markdown would swallow as an HTML tag).
#include "core/graph.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

// torch_ir's IRStatistics, field for field.
struct NodeShapes {
  std::string name;
  std::string op_type;
  std::vector<ir::Shape> input_shapes;
  std::vector<ir::Shape> output_shapes;
};

struct WeightMetadata {
  std::string name; // the state_dict key
  ir::Shape shape;
  std::string dtype;
  int64_t num_params = 0;
};

struct IrStatistics {
  size_t num_nodes = 0;
  // Node inputs whose name is not a weight's name. torch_ir compares with the weights'
  // state_dict keys ("fc.weight") while node inputs carry the placeholders ("p_fc_weight"), so
  // weight inputs count as edges too; kept, so that the numbers agree with torch_ir's reports.
  size_t num_edges = 0;
  size_t num_inputs = 0;
  size_t num_outputs = 0;
  size_t num_weights = 0;
  std::vector<std::pair<std::string, size_t>> op_distribution; // op_type -> nodes, first seen first
  std::vector<NodeShapes> node_shapes;                         // in file order
  std::vector<WeightMetadata> weight_metadata;                 // in file order
  int64_t total_weight_params = 0;
};

IrStatistics irStatistics(const ir::Graph& graph);

// torch_ir's VerificationReport, as far as the report shows it.
struct ReportVerification {
  bool passed = false; // the verdict's (core/verdict.h)
  double max_diff = 0;
  double mean_diff = 0;
  size_t outputs_compared = 0;
  // irscope's verdict: what decided, per output, and the rule it was decided by.
  bool allclose = false;      // torch_ir's is_valid
  std::string verdict;        // "PASSED", "FAILED"
  std::string verdict_reason; // why it failed; empty when it passed
  std::vector<std::string> notes;
  std::string rule; // "rtol 1e-05, atol 1e-05, PCC >= ..."
  struct Output {
    size_t index = 0;
    std::string dtype;
    bool allclose = false;
    double max_diff = 0;
    bool pcc_checked = false;
    double pcc = 1;
    double pcc_threshold = 0;
    bool passed = false;
  };
  std::vector<Output> outputs;
};

enum class ModelStatus {
  Passed,
  Failed,
  NotVerified, // the IR ran, but there was nothing to compare its outputs with
};

// One model's result, torch_ir's TestResult without the IR itself (passed on its own).
struct ModelResult {
  std::string name; // the report is NAME.md
  ModelStatus status = ModelStatus::Failed;
  std::string error; // why it failed; empty when it did not
  double duration_seconds = 0;
  std::optional<IrStatistics> statistics;         // when the model could be read
  std::optional<ReportVerification> verification; // when outputs were compared
  std::string not_verified_reason;                // for NotVerified: why nothing was compared
  std::vector<std::string> categories;            // for SUMMARY.md's Results by Category
};

// NAME.md. `graph` is null when the model could not be read; `generated` is the timestamp to
// print (ISO 8601, as Python's datetime.now().isoformat()).
std::string modelReportMarkdown(const ModelResult& result, const ir::Graph* graph,
                                const std::string& generated);

// SUMMARY.md over the results, in the order given.
// `rule`, when given, is printed under the timestamp: the tolerances every model was judged by.
std::string summaryMarkdown(const std::vector<ModelResult>& results, const std::string& generated,
                            const std::string& rule = "");

} // namespace irscope::io
