#pragma once
// Which node of one graph is which node of another: the pairing `irscope-cli diff` and the app's
// comparison view stand on. Two IRs of one model rarely agree name for name (torch.export
// numbers ops by kind, so one inserted conv renames every conv after it), so names are only the
// first and cheapest evidence:
//  1. By name: nodes of the same name and op whose inputs come from already paired sources
//     (paired producers, the same graph input, the same state_dict weight) and whose consumers
//     carry the same names; walked in execution order so that the check is transitive.
//  2. By weights: unpaired nodes of the same op kind reading the same state_dict weights.
//  3. By structure: rounds of a forward walk (candidates are the consumers of the partners of a
//     node's inputs) and a backward walk (the producers feeding the partners of its consumers,
//     and the producers of the same graph output), each candidate scored on the evidence: same op
//     kind (required), agreeing inputs and consumers, module path, attrs, shapes, name.
//  4. Leftovers of the same name and op on both sides.
// Weights are told apart by state_dict name, so placeholders that differ ("p_conv1_weight" and
// "conv1.weight") do not matter. Every phase visits each node a bounded number of times and
// looks at a bounded number of candidates, so matching is linear in the graph size.
#include "core/graph.h"
#include "core/topology.h"

#include <cstdint>
#include <vector>

namespace irscope::ir {

// What paired a node, strongest first.
enum class MatchEvidence : uint8_t { Name, Weights, Structure, NameOnly };

// "name", "weights", "structure", "name_only".
const char* matchEvidenceName(MatchEvidence evidence);

struct GraphMatching {
  std::vector<int32_t> partner_in_b;       // [node of A] -> node of B, -1 when unpaired
  std::vector<int32_t> partner_in_a;       // [node of B] -> node of A, -1 when unpaired
  std::vector<MatchEvidence> evidence;     // [node of A], meaningful where paired
  std::vector<int32_t> input_partner_in_b; // [graph input of A] -> graph input of B, or -1
  size_t pairs = 0;
};

// The op without its overload ("aten.conv2d.padding" -> "aten.conv2d"): nodes are paired only
// when this agrees, so a changed overload is a changed node, not a removed and an added one.
std::string opKind(const std::string& op_type);

GraphMatching matchGraphs(const Graph& a, const Topology& topology_a, const Graph& b,
                          const Topology& topology_b);

} // namespace irscope::ir
