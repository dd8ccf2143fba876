// The verification report: torch_ir's fields and text, and the first divergence irscope adds.
#include "core/verification.h"
#include "tests/support/graph_builder.h"
#include "tests/support/tensor_values.h"

#include <cstring>
#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

using testing::floats;

Graph threeNodes() {
  testing::GraphBuilder b;
  const auto x = b.input("x", {2});
  const auto a = b.op("relu", "aten.relu.default", {x}, {2});
  const auto c = b.op("neg", "aten.neg.default", {a}, {2});
  b.output(b.op("exp", "aten.exp.default", {c}, {2}));
  return b.build();
}

TEST(Verification, PassingOutputsReadLikeTorchIrsReport) {
  VerificationReport report;
  compareOutputs({floats({2}, {1, 2}), floats({1}, {5})},
                 {floats({2}, {1, 2.5f}), floats({1}, {5})}, {1.0, 1.0}, report);
  EXPECT_TRUE(report.is_valid);
  EXPECT_EQ(report.num_outputs, 2u);
  EXPECT_DOUBLE_EQ(report.max_diff, 0.5);
  EXPECT_DOUBLE_EQ(report.mean_diff, 0.25); // the larger of the two means, not their average
  EXPECT_FALSE(report.error_message);
  const Graph graph = threeNodes();
  EXPECT_EQ(
      toText(report, graph)
          .rfind("Verification PASSED\n  Outputs compared: 2\n  Max difference: 5.00e-01\n  Mean "
                 "difference: 2.50e-01\n",
                 0),
      0u);
  const Json json = toJson(report, graph);
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it)
    keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"is_valid", "max_diff", "mean_diff", "num_outputs",
                                            "output_details", "error_message",
                                            "intermediates_compared", "first_divergence"}));
  EXPECT_EQ(json["output_details"][0]["shape"], Json::array({2}));
  EXPECT_EQ(json["output_details"][1]["is_close"], true);
}

TEST(Verification, FailuresSayWhy) {
  VerificationReport mismatch;
  compareOutputs({floats({1}, {1})}, {floats({1}, {2})}, {1e-5, 1e-5}, mismatch);
  EXPECT_FALSE(mismatch.is_valid);
  EXPECT_EQ(mismatch.error_message, "Output tensors do not match within tolerance");
  EXPECT_EQ(toText(mismatch, threeNodes())
                .rfind("Verification FAILED\n  Error: Output tensors do not match within "
                       "tolerance\n  Max difference: 1.00e+00\n",
                       0),
            0u);
  VerificationReport count;
  compareOutputs({floats({1}, {1})}, {}, {}, count);
  EXPECT_EQ(count.error_message, "Output count mismatch: original=1, ir=0");
  EXPECT_EQ(count.num_outputs, 0u);
}

TEST(Verification, TheFirstIntermediateOutsideToleranceIsTheDivergence) {
  const Graph graph = threeNodes();
  const IntermediateChecker checker({{"relu", floats({2}, {0, 1})},
                                     {"neg", floats({2}, {0, -1})},
                                     {"exp", floats({2}, {1, 0.3678794f})}},
                                    {1e-5, 1e-5});
  VerificationReport report;
  EXPECT_TRUE(checker.check(0, 0, "relu", floats({2}, {0, 1}), report));
  EXPECT_TRUE(checker.check(1, 0, "neg", floats({2}, {0, -1.5f}), report));
  EXPECT_TRUE(checker.check(2, 0, "exp", floats({2}, {1, 0.2231302f}), report));
  EXPECT_FALSE(checker.check(2, 0, "unknown", floats({2}, {0, 0}), report));
  EXPECT_FALSE(checker.check(2, 0, "exp", floats({3}, {0, 0, 0}), report)); // another shape
  ASSERT_TRUE(report.first_divergence);
  EXPECT_EQ(report.first_divergence->node, 1u);
  EXPECT_DOUBLE_EQ(report.first_divergence->comparison.max_diff, 0.5);
  EXPECT_EQ(report.intermediates.size(), 3u);
  const Json json = toJson(report, graph);
  EXPECT_EQ(json["first_divergence"]["node"], "neg");
  EXPECT_EQ(json["intermediates_compared"], 3);
  EXPECT_NE(toText(report, graph)
                .find("First divergence: neg (aten.neg.default), max difference "
                      "5.00e-01"),
            std::string::npos);
}

} // namespace
} // namespace irscope::ir
