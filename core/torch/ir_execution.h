#pragma once
// Runs a torch_ir IR on the CPU through libtorch: each "aten.<op>.<overload>" is looked up in
// libtorch's operator registry and called with arguments rebuilt from its schema and the node's
// attrs, the way torch_ir's IRExecutor does it (reference_formats.md §1.1), but every op is
// resolved and every argument converted once, before anything runs. This header is free of
// libtorch types so that the CLI and the app can include it cheaply.
#include "core/graph.h"
#include "core/input_spec.h"
#include "core/tensor_data.h"
#include "core/tensor_statistics.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace irscope::torchscript {

// Weights by state_dict name, as a .safetensors file or a torch.save state_dict holds them.
using NamedTensors = std::vector<std::pair<std::string, ir::TensorData>>;

struct ExecutionOptions {
  // File names, used only to start error lines: "model.json: node linear_3 ...".
  std::string model_file = "model";
  std::string weights_file = "weights";
  std::vector<std::string> input_files; // one per input when they came from files

  // "" runs in the dtypes given; "float32", "bfloat16" or "float16" casts the floating-point
  // weights, constants and inputs to it, so that the whole run happens in that dtype.
  std::string dtype;
  int threads = 1;
  // Promises that every run of a plan, and of the plans cut from it, gets the same weights:
  // the same objects, holding the same values, for as long as the plans live. Each weight is
  // then cast to the run's dtype once rather than on every run (module analysis runs hundreds
  // of bfloat16 sub-IRs on one float32 state_dict).
  bool weights_fixed = false;
  // Statistics of every node output (ExecutionResult::statistics).
  bool statistics = false;
  // Called with every node output as it is produced (for dumps and intermediate comparisons).
  // Setting it keeps nothing alive longer; it costs one copy per output.
  std::function<void(size_t node, size_t output, const ir::TensorData& values)> on_output;
  // Called after each node with (nodes done, nodes in all); returning false cancels the run.
  std::function<bool(size_t done, size_t total)> progress;
};

struct NodeOutputStatistics {
  size_t node = 0;
  size_t output = 0;
  ir::TensorStatistics statistics;
};

// The first node, in execution order, that turned finite inputs into NaN or Inf.
struct NonFiniteOrigin {
  size_t node = 0;
  size_t output = 0;
  int64_t nan_count = 0;
  int64_t inf_count = 0;
};

struct ExecutionResult {
  std::vector<ir::TensorData> outputs;             // in graph_outputs order, in the run's dtype
  std::vector<NodeOutputStatistics> statistics;    // when asked, in execution order
  std::optional<NonFiniteOrigin> first_non_finite; // set when an output holds NaN or Inf
  std::vector<size_t> execution_order;             // node indices as they ran
  double seconds = 0;                              // the run itself, after preparation
};

// A run stopped by ExecutionOptions::progress.
class __attribute__((visibility("default"))) ExecutionCancelled : public std::runtime_error {
public:
  ExecutionCancelled() : std::runtime_error("the run was cancelled") {}
};

// Throws ExtractionError with one line that names the file at fault (the model, the weights
// file or an input file) and the problem: an op libtorch cannot resolve, a missing or
// wrongly shaped weight, the wrong number, shape or dtype of inputs, an op that fails.
// Prepares a plan and runs it once: for a graph run once.
ExecutionResult executeIr(const ir::Graph& graph, const NamedTensors& weights,
                          const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options);

// A graph made ready to run, once: the graph validated, every op resolved, every argument built
// from the attrs, the constants converted to the run's dtype, and the step after which each
// value is released planned. What is left for each run is borrowing the weights and binding
// the inputs. Lives in the torch plugin; opaque here.
class PreparedIr;

// Throws ExtractionError as executeIr does for a bad graph. Of `options` it reads model_file and
// dtype; runs of the plan must use the same. `graph` must outlive the plan. `cut_from` is the
// plan of a graph that `graph` was cut out of (a sub-IR, core/subgraph.h): the ops it resolved
// and the constants it converted are taken over where a node or constant is the same, which
// makes preparing the hundreds of sub-IRs a module analysis runs cheap.
std::shared_ptr<const PreparedIr> prepareIr(const ir::Graph& graph, const ExecutionOptions& options,
                                            const PreparedIr* cut_from = nullptr);

// Runs a plan on `weights` and `inputs`, with the outputs executeIr gives. A plan may be run any
// number of times, with other weights and inputs of the same names, shapes and dtypes, but by
// one thread at a time.
ExecutionResult runPreparedIr(const PreparedIr& plan, const NamedTensors& weights,
                              const std::vector<ir::TensorData>& inputs,
                              const ExecutionOptions& options);

// Seeded example inputs, as extraction makes them: floats normal, integers 0 or 1.
std::vector<ir::TensorData> randomInputs(const std::vector<ir::InputSpec>& specs, uint64_t seed);

} // namespace irscope::torchscript
