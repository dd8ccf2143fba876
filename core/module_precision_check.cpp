#include "core/module_precision_check.h"

#include "core/dtype.h"
#include "core/numeric_agreement.h"
#include "core/subgraph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <utility>

namespace irscope::ir {
namespace {

std::string pccText(double pcc) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", pcc);
  return text;
}

} // namespace

PrecisionCheck::PrecisionCheck(const Graph& graph, const Topology& topology,
                               const ReferenceValues& reference, SubgraphRunner run,
                               PrecisionCheckOptions options)
    : graph_(graph), topology_(topology), reference_(reference), run_(std::move(run)),
      options_(std::move(options)) {}

const TensorData& PrecisionCheck::valueOf(const ValueRef& ref) const {
  if (ref.kind == ValueKind::GraphInput)
    return reference_.graph_inputs.at(static_cast<size_t>(ref.index));
  const auto& outputs = reference_.node_outputs.at(static_cast<size_t>(ref.index));
  if (static_cast<size_t>(ref.output) >= outputs.size())
    throw std::invalid_argument("the float32 run has no value for node " +
                                graph_.nodes[ref.index].name);
  return outputs[ref.output];
}

// PCC says nothing where a tensor has no spread to correlate (one element, a constant, values
// that all round to one low-precision number): there, agreeing within two units in the last
// place of the dtype, as rounding each op's result would leave it, is a pass.
bool PrecisionCheck::withinRounding(const TensorData& actual, const TensorData& expected) const {
  AgreementOptions rounding;
  rounding.rtol = options_.dtype == "float16" ? std::ldexp(1.0, -9) : std::ldexp(1.0, -6);
  rounding.atol = 1e-6;
  return measureAgreement(actual, expected, rounding).allclose;
}

std::string PrecisionCheck::disagreement(const std::vector<TensorData>& actual,
                                         const std::vector<ValueRef>& expected) const {
  if (actual.size() != expected.size())
    return "gave " + std::to_string(actual.size()) + " outputs instead of " +
           std::to_string(expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    const TensorData& want = valueOf(expected[i]);
    if (!hasUlp(want.dtype) || !hasUlp(actual[i].dtype)) {
      if (!(actual[i].shape == want.shape && actual[i].bytes == want.bytes))
        return "output " + std::to_string(i) + " differs from float32's";
      continue;
    }
    const Correlation result = measureCorrelation(actual[i], want);
    const std::string which = actual.size() == 1 ? "" : " (output " + std::to_string(i) + ")";
    if (!result.shapes_match)
      return "shape " + formatShapeCompact(actual[i].shape) + " instead of " +
             formatShapeCompact(want.shape) + which;
    if (result.actual_nan > result.expected_nan || result.actual_inf > result.expected_inf)
      return std::to_string(result.actual_nan) + " NaN and " + std::to_string(result.actual_inf) +
             " Inf in " + options_.dtype + which;
    // PCC is exactly 0 where one side has no spread (numeric_agreement.h): see withinRounding.
    const bool degenerate = result.pcc == 0.0;
    if (!(result.pcc >= options_.pcc_threshold) && !(degenerate && withinRounding(actual[i], want)))
      return "PCC " + pccText(result.pcc) + " < " + pccText(options_.pcc_threshold) + " in " +
             options_.dtype + which;
  }
  return {};
}

ModuleTest PrecisionCheck::check(const std::vector<int32_t>& nodes) {
  ModuleTest test;
  if (std::all_of(nodes.begin(), nodes.end(),
                  [&](int32_t n) { return graph_.nodes[n].isGetItem(); })) {
    test.outcome = ModuleTest::Outcome::Untestable;
    return test;
  }
  Subgraph part;
  try {
    part = cutSubgraph(graph_, topology_, nodes);
  } catch (const std::invalid_argument&) {
    test.outcome = ModuleTest::Outcome::ExportFailed;
    return test;
  }
  std::vector<TensorData> inputs;
  for (const ValueRef& ref : part.inputs)
    inputs.push_back(valueOf(ref));
  std::string problem;
  try {
    ++runs_;
    problem = disagreement(run_(part.graph, inputs, options_.dtype), part.outputs);
  } catch (const std::exception& error) {
    problem = error.what();
  }
  if (problem.empty())
    return test;
  test.outcome = ModuleTest::Outcome::Failed;
  // Equal configurations fail alike: a module lists each once, at its first node.
  std::set<std::string> reported;
  for (const int32_t node : nodes) {
    if (graph_.nodes[node].isGetItem())
      continue; // it only picks a tuple element: its producer is the op to rerun
    for (const FailedOp& failed : checkOp(node))
      if (reported.insert(failedOpIdentity(failed)).second)
        test.failed_ops.push_back(failed);
  }
  if (test.failed_ops.empty()) {
    // Every op passes alone: the error builds up across them, which is a finding too.
    FailedOp whole;
    whole.op_name = "MODULE";
    whole.error_message = problem + " (each op passes alone: the error accumulates)";
    test.failed_ops.push_back(std::move(whole));
  }
  return test;
}

const std::vector<FailedOp>& PrecisionCheck::checkOp(int32_t node) {
  if (auto it = op_results_.find(node); it != op_results_.end())
    return it->second;
  std::vector<FailedOp>& failed = op_results_[node];
  const Node& op = graph_.nodes[node];
  std::string problem;
  try {
    const Subgraph alone = cutSubgraph(graph_, topology_, {node});
    std::vector<TensorData> inputs;
    for (const ValueRef& ref : alone.inputs)
      inputs.push_back(valueOf(ref));
    ++runs_;
    problem = disagreement(run_(alone.graph, inputs, options_.dtype), alone.outputs);
  } catch (const std::exception& error) {
    problem = error.what();
  }
  if (problem.empty())
    return failed;
  failed.push_back(failedOpOf(op, problem));
  return failed;
}

} // namespace irscope::ir
