#pragma once
// The cpu-bf16 / cpu-fp16 backend of the op-by-op analysis: does a module still compute the
// same thing in a low-precision dtype? Its sub-IR runs in that dtype on the inputs a float32
// run of the whole model gave it, and its outputs are compared with that run's. It passes when
// every output's PCC reaches the threshold (or, where PCC says nothing, as for one element or a
// constant, every element is within two units in the dtype's last place) and no NaN or Inf
// appears. When it fails, each op in
// it is rerun alone in the dtype on float32 inputs, and the ops that miss the threshold are its
// failed ops. libtorch is out of reach here (core/), so the caller supplies the runner.
#include "core/graph.h"
#include "core/module_status.h"
#include "core/tensor_data.h"
#include "core/topology.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace irscope::ir {

// Runs `graph` on `inputs` with every floating-point value cast to `dtype` and returns its
// outputs in graph.outputs order. Throws std::exception with a one-line message on failure.
using SubgraphRunner = std::function<std::vector<TensorData>(
    const Graph& graph, const std::vector<TensorData>& inputs, const std::string& dtype)>;

// Every value of a float32 run of the whole model: graph inputs and node outputs.
struct ReferenceValues {
  std::vector<TensorData> graph_inputs;
  std::vector<std::vector<TensorData>> node_outputs; // [node][output]; empty when not run
};

struct PrecisionCheckOptions {
  std::string dtype = "bfloat16";
  double pcc_threshold = 0.99;
};

class PrecisionCheck {
public:
  PrecisionCheck(const Graph& graph, const Topology& topology, const ReferenceValues& reference,
                 SubgraphRunner run, PrecisionCheckOptions options);

  // Tests the ops `nodes` (topological order) as one sub-IR. ExportFailed when they cannot be
  // cut out (nothing they compute leaves them); Untestable when there are none.
  ModuleTest check(const std::vector<int32_t>& nodes);

  // How many sub-IR runs so far, single ops included: for progress and the note.
  size_t runs() const { return runs_; }

private:
  // One op alone; empty when it passes. Cached: a failing module's ops are rerun once.
  const std::vector<FailedOp>& checkOp(int32_t node);
  // Empty when `actual` agrees with `expected`; otherwise why not, in one line.
  std::string disagreement(const std::vector<TensorData>& actual,
                           const std::vector<ValueRef>& expected) const;
  const TensorData& valueOf(const ValueRef& ref) const;
  bool withinRounding(const TensorData& actual, const TensorData& expected) const;

  const Graph& graph_;
  const Topology& topology_;
  const ReferenceValues& reference_;
  SubgraphRunner run_;
  PrecisionCheckOptions options_;
  std::map<int32_t, std::vector<FailedOp>> op_results_;
  size_t runs_ = 0;
};

} // namespace irscope::ir
