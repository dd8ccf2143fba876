#pragma once
// The numeric side of a diff: both models run on the same inputs, and each pair's outputs are
// compared. This is the one place where diff decides whether two outputs agree, by the verdict
// rule verify uses for an output (core/verdict.h's judgeTensor: no new NaN or Inf, PCC by dtype,
// and allclose where allclose can tell; A's output taken as the reference), so that a float32
// run against a bfloat16 one is judged as verify judges it, and a change of that rule is made
// in core/verdict.h once.
#include "core/graph_diff.h"
#include "core/tensor_comparison.h"
#include "core/tensor_data.h"
#include "core/verdict.h"

#include <unordered_map>

namespace irscope::ir {

// Whether a comparison fails the verdict rule.
bool outputsDiverge(const TensorComparison& comparison, const VerdictRule& rule);

class PairedOutputs {
public:
  // Fills diff.outputs and diff.first_divergence; `diff` must outlive this.
  PairedOutputs(GraphDiff& diff, const VerdictRule& rule);

  // Give every node output of A's run: those of paired nodes are kept until B's partner comes.
  void recordA(size_t node, size_t output, const TensorData& values);
  // Give every node output of B's run, in execution order: a paired output of the same shape is
  // compared with A's, judged and added to diff.outputs; the first that fails is remembered.
  void compareB(size_t node, size_t output, const TensorData& values);

private:
  GraphDiff& diff_;
  std::unordered_map<uint64_t, TensorData> kept_; // (node of A, output) -> values
};

} // namespace irscope::ir
