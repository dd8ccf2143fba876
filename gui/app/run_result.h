#pragma once
// What one run of the open model found, per node output: its values' statistics and, after a
// verify against a TorchScript reference or a golden folder with nodes/, its error against the
// reference's tensor of the same name. Built on the worker, then only read.
#include "core/tensor_comparison.h"
#include "core/tensor_statistics.h"
#include "core/torch/ir_execution.h"
#include "core/verdict.h"
#include "core/verification.h"
#include "gui/app/run_choices.h"
#include "gui/app/weight_statistics.h"

#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace irscope::app {

struct RunResult {
  RunChoices choices;
  // [node][output]; empty for outputs that have no numeric values.
  std::vector<std::vector<std::optional<ir::TensorStatistics>>> statistics;
  // After a verify: the report as `irscope-cli verify` gives it.
  std::optional<ir::VerificationReport> verification;
  // After a verify: the one rule's verdict on it (core/verdict.h), with the run's tolerances and
  // the per-dtype PCC defaults. Decided once, on the worker, with the report.
  std::optional<ir::Verdict> verdict;
  // [node][output], from verification->intermediates: only outputs the reference recorded.
  std::vector<std::vector<std::optional<ir::TensorComparison>>> errors;
  // The reference had no intermediates (expected outputs, a golden folder without nodes/):
  // `errors` holds only the comparisons of the nodes that produce the graph's outputs.
  bool errors_at_outputs_only = false;
  std::optional<torchscript::NonFiniteOrigin> first_non_finite;
  size_t ops_run = 0;
  double seconds = 0;
  // The weights the run used, summarised for the Weights dock.
  std::shared_ptr<const WeightStatistics> weights;

  bool verified() const { return verification.has_value(); }
  // Whether any node output was compared with the reference: every recorded one (a TorchScript
  // reference, or a golden folder with nodes/), or only the graph outputs' producers.
  bool hasErrors() const {
    return verification && (!verification->intermediates.empty() || errors_at_outputs_only);
  }
  // The node where the IR first leaves tolerance, after a verify that found one.
  std::optional<int> firstDivergence() const;
  // The node that first produced NaN or Inf.
  std::optional<int> firstNonFinite() const;
};

// Why a verify's errors stop at the outputs (RunResult::errors_at_outputs_only), for the heat
// map's legend, the status bar and the command line.
QString outputsOnlyNote();

// The run's outcome in one short line for the status bar: "Verify FAILED · max diff 3.1e-01 ·
// first divergence conv2d_3", or "Ran 27 ops in 12 ms · no NaN/Inf".
QString verdictLine(const RunResult& run, const ir::Graph& graph);

} // namespace irscope::app
