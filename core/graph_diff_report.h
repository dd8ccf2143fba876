#pragma once
// A GraphDiff as `irscope-cli diff` prints it: text for people, JSON for scripts and the HTML
// report.
//
// JSON schema (every key always present; null where a side has nothing):
// {
//   "a": {"file": str, "model_name": str, "nodes": int, "weights": int},
//   "b": {same as "a"},
//   "changed": bool,                 // true when anything below is not "same" or diverges
//   "node_counts":   {"same": int, "changed": int, "added": int, "removed": int},
//   "weight_counts": {"same": int, "changed": int, "added": int, "removed": int},
//   "nodes": [                       // every node, in execution order (B's, removed ones after
//     {                              // the pair that precedes them in A)
//       "class": "same" | "changed" | "added" | "removed",
//       "a": {"index": int, "name": str, "op_type": str, "module_path": str} | null,
//       "b": {the same} | null,
//       "matched_by": "name" | "weights" | "structure" | "name_only" | null,
//       "differences": [{"field": str, "a": str, "b": str}],  // see core/graph_diff.h
//       "outputs": [{"output": int, "max_diff": num, "mean_diff": num, "is_close": bool,
//                    "pcc": num, "passed": bool, "problem": str}]  // passed: the verdict rule
//     }                              // "outputs" only after --run, for the pairs compared
//   ],
//   "weights": [
//     {"class": str, "name": str,
//      "a": {"shape": [int], "dtype": str} | null, "b": {the same} | null,
//      "differences": [{"field": str, "a": str, "b": str}],
//      "values": {"bit_equal": bool, "max_abs_diff": num} | null}   // null: not compared
//   ],
//   "run": null | {"rtol": num, "atol": num, "pcc": num | null (null: by dtype, core/verdict.h),
//                  "pairs_compared": int,
//                  "first_divergence": null | {"a": str, "b": str, "op_type": str,
//                     "module_path": str, "output": int, "max_diff": num, "mean_diff": num,
//                     "pcc": num, "problem": str}}   // the first pair failing the verdict rule
// }
// Numbers that are NaN or infinite are the strings "nan", "inf", "-inf" (core/json_number.h).
#include "core/graph.h"
#include "core/graph_diff.h"
#include "core/json.h"

#include <string>

namespace irscope::ir {

struct DiffSides {
  const Graph& a;
  const Graph& b;
  std::string file_a;
  std::string file_b;
};

Json toJson(const GraphDiff& diff, const DiffSides& sides);

// Counts per class, then every change with both sides, grouped by module in order of first
// appearance, in execution order; then the weights that changed and the first divergence.
std::string toText(const GraphDiff& diff, const DiffSides& sides);

} // namespace irscope::ir
