#include "core/paired_outputs.h"

namespace irscope::ir {
namespace {

uint64_t keyOf(size_t node, size_t output) {
  return (static_cast<uint64_t>(node) << 32) ^ static_cast<uint64_t>(output);
}

} // namespace

bool outputsDiverge(const TensorComparison& comparison) {
  return !comparison.is_close;
}

PairedOutputs::PairedOutputs(GraphDiff& diff, const Tolerance& tolerance) : diff_(diff) {
  diff_.tolerance = tolerance;
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
  OutputDifference difference{entry, output, {}};
  try {
    difference.comparison = compareTensors(it->second, values, diff.tolerance);
  } catch (const std::exception&) {
    return; // not numeric (bool masks are compared as numbers; anything else is left out)
  }
  kept_.erase(it);
  if (outputsDiverge(difference.comparison) && !diff.first_divergence)
    diff.first_divergence = diff.outputs.size();
  diff.outputs.push_back(difference);
}

} // namespace irscope::ir
