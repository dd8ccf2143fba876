// The verdict rule of core/verdict.h, case by case on tensors small enough to reason about.
#include "core/verdict.h"
#include "tests/support/graph_builder.h"
#include "tests/support/tensor_values.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>

namespace irscope::ir {
namespace {

using testing::floats;

TensorData bfloats(Shape shape, const std::vector<float>& values) {
  // bfloat16: the high half of each float32.
  TensorData data{"bfloat16", std::move(shape), {}};
  for (float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    const uint16_t high = static_cast<uint16_t>(bits >> 16);
    data.bytes.push_back(static_cast<std::byte>(high & 0xff));
    data.bytes.push_back(static_cast<std::byte>(high >> 8));
  }
  return data;
}

VerificationReport compared(const TensorData& reference, const TensorData& actual) {
  VerificationReport report;
  compareOutputs({reference}, {actual}, Tolerance{}, report);
  return report;
}

TEST(Verdict, DefaultsFollowTheLowerPrecisionDtype) {
  EXPECT_EQ(defaultPcc("float32"), 0.9999);
  EXPECT_EQ(defaultPcc("float16"), 0.999);
  EXPECT_EQ(defaultPcc("bfloat16"), 0.99);
  EXPECT_EQ(defaultPcc("torch.bfloat16"), 0.99);
  EXPECT_EQ(lowerPrecisionDtype("float32", "bfloat16"), "bfloat16");
  EXPECT_EQ(lowerPrecisionDtype("float16", "float32"), "float16");
  EXPECT_EQ(lowerPrecisionDtype("int64", "float32"), "float32");
  EXPECT_EQ(unitRoundoff("bfloat16"), std::ldexp(1.0, -8));
  EXPECT_EQ(unitRoundoff("int64"), 0.0);
}

TEST(Verdict, OutputsBelowAtolAreDecidedByPccNotAllclose) {
  // Both about 1e-9: allclose calls them close, but they do not correlate.
  const VerificationReport report = compared(floats({4}, {1e-9f, 2e-9f, 3e-9f, 4e-9f}),
                                             floats({4}, {4e-9f, 1e-9f, 3e-9f, 2e-9f}));
  EXPECT_TRUE(report.is_valid);
  const Verdict verdict = decideVerdict(report, {});
  EXPECT_EQ(verdict.status, VerdictStatus::Failed);
  ASSERT_EQ(verdict.outputs.size(), 1u);
  EXPECT_TRUE(verdict.outputs[0].below_atol);
  EXPECT_FALSE(verdict.outputs[0].allclose_decides);
  EXPECT_EQ(verdict.reason.rfind("output 0: PCC ", 0), 0u) << verdict.reason;
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_NE(verdict.notes[0].find("below atol"), std::string::npos);

  // The same tiny values, the same order: passes.
  const VerificationReport same = compared(floats({4}, {1e-9f, 2e-9f, 3e-9f, 4e-9f}),
                                           floats({4}, {1e-9f, 2e-9f, 3e-9f, 4e-9f}));
  EXPECT_EQ(decideVerdict(same, {}).status, VerdictStatus::Passed);
}

TEST(Verdict, AllcloseStillDecidesForFloat32AtItsScale) {
  // PCC 1 (a shift), but 0.5 apart: outside allclose, which decides at this scale.
  const Verdict verdict =
      decideVerdict(compared(floats({3}, {1, 2, 3}), floats({3}, {1.5f, 2.5f, 3.5f})), {});
  EXPECT_EQ(verdict.status, VerdictStatus::Failed);
  EXPECT_NE(verdict.reason.find("not allclose"), std::string::npos) << verdict.reason;
  EXPECT_EQ(verdict.reason.find("PCC"), std::string::npos) << verdict.reason;
}

TEST(Verdict, NewNonFiniteValuesFailEvenWhereAllElseAgrees) {
  const float inf = std::numeric_limits<float>::infinity();
  const Verdict fails =
      decideVerdict(compared(floats({3}, {1, 2, 3}), floats({3}, {1, 2, inf})), {});
  EXPECT_EQ(fails.status, VerdictStatus::Failed);
  EXPECT_NE(fails.reason.find("1 NaN or Inf where the reference is finite"), std::string::npos)
      << fails.reason;
  // An infinity the reference has too is no failure.
  EXPECT_EQ(decideVerdict(compared(floats({3}, {1, 2, inf}), floats({3}, {1, 2, inf})), {}).status,
            VerdictStatus::Passed);
}

TEST(Verdict, ABfloatRunIsJudgedByPccAtItsOwnThreshold) {
  std::vector<float> reference;
  for (int i = 0; i < 64; ++i)
    reference.push_back(std::sin(0.37f * static_cast<float>(i)) * 3.0f + 0.01f * i);
  const TensorData actual = bfloats({64}, reference);
  const VerificationReport report = compared(floats({64}, reference), actual);
  EXPECT_FALSE(report.is_valid); // bfloat16 rounding is far outside 1e-5
  const Verdict verdict = decideVerdict(report, {});
  EXPECT_EQ(verdict.status, VerdictStatus::Passed) << verdict.reason;
  EXPECT_FALSE(verdict.outputs[0].allclose_decides);
  EXPECT_EQ(verdict.outputs[0].pcc_threshold, 0.99);
  // With one threshold above what bfloat16 reaches, it fails.
  VerdictRule tight;
  tight.pcc = 0.9999999;
  EXPECT_EQ(decideVerdict(report, tight).status, VerdictStatus::Failed);
  // And an rtol at bfloat16's rounding makes allclose count again.
  VerdictRule loose;
  loose.tolerance = {1e-2, 1e-2};
  EXPECT_TRUE(decideVerdict(report, loose).outputs[0].allclose_decides);
}

TEST(Verdict, ConstantsAndSingleValuesAreLeftToAllclose) {
  const Verdict single = decideVerdict(compared(floats({1}, {2}), floats({1}, {2})), {});
  EXPECT_EQ(single.status, VerdictStatus::Passed);
  EXPECT_FALSE(single.outputs[0].pcc_checked);
  const Verdict constant =
      decideVerdict(compared(floats({3}, {2, 2, 2}), floats({3}, {2, 2, 3})), {});
  EXPECT_EQ(constant.status, VerdictStatus::Failed);
  EXPECT_FALSE(constant.outputs[0].pcc_checked);
}

TEST(Verdict, AnIntermediateFarOutsideToleranceUnderPassingOutputsIsNamed) {
  testing::GraphBuilder b;
  const auto x = b.input("x", {4});
  const auto a = b.op("relu", "aten.relu.default", {x}, {4});
  const auto c = b.op("neg", "aten.neg.default", {a}, {4});
  b.output(b.op("exp", "aten.exp.default", {c}, {4}));
  const Graph graph = b.build();

  VerificationReport report;
  const TensorData out = floats({4}, {1, 2, 3, 4});
  compareOutputs({out}, {out}, Tolerance{}, report);
  // relu rounds (within 10% and PCC ~1): not far. neg is scaled by 1e-3: far, though PCC is 1.
  const IntermediateChecker checker(
      {{"relu", floats({4}, {1, 2, 3, 4})}, {"neg", floats({4}, {-1, -2, -3, -4})}}, Tolerance{});
  checker.check(0, 0, "relu", floats({4}, {1.001f, 2, 3, 4}), report);
  checker.check(1, 0, "neg", floats({4}, {-1e-3f, -2e-3f, -3e-3f, -4e-3f}), report);
  const Verdict verdict = decideVerdict(report, {});
  EXPECT_EQ(verdict.status, VerdictStatus::PassedWithDivergentIntermediates);
  ASSERT_TRUE(verdict.divergent_intermediate);
  EXPECT_EQ(report.intermediates[*verdict.divergent_intermediate].node, 1u);
  const std::string text = toText(report, verdict, {}, graph);
  EXPECT_EQ(text.rfind("Verification PASSED WITH DIVERGENT INTERMEDIATES: neg (", 0), 0u) << text;
  EXPECT_EQ(toJson(report, verdict, {}, graph)["divergent_intermediate"]["node"], "neg");
}

TEST(Verdict, MismatchedShapesOrKindsAreNamed) {
  EXPECT_EQ(comparabilityProblem(floats({2}, {1, 2}), floats({2}, {1, 2})), "");
  EXPECT_EQ(comparabilityProblem(bfloats({2}, {1, 2}), floats({2}, {1, 2})), "");
  EXPECT_EQ(comparabilityProblem(floats({1, 2}, {1, 2}), floats({2}, {1, 2})),
            "shape [1, 2] float32 vs expected [2] float32");
  TensorData integers{"int64", {2}, std::vector<std::byte>(16)};
  EXPECT_EQ(comparabilityProblem(floats({2}, {1, 2}), integers),
            "shape [2] float32 vs expected [2] int64");
}

} // namespace
} // namespace irscope::ir
