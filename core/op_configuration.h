#pragma once
// An op's configuration as seed 003's model tracer records it, made from the IR instead of a
// device trace: the op type and its arguments, each input in node order as "arg0", "arg1", ...
// (a tensor is {"type": "torch.Tensor", "shape": [...], "dtype": "torch.float32"}), then every
// attr under its own name. Equal configurations of an op are one, with their nodes counted.
#include "core/graph.h"
#include "core/json.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

// "float32" -> "torch.float32", as str(torch.float32) reads.
std::string torchDtypeName(std::string_view dtype);

// The node's arguments. Attrs whose names start with "_" are irscope's and torch_ir's
// bookkeeping (list sizes, the recorded op), not arguments, and are left out.
Json nodeArguments(const Node& node);

// {"arguments": ..., "operation": op} as Python's json.dumps(sort_keys=True) writes it. Its
// SHA-256 is the configuration's config_hash.
std::string configurationText(const std::string& op, const Json& arguments);

struct OpConfiguration {
  Json arguments;
  std::string text;           // configurationText: the identity of the configuration
  std::vector<int32_t> nodes; // every node with it, in graph order; its size is the count
};

struct OpConfigurations {
  std::string op;
  std::vector<OpConfiguration> configurations; // in order of first appearance
  size_t nodeCount() const;
};

// Every op type of the graph (getitem left out: it is bookkeeping, not an op), sorted by name.
std::vector<OpConfigurations> collectConfigurations(const Graph& graph);

} // namespace irscope::ir
