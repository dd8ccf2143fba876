#include "core/paired_outputs.h"

namespace irscope::ir {
namespace {

uint64_t keyOf(size_t node, size_t output) {
  return (static_cast<uint64_t>(node) << 32) ^ static_cast<uint64_t>(output);
}

} // namespace

bool outputsDiverge(const TensorComparison& comparison, const VerdictRule& rule) {
  return !judgeTensor(comparison, rule).passed;
}

PairedOutputs::PairedOutputs(GraphDiff& diff, const VerdictRule& rule) : diff_(diff) {
  diff_.rule = rule;
  diff_.ran = true;
}

void PairedOutputs::recordA(size_t node, size_t output, const TensorData& values) {
  if (node < diff_.entry_of_a.size() && diff_.entry_of_a[node] >= 0 &&
      diff_.nodes[static_cast<size_t>(diff_.entry_of_a[node])].b >= 0)
    kept_[keyOf(node, output)] = values;
}

void PairedOutputs::compareB(size_t node, size_t output, const TensorData& values) {
  GraphDiff& diff = diff_;
  if (node >= diff.entry_of_b.size() || diff.entry_of_b[node] < 0)
    return;
  const auto entry = static_cast<size_t>(diff.entry_of_b[node]);
  const int32_t a = diff.nodes[entry].a;
  if (a < 0)
    return;
  auto it = kept_.find(keyOf(static_cast<size_t>(a), output));
  if (it == kept_.end() || it->second.shape != values.shape)
    return;
  OutputDifference difference;
  difference.entry = entry;
  difference.output = output;
  try {
    difference.comparison = compareTensors(it->second, values, diff.rule.tolerance);
  } catch (const std::exception&) {
    return; // not numeric (bool masks are compared as numbers; anything else is left out)
  }
  kept_.erase(it);
  const TensorJudgement judgement = judgeTensor(difference.comparison, diff.rule);
  difference.passed = judgement.passed;
  difference.problem = judgement.problem;
  if (!difference.passed && !diff.first_divergence)
    diff.first_divergence = diff.outputs.size();
  diff.outputs.push_back(difference);
}

} // namespace irscope::ir
