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
  // [node][output], from verification->intermediates: only outputs the reference recorded.
  std::vector<std::vector<std::optional<ir::TensorComparison>>> errors;
  std::optional<torchscript::NonFiniteOrigin> first_non_finite;
  size_t ops_run = 0;
  double seconds = 0;
  // The weights the run used, summarised for the Weights dock.
  std::shared_ptr<const WeightStatistics> weights;

  bool verified() const { return verification.has_value(); }
  // Whether any node output was compared with the reference (a TorchScript reference, or a
  // golden folder with nodes/).
  bool hasErrors() const { return verification && !verification->intermediates.empty(); }
  // The node where the IR first leaves tolerance, after a verify that found one.
  std::optional<int> firstDivergence() const;
  // The node that first produced NaN or Inf.
  std::optional<int> firstNonFinite() const;
};

// The verdict of a verified run under the one rule (core/verdict.h), with the run's tolerances and
// the per-dtype PCC defaults; nullopt for a run without a reference.
std::optional<ir::Verdict> verdictOf(const RunResult& run);

// The run's outcome in one short line for the status bar: "Verify FAILED · max diff 3.1e-01 ·
// first divergence conv2d_3", or "Ran 27 ops in 12 ms · no NaN/Inf".
QString verdictLine(const RunResult& run, const ir::Graph& graph);

} // namespace irscope::app
