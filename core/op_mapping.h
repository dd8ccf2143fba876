#pragma once
// How PyTorch ops map to a target's ops (TTNN first), as data: per op type, the target op(s), a
// status, and the conditions under which a converted op falls back to the host. A condition is
// a small declarative rule evaluated against a node's real shapes, dtypes and attrs, e.g.
//   {"value": "input0.shape[1]", "any_of": [{"eq": 16}, {"multiple_of": 32}],
//    "label": "channels", "because": "needs 16 or a multiple of 32"}
// The file format is read by io/op_mapping_file.h; this header is the model and its evaluation.
#include "core/json.h"
#include "core/node.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

// What a rule looks at, written as text in the mapping file:
//   inputs                      the number of tensor inputs
//   input0.rank  input0.numel  input0.dtype  input0.shape  input0.shape[1]  input0.shape[-2:]
//   output0.…                   the same for outputs
//   attr.NAME                   an attr (the entry's "defaults" fill in ones the IR left out)
struct RuleValue {
  enum class Kind { InputCount, Rank, Numel, Dtype, Shape, Dim, DimSlice, Attr };
  Kind kind = Kind::InputCount;
  bool output = false;
  int index = 0;                   // which input or output
  int64_t dim = 0;                 // Dim: may be negative, from the end
  std::optional<int64_t> from, to; // DimSlice, Python slice bounds
  std::string attr;
  std::string text; // as written, for messages
};

// Parses "input0.shape[1]" and the like; nullopt with `error` set when it is not one.
std::optional<RuleValue> parseRuleValue(std::string_view text, std::string* error);

// The value `ref` has on `node` (null when the node has no such input, dim or attr).
Json resolveValue(const RuleValue& ref, const Node& node, const Json& attr_defaults);

struct Predicate {
  enum class Kind { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, MultipleOf, SameAs, AnyOf, AllOf };
  Kind kind = Kind::Eq;
  // Tests this value instead of the rule's: inside any_of, "rank <= 4, or dim -3 matches".
  std::optional<RuleValue> value;
  Json operand;                    // Eq..MultipleOf: a number, string, bool, list or null
  RuleValue other;                 // SameAs: compare with another value of the same node
  std::vector<Predicate> children; // AnyOf, AllOf
};

bool holds(const Predicate& predicate, const Json& value, const Node& node,
           const Json& attr_defaults);

struct MappingRule {
  RuleValue value;
  Predicate predicate; // all the file's predicate keys of the rule, as one AllOf when several
  std::string label; // "channels": the message says "3 channels" rather than "input0.shape[1] = 3"
  std::string because; // "needs 16 or a multiple of 32"
};

enum class MappingStatus {
  Converted,  // one target op
  Decomposed, // several target ops
  Removed,    // no op at all (a no-op in inference)
  Fallback,   // runs on the host
};
std::string_view statusName(MappingStatus status);
std::optional<MappingStatus> statusNamed(std::string_view name);

struct OpMappingEntry {
  std::string op;                   // "aten.max_pool2d.default"
  std::vector<std::string> targets; // "ttnn.max_pool2d"
  MappingStatus status = MappingStatus::Converted;
  std::string note;
  // The status holds only while every rule does; the first that fails sends the op to the host.
  std::vector<MappingRule> requires_all;
  Json defaults = Json::object(); // attr values the IR leaves out because they are defaults
};

struct OpMapping {
  std::string target = "TTNN";
  std::map<std::string, OpMappingEntry> entries;

  const OpMappingEntry* find(std::string_view op) const;
  // Entries of `overrides` replace this mapping's entries of the same op; others are added.
  void override(const OpMapping& overrides);
};

// What happens to one node, as the coverage reports count it.
enum class CoverageClass { Converted, Removed, Fallback, Unmapped };
std::string_view coverageClassName(CoverageClass coverage);

struct NodeMapping {
  CoverageClass coverage = CoverageClass::Unmapped;
  const OpMappingEntry* entry = nullptr; // null when unmapped
  // For a fallback: why, with the node's own values, e.g.
  // "max_pool2d: 3 channels; needs 16 or a multiple of 32". Empty otherwise.
  std::string reason;
};

NodeMapping mapNode(const OpMapping& mapping, const Node& node);

} // namespace irscope::ir
