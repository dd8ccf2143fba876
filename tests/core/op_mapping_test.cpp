// Mapping rules, evaluated against a node's real shapes, dtypes and attrs: every rule kind with
// both outcomes, and what a fallback says.
#include "core/op_mapping.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

Node pool(int64_t channels, Json attrs = Json::object()) {
  testing::GraphBuilder b;
  const auto x = b.input("x", {1, channels, 8, 8});
  b.op("pool", "aten.max_pool2d.default", {x}, {1, channels, 4, 4}, std::move(attrs));
  return b.build().nodes.front();
}

RuleValue ref(const std::string& text) {
  std::string error;
  const auto parsed = parseRuleValue(text, &error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(RuleValue{});
}

Predicate leaf(Predicate::Kind kind, Json operand) {
  Predicate p;
  p.kind = kind;
  p.operand = std::move(operand);
  return p;
}

bool test(const std::string& value, const Predicate& predicate, const Node& node,
          const Json& defaults = Json::object()) {
  return holds(predicate, resolveValue(ref(value), node, defaults), node, defaults);
}

TEST(ValueRefs, ResolveOnTheNodesOwnShapesDtypesAndAttrs) {
  const Node node = pool(48, {{"kernel_size", {2, 2}}});
  EXPECT_EQ(resolveValue(ref("inputs"), node, {}), 1);
  EXPECT_EQ(resolveValue(ref("input0.rank"), node, {}), 4);
  EXPECT_EQ(resolveValue(ref("input0.numel"), node, {}), 48 * 64);
  EXPECT_EQ(resolveValue(ref("input0.dtype"), node, {}), "float32");
  EXPECT_EQ(resolveValue(ref("input0.shape"), node, {}), Json({1, 48, 8, 8}));
  EXPECT_EQ(resolveValue(ref("input0.shape[1]"), node, {}), 48);
  EXPECT_EQ(resolveValue(ref("input0.shape[-3]"), node, {}), 48);
  EXPECT_EQ(resolveValue(ref("input0.shape[-2:]"), node, {}), Json({8, 8}));
  EXPECT_EQ(resolveValue(ref("input0.shape[:2]"), node, {}), Json({1, 48}));
  EXPECT_EQ(resolveValue(ref("output0.shape[-1]"), node, {}), 4);
  EXPECT_EQ(resolveValue(ref("attr.kernel_size"), node, {}), Json({2, 2}));
  // Absent: no such input, dim or attr; an attr's default fills in.
  EXPECT_TRUE(resolveValue(ref("input1.rank"), node, {}).is_null());
  EXPECT_TRUE(resolveValue(ref("input0.shape[7]"), node, {}).is_null());
  EXPECT_TRUE(resolveValue(ref("attr.ceil_mode"), node, {}).is_null());
  EXPECT_EQ(resolveValue(ref("attr.ceil_mode"), node, {{"ceil_mode", false}}), false);
}

TEST(ValueRefs, RefuseWhatTheyCannotRead) {
  for (const char* bad : {"input.rank", "inputx.rank", "input0.shap", "input0.shape[a]",
                          "input0.shape[1:x]", "weight0.rank", "attr.", "rank"}) {
    std::string error;
    EXPECT_FALSE(parseRuleValue(bad, &error)) << bad;
    EXPECT_NE(error.find(bad), std::string::npos) << error;
  }
}

TEST(Predicates, EachKindHoldsAndFails) {
  const Node node = pool(48, {{"ceil_mode", false}, {"mode", "constant"}});
  using K = Predicate::Kind;
  EXPECT_TRUE(test("input0.shape[1]", leaf(K::Eq, 48), node));
  EXPECT_FALSE(test("input0.shape[1]", leaf(K::Eq, 16), node));
  EXPECT_TRUE(test("attr.ceil_mode", leaf(K::Eq, false), node));
  EXPECT_TRUE(test("attr.ceil_mode", leaf(K::Eq, 0), node)); // False == 0, as in Python
  EXPECT_TRUE(test("attr.mode", leaf(K::Ne, "reflect"), node));
  EXPECT_FALSE(test("attr.mode", leaf(K::Ne, "constant"), node));
  EXPECT_FALSE(test("attr.missing", leaf(K::Ne, 1), node)); // nothing to compare is no pass
  EXPECT_TRUE(test("input0.rank", leaf(K::Lt, 5), node));
  EXPECT_FALSE(test("input0.rank", leaf(K::Lt, 4), node));
  EXPECT_TRUE(test("input0.rank", leaf(K::Le, 4), node));
  EXPECT_FALSE(test("input0.rank", leaf(K::Le, 3), node));
  EXPECT_TRUE(test("input0.rank", leaf(K::Gt, 3), node));
  EXPECT_FALSE(test("input0.rank", leaf(K::Gt, 4), node));
  EXPECT_TRUE(test("input0.rank", leaf(K::Ge, 4), node));
  EXPECT_FALSE(test("input0.rank", leaf(K::Ge, 5), node));
  EXPECT_TRUE(test("input0.dtype", leaf(K::In, {"float32", "bfloat16"}), node));
  EXPECT_FALSE(test("input0.dtype", leaf(K::In, {"int64"}), node));
  EXPECT_TRUE(test("input0.dtype", leaf(K::NotIn, {"int64"}), node));
  EXPECT_FALSE(test("input0.dtype", leaf(K::NotIn, {"float32"}), node));
  EXPECT_TRUE(test("input0.shape[1]", leaf(K::MultipleOf, 16), node));
  EXPECT_FALSE(test("input0.shape[1]", leaf(K::MultipleOf, 32), node));
  EXPECT_FALSE(test("input0.rank", leaf(K::Lt, "5"), node)); // a string is not a number

  Predicate same;
  same.kind = K::SameAs;
  same.other = ref("output0.shape[-1]");
  EXPECT_TRUE(test("output0.shape[-2]", same, node));
  EXPECT_FALSE(test("input0.shape[-1]", same, node));

  // "== 16 or % 32 == 0": 48 is neither; 16 and 64 are one each.
  Predicate channels;
  channels.kind = K::AnyOf;
  channels.children = {leaf(K::Eq, 16), leaf(K::MultipleOf, 32)};
  EXPECT_FALSE(test("input0.shape[1]", channels, node));
  EXPECT_TRUE(test("input0.shape[1]", channels, pool(16)));
  EXPECT_TRUE(test("input0.shape[1]", channels, pool(64)));
  Predicate both;
  both.kind = K::AllOf;
  both.children = {leaf(K::Ge, 16), leaf(K::MultipleOf, 16)};
  EXPECT_TRUE(test("input0.shape[1]", both, node));
  EXPECT_FALSE(test("input0.shape[1]", both, pool(8)));
  // A child that looks at another value: "rank <= 4, or the batch is 1".
  Predicate other_value = leaf(K::Eq, 1);
  other_value.value = ref("input0.shape[0]");
  Predicate either;
  either.kind = K::AnyOf;
  either.children = {leaf(K::Le, 3), other_value};
  EXPECT_TRUE(test("input0.rank", either, node));
}

OpMapping poolMapping() {
  OpMapping mapping;
  OpMappingEntry entry;
  entry.op = "aten.max_pool2d.default";
  entry.targets = {"ttnn.max_pool2d"};
  MappingRule rule;
  rule.value = ref("input0.shape[-3]");
  rule.predicate.kind = Predicate::Kind::AnyOf;
  rule.predicate.children = {leaf(Predicate::Kind::Eq, 16), leaf(Predicate::Kind::MultipleOf, 32)};
  rule.label = "channels";
  rule.because = "needs 16 or a multiple of 32";
  entry.requires_all.push_back(rule);
  mapping.entries[entry.op] = entry;
  OpMappingEntry dropout;
  dropout.op = "aten.dropout.default";
  dropout.status = MappingStatus::Removed;
  MappingRule train;
  train.value = ref("attr.train");
  train.predicate = leaf(Predicate::Kind::Eq, false);
  train.because = "training dropout is not lowered";
  dropout.requires_all.push_back(train);
  mapping.entries[dropout.op] = dropout;
  OpMappingEntry host;
  host.op = "aten.sum.dim_IntList";
  host.status = MappingStatus::Fallback;
  host.note = "not lowered";
  mapping.entries[host.op] = host;
  return mapping;
}

TEST(MapNode, ConvertedRemovedFallbackAndUnmapped) {
  const OpMapping mapping = poolMapping();
  EXPECT_EQ(mapNode(mapping, pool(64)).coverage, CoverageClass::Converted);
  const NodeMapping three = mapNode(mapping, pool(3));
  EXPECT_EQ(three.coverage, CoverageClass::Fallback);
  EXPECT_EQ(three.reason, "max_pool2d: 3 channels; needs 16 or a multiple of 32");

  testing::GraphBuilder b;
  const auto x = b.input("x", {2, 4});
  b.op("d", "aten.dropout.default", {x}, {2, 4}, {{"p", 0.1}, {"train", false}});
  b.op("t", "aten.dropout.default", {x}, {2, 4}, {{"p", 0.1}, {"train", true}});
  b.op("s", "aten.sum.dim_IntList", {x}, {2});
  b.op("u", "aten.unknown_thing.default", {x}, {2, 4});
  const Graph graph = b.build();
  EXPECT_EQ(mapNode(mapping, graph.nodes[0]).coverage, CoverageClass::Removed);
  const NodeMapping training = mapNode(mapping, graph.nodes[1]);
  EXPECT_EQ(training.coverage, CoverageClass::Fallback);
  EXPECT_EQ(training.reason, "dropout: attr.train is true; training dropout is not lowered");
  const NodeMapping host = mapNode(mapping, graph.nodes[2]);
  EXPECT_EQ(host.coverage, CoverageClass::Fallback);
  EXPECT_EQ(host.reason, "sum.dim_IntList: not lowered");
  const NodeMapping unknown = mapNode(mapping, graph.nodes[3]);
  EXPECT_EQ(unknown.coverage, CoverageClass::Unmapped);
  EXPECT_EQ(unknown.entry, nullptr);
}

TEST(MapNode, AnOverrideReplacesTheEntry) {
  OpMapping mapping = poolMapping();
  OpMapping user;
  OpMappingEntry host;
  host.op = "aten.max_pool2d.default";
  host.status = MappingStatus::Fallback;
  host.note = "our pool is not ready";
  user.entries[host.op] = host;
  mapping.override(user);
  EXPECT_EQ(mapNode(mapping, pool(64)).reason, "max_pool2d: our pool is not ready");
  EXPECT_NE(mapping.find("aten.dropout.default"), nullptr); // the others stay
}

} // namespace
} // namespace irscope::ir
