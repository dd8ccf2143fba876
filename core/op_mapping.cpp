#include "core/op_mapping.h"

#include "core/op_name.h"
#include "core/python_json.h"

#include <charconv>
#include <cmath>

namespace irscope::ir {

namespace {

bool parseInteger(std::string_view text, int64_t& value) {
  if (text.empty())
    return false;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end;
}

// "input12" -> 12; the prefix is "input" or "output".
bool parseIndexed(std::string_view text, std::string_view prefix, int& index) {
  if (text.substr(0, prefix.size()) != prefix)
    return false;
  int64_t value = 0;
  if (!parseInteger(text.substr(prefix.size()), value) || value < 0 || value > 1000)
    return false;
  index = static_cast<int>(value);
  return true;
}

const Tensor* tensorOf(const RuleValue& ref, const Node& node) {
  const auto& tensors = ref.output ? node.outputs : node.inputs;
  return ref.index < static_cast<int>(tensors.size()) ? &tensors[ref.index] : nullptr;
}

// Python's slice of a list of `size` items: [from:to] with negative bounds from the end.
std::pair<int64_t, int64_t> sliceBounds(const RuleValue& ref, int64_t size) {
  auto clamp = [size](int64_t bound) {
    if (bound < 0)
      bound += size;
    return std::min(std::max<int64_t>(bound, 0), size);
  };
  return {ref.from ? clamp(*ref.from) : 0, ref.to ? clamp(*ref.to) : size};
}

std::optional<double> numberOf(const Json& value) {
  if (value.is_number())
    return value.get<double>();
  if (value.is_boolean())
    return value.get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

// Equality as Python compares JSON values: 1 == 1.0 and True == 1; lists element by element.
bool sameValue(const Json& a, const Json& b) {
  const auto x = numberOf(a), y = numberOf(b);
  if (x && y)
    return *x == *y;
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size())
      return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!sameValue(a[i], b[i]))
        return false;
    return true;
  }
  return a == b;
}

std::string describe(const Json& value) {
  if (value.is_null())
    return "not recorded";
  if (value.is_string())
    return value.get<std::string>();
  return pythonJsonDumps(value);
}

} // namespace

std::optional<RuleValue> parseRuleValue(std::string_view text, std::string* error) {
  RuleValue ref;
  ref.text = std::string(text);
  auto fail = [&](const std::string& why) -> std::optional<RuleValue> {
    if (error)
      *error = "\"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  if (text == "inputs") {
    ref.kind = RuleValue::Kind::InputCount;
    return ref;
  }
  if (text.substr(0, 5) == "attr.") {
    if (text.size() == 5)
      return fail("names no attr");
    ref.kind = RuleValue::Kind::Attr;
    ref.attr = std::string(text.substr(5));
    return ref;
  }
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos)
    return fail("expected inputs, inputN.…, outputN.… or attr.NAME");
  const std::string_view tensor = text.substr(0, dot);
  const std::string_view field = text.substr(dot + 1);
  if (parseIndexed(tensor, "input", ref.index))
    ref.output = false;
  else if (parseIndexed(tensor, "output", ref.index))
    ref.output = true;
  else
    return fail("expected inputN or outputN before the dot");
  if (field == "rank") {
    ref.kind = RuleValue::Kind::Rank;
  } else if (field == "numel") {
    ref.kind = RuleValue::Kind::Numel;
  } else if (field == "dtype") {
    ref.kind = RuleValue::Kind::Dtype;
  } else if (field == "shape") {
    ref.kind = RuleValue::Kind::Shape;
  } else if (field.substr(0, 6) == "shape[" && field.back() == ']') {
    const std::string_view inside = field.substr(6, field.size() - 7);
    const size_t colon = inside.find(':');
    if (colon == std::string_view::npos) {
      ref.kind = RuleValue::Kind::Dim;
      if (!parseInteger(inside, ref.dim))
        return fail("shape[...] needs an integer index");
    } else {
      ref.kind = RuleValue::Kind::DimSlice;
      int64_t bound = 0;
      const std::string_view from = inside.substr(0, colon), to = inside.substr(colon + 1);
      if (!from.empty()) {
        if (!parseInteger(from, bound))
          return fail("shape[a:b] needs integer bounds");
        ref.from = bound;
      }
      if (!to.empty()) {
        if (!parseInteger(to, bound))
          return fail("shape[a:b] needs integer bounds");
        ref.to = bound;
      }
    }
  } else {
    return fail("expected rank, numel, dtype, shape or shape[i] after the dot");
  }
  return ref;
}

Json resolveValue(const RuleValue& ref, const Node& node, const Json& attr_defaults) {
  if (ref.kind == RuleValue::Kind::InputCount)
    return node.inputs.size();
  if (ref.kind == RuleValue::Kind::Attr) {
    if (node.attrs.is_object() && node.attrs.contains(ref.attr))
      return node.attrs[ref.attr];
    if (attr_defaults.is_object() && attr_defaults.contains(ref.attr))
      return attr_defaults[ref.attr];
    return nullptr;
  }
  const Tensor* tensor = tensorOf(ref, node);
  if (!tensor)
    return nullptr;
  const auto rank = static_cast<int64_t>(tensor->shape.size());
  switch (ref.kind) {
  case RuleValue::Kind::Rank:
    return rank;
  case RuleValue::Kind::Numel: {
    int64_t numel = 1;
    for (const int64_t dim : tensor->shape)
      numel *= dim;
    return numel;
  }
  case RuleValue::Kind::Dtype:
    return tensor->dtype;
  case RuleValue::Kind::Shape:
    return tensor->shape;
  case RuleValue::Kind::Dim: {
    const int64_t at = ref.dim < 0 ? ref.dim + rank : ref.dim;
    if (at < 0 || at >= rank)
      return nullptr;
    return tensor->shape[static_cast<size_t>(at)];
  }
  case RuleValue::Kind::DimSlice: {
    const auto [from, to] = sliceBounds(ref, rank);
    Json dims = Json::array();
    for (int64_t i = from; i < to; ++i)
      dims.push_back(tensor->shape[static_cast<size_t>(i)]);
    return dims;
  }
  default:
    return nullptr;
  }
}

bool holds(const Predicate& predicate, const Json& rule_value, const Node& node,
           const Json& attr_defaults) {
  const Json& value =
      predicate.value ? resolveValue(*predicate.value, node, attr_defaults) : rule_value;
  const auto number = numberOf(value);
  const auto operand = numberOf(predicate.operand);
  switch (predicate.kind) {
  case Predicate::Kind::Eq:
    return sameValue(value, predicate.operand);
  case Predicate::Kind::Ne:
    return !value.is_null() && !sameValue(value, predicate.operand);
  case Predicate::Kind::Lt:
    return number && operand && *number < *operand;
  case Predicate::Kind::Le:
    return number && operand && *number <= *operand;
  case Predicate::Kind::Gt:
    return number && operand && *number > *operand;
  case Predicate::Kind::Ge:
    return number && operand && *number >= *operand;
  case Predicate::Kind::In:
  case Predicate::Kind::NotIn: {
    bool found = false;
    for (const Json& candidate : predicate.operand)
      found = found || sameValue(value, candidate);
    return predicate.kind == Predicate::Kind::In ? found : !value.is_null() && !found;
  }
  case Predicate::Kind::MultipleOf:
    return number && operand && *operand != 0 && std::fmod(*number, *operand) == 0;
  case Predicate::Kind::SameAs:
    return !value.is_null() && sameValue(value, resolveValue(predicate.other, node, attr_defaults));
  case Predicate::Kind::AnyOf:
    for (const Predicate& child : predicate.children)
      if (holds(child, value, node, attr_defaults))
        return true;
    return false;
  case Predicate::Kind::AllOf:
    for (const Predicate& child : predicate.children)
      if (!holds(child, value, node, attr_defaults))
        return false;
    return true;
  }
  return false;
}

std::string_view statusName(MappingStatus status) {
  switch (status) {
  case MappingStatus::Converted:
    return "converted";
  case MappingStatus::Decomposed:
    return "decomposed";
  case MappingStatus::Removed:
    return "removed";
  case MappingStatus::Fallback:
    return "fallback";
  }
  return "fallback";
}

std::optional<MappingStatus> statusNamed(std::string_view name) {
  for (const MappingStatus status : {MappingStatus::Converted, MappingStatus::Decomposed,
                                     MappingStatus::Removed, MappingStatus::Fallback})
    if (statusName(status) == name)
      return status;
  return std::nullopt;
}

std::string_view coverageClassName(CoverageClass coverage) {
  switch (coverage) {
  case CoverageClass::Converted:
    return "converted";
  case CoverageClass::Removed:
    return "removed";
  case CoverageClass::Fallback:
    return "fallback";
  case CoverageClass::Unmapped:
    return "unmapped";
  }
  return "unmapped";
}

const OpMappingEntry* OpMapping::find(std::string_view op) const {
  const auto found = entries.find(std::string(op));
  return found == entries.end() ? nullptr : &found->second;
}

void OpMapping::override(const OpMapping& overrides) {
  for (const auto& [op, entry] : overrides.entries)
    entries[op] = entry;
}

NodeMapping mapNode(const OpMapping& mapping, const Node& node) {
  NodeMapping result;
  result.entry = mapping.find(node.op_type);
  if (!result.entry)
    return result;
  const OpMappingEntry& entry = *result.entry;
  if (entry.status == MappingStatus::Fallback) {
    result.coverage = CoverageClass::Fallback;
    result.reason =
        shortOpName(node.op_type) + ": " + (entry.note.empty() ? "runs on the host" : entry.note);
    return result;
  }
  for (const MappingRule& rule : entry.requires_all) {
    const Json value = resolveValue(rule.value, node, entry.defaults);
    if (holds(rule.predicate, value, node, entry.defaults))
      continue;
    result.coverage = CoverageClass::Fallback;
    const std::string actual = !rule.label.empty() && !value.is_null()
                                   ? describe(value) + " " + rule.label
                                   : rule.value.text + " is " + describe(value);
    result.reason = shortOpName(node.op_type) + ": " + actual +
                    (rule.because.empty() ? std::string() : "; " + rule.because);
    return result;
  }
  result.coverage =
      entry.status == MappingStatus::Removed ? CoverageClass::Removed : CoverageClass::Converted;
  return result;
}

} // namespace irscope::ir
