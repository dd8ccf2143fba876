#pragma once
// What changed between two IRs of a model (A, the old or reference one, and B): every node
// paired by core/graph_matching.h or left single, classed, with the fields that differ; every
// weight paired by state_dict name and compared; and, after both ran on the same inputs, the
// numeric difference of each pair's outputs (core/paired_outputs.h). A plain result for the
// CLI's text, JSON and HTML and for the app's comparison view alike.
//
// A pair is `changed` when one of these differs, each listed as a FieldDifference:
//   op_type                   the overload ("aten.add.Tensor" / "aten.add.Scalar")
//   inputs, outputs           the number of them
//   inputs[i].shape/.dtype    the i-th input's declared shape or dtype
//   inputs[i].weight          which state_dict weight the i-th input reads ("(none)" if none)
//   outputs[i].shape/.dtype
//   attrs.KEY                 an attr's value (JSON text; "(none)" when only one side has it),
//                             except _original_op, the recorder's note of where a conv came from
// Names, module paths and where an input comes from are not compared: a renamed copy is the
// same, and so is the consumer of an inserted op.
#include "core/graph.h"
#include "core/graph_matching.h"
#include "core/tensor_comparison.h"
#include "core/tensor_data.h"
#include "core/verdict.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace irscope::ir {

enum class ChangeClass : uint8_t { Same, Changed, Added, Removed };

// "same", "changed", "added", "removed".
const char* changeClassName(ChangeClass change);

struct FieldDifference {
  std::string field; // as listed above
  std::string a;     // the value in A, as text
  std::string b;
};

// One node of A paired with one of B, or a node only one side has.
struct NodeDifference {
  ChangeClass change = ChangeClass::Same;
  int32_t a = -1; // index into A's nodes; -1 for an added node
  int32_t b = -1; // index into B's nodes; -1 for a removed node
  MatchEvidence matched_by = MatchEvidence::Name;
  std::vector<FieldDifference> fields; // empty unless changed
};

struct WeightDifference {
  ChangeClass change = ChangeClass::Same;
  std::string name;                    // the state_dict key
  int32_t a = -1;                      // index into A's weights, -1 when added
  int32_t b = -1;                      // index into B's weights, -1 when removed
  std::vector<FieldDifference> fields; // "shape", "dtype", "values"
  // Set when both sides' values were at hand and of one shape.
  bool values_compared = false;
  bool bit_equal = false;
  double max_abs_diff = 0; // NaN when the dtype is not numeric
};

// The numeric difference of one output of a pair, after both models ran on the same inputs.
struct OutputDifference {
  size_t entry = 0;  // into GraphDiff::nodes
  size_t output = 0; // the output's index on both sides
  TensorComparison comparison;
  // The verdict rule's judgement of B's output against A's (core/verdict.h: NaN/Inf, PCC by
  // dtype, allclose where it can tell): passed, or why not in one line.
  bool passed = true;
  std::string problem;
};

struct ClassCounts {
  size_t same = 0, changed = 0, added = 0, removed = 0;
  size_t changes() const { return changed + added + removed; }
};

struct GraphDiff {
  // In execution order: B's order, with each removed node after the pair that precedes it in A.
  std::vector<NodeDifference> nodes;
  std::vector<int32_t> entry_of_a; // [node of A] -> index into nodes
  std::vector<int32_t> entry_of_b; // [node of B] -> index into nodes
  ClassCounts node_counts;
  std::vector<WeightDifference> weights; // B's order, then the removed ones in A's
  ClassCounts weight_counts;
  // Filled by --run (core/paired_outputs.h): pairs whose outputs were compared, in B's
  // execution order, and the first whose outputs fail the verdict rule.
  std::vector<OutputDifference> outputs;
  std::optional<size_t> first_divergence; // into outputs
  VerdictRule rule;                       // the rule the outputs were judged by
  bool ran = false;

  bool hasChanges() const {
    return node_counts.changes() > 0 || weight_counts.changes() > 0 || first_divergence;
  }
};

using NamedTensorValues = std::vector<std::pair<std::string, TensorData>>;

struct DiffOptions {
  // The weights' values, by state_dict name, when at hand; compared where both have a weight.
  const NamedTensorValues* weights_a = nullptr;
  const NamedTensorValues* weights_b = nullptr;
};

GraphDiff diffGraphs(const Graph& a, const Graph& b, const DiffOptions& options = {});

// The module an entry is shown under: B's side when it has one, else A's ("" for none).
const std::string& moduleOf(const NodeDifference& entry, const Graph& a, const Graph& b);

} // namespace irscope::ir
