#include "core/model_summary.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(ModelSummary, CountsOpsMostCommonFirstWithTiesInFirstSeenOrder) {
  testing::GraphBuilder b;
  b.input("x", {4});
  b.op("a", "aten.relu.default", {"x"}, {4});
  b.op("b", "aten.neg.default", {"a"}, {4});
  b.op("c", "aten.add.Tensor", {"b", "a"}, {4});
  b.op("d", "aten.neg.default", {"c"}, {4});
  b.op("e", "aten.add.Tensor", {"d", "c"}, {4});
  b.op("f", "aten.sigmoid.default", {"e"}, {4});
  const ModelSummary summary = summarize(b.build());
  const std::vector<std::pair<std::string, size_t>> expected = {{"aten.neg.default", 2},
                                                                {"aten.add.Tensor", 2},
                                                                {"aten.relu.default", 1},
                                                                {"aten.sigmoid.default", 1}};
  EXPECT_EQ(summary.op_distribution, expected);
  EXPECT_EQ(summary.num_nodes, 6u);
}

TEST(ModelSummary, CountsParametersAndBytesPerDtype) {
  testing::GraphBuilder b;
  b.weight("a", {10, 10});
  b.weight("b", {10}, "bfloat16");
  b.weight("steps", {}, "int64");
  Graph graph = b.build();
  graph.weights.push_back(graph.weights[0]); // a tied weight, listed twice as torch_ir does
  const ModelSummary summary = summarize(graph);
  EXPECT_EQ(summary.total_parameters, 100 + 10 + 1 + 100);
  EXPECT_EQ(summary.unique_parameters, 111);
  EXPECT_EQ(summary.parameter_bytes_by_dtype.at("float32"), 400);
  EXPECT_EQ(summary.parameter_bytes_by_dtype.at("bfloat16"), 20);
  EXPECT_EQ(summary.parameter_bytes_by_dtype.at("int64"), 8);
  EXPECT_EQ(summary.parameter_bytes, 428);
  EXPECT_TRUE(summary.unknown_dtypes.empty());
}

TEST(ModelSummary, ParameterBytesSaturateInsteadOfWrapping) {
  testing::GraphBuilder b;
  b.weight("huge", {int64_t{1} << 61}, "float64"); // 2^61 elements of 8 bytes: 2^64 bytes
  b.weight("small", {2}, "float64");
  const ModelSummary summary = summarize(b.build());
  EXPECT_EQ(summary.unique_parameters, (int64_t{1} << 61) + 2);
  EXPECT_EQ(summary.parameter_bytes, INT64_MAX);
  EXPECT_EQ(summary.parameter_bytes_by_dtype.at("float64"), INT64_MAX);
}

TEST(ModelSummary, ListsDtypesOfUnknownSize) {
  testing::GraphBuilder b;
  b.weight("q", {4}, "qint4x2");
  const ModelSummary summary = summarize(b.build());
  EXPECT_EQ(summary.unknown_dtypes, std::vector<std::string>{"qint4x2"});
  EXPECT_EQ(summary.parameter_bytes, 0);
}

} // namespace
} // namespace irscope::ir
