#pragma once
// The verdict rule: one answer to "does this run agree with its reference?", the same in
// irscope-cli verify, report and compare and in the app.
//
// A compared tensor (an output, or an intermediate when the reference recorded it) PASSES when
// all of these hold:
//  1. No NaN or Inf where the reference has a finite value.
//  2. Scale-aware agreement: PCC >= the PCC threshold. Applies to floating-point tensors with
//     more than one finite element pair whose reference values are not all equal (PCC says
//     nothing about a constant or a single value; allclose decides those).
//  3. torch_ir's allclose, |reference - actual| <= atol + rtol * |actual| for every element
//     (rtol = atol = 1e-5 by default, torch_ir's), printed as torch_ir prints it, so that the
//     result stays comparable with torch_ir's. It decides too, except where it cannot tell a
//     right answer from a wrong one:
//     - when every reference value is below atol (max |reference| < atol), allclose would call
//       any two such tensors close: the report says so and criteria 1 and 2 decide;
//     - when rtol is below the unit roundoff of the lower-precision dtype of the pair (bfloat16
//       2^-8 = 3.9e-3, float16 2^-11 = 4.9e-4): rounding alone exceeds it, so a bfloat16 or
//       float16 run against a float32 reference is decided by 1 and 2; allclose is still
//       printed. Give --rtol at or above the unit roundoff to make it count.
//
// PCC thresholds, by the lower-precision dtype of the pair unless --pcc gives one for all:
//   float32 and float64 0.9999: a float32 rerun agrees to ~1 - 1e-10; 0.9999 still fails
//                              wrong weights, a swapped channel or a dropped term;
//   float16 0.999:             float16 keeps 11 significant bits, ~3 decimal digits;
//   bfloat16 0.99:             bfloat16 keeps 8 bits (~2.4 digits). The zoo's TransformerBlock
//                              run in bfloat16 against its float32 reference measures PCC
//                              0.999989 on its output (tests/cli/cli_verdict_test.cpp); 0.99
//                              leaves room for deeper models, whose rounding accumulates, and
//                              is tt-metal's usual bfloat16 PCC bar.
//
// The verdict over a run:
//   FAILED                               an output fails, or outputs are missing or extra;
//   PASSED WITH DIVERGENT INTERMEDIATES  every output passes, but an intermediate diverges far
//                                        outside tolerance (below): the verdict names the first
//                                        such node. Only when intermediates were compared (a
//                                        TorchScript reference, or a golden folder with nodes/);
//   PASSED                               otherwise.
// An intermediate diverges FAR when it fails criterion 1 or 2 (a wrong value, not rounding), or
// when its largest difference exceeds 10% of the reference's largest magnitude
// (max |a - e| > 0.1 * max |e|, which catches a scaled tensor that PCC, being scale-free, does
// not), and always only when it is also outside allclose. Rounding of a lower-precision run
// (every intermediate of a bfloat16 run is outside allclose at 1e-5) is not far.
#include "core/graph.h"
#include "core/json.h"
#include "core/tensor_comparison.h"
#include "core/verification.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

// PCC thresholds by dtype (see above); dtypes that are not floating point get float32's.
inline constexpr double kPccFloat32 = 0.9999;
inline constexpr double kPccFloat16 = 0.999;
inline constexpr double kPccBfloat16 = 0.99;
// An intermediate's difference is far when it exceeds this share of the reference's magnitude.
inline constexpr double kFarRelativeDifference = 0.1;

double defaultPcc(std::string_view dtype);

// The half-spacing of `dtype`'s values at 1 (2^-8 bfloat16, 2^-11 float16, 2^-24 float32,
// 2^-53 float64); 0 for a dtype that is not floating point.
double unitRoundoff(std::string_view dtype);

// Of two dtypes, the one with fewer mantissa bits (bfloat16 < float16 < float32 < float64);
// `a` when neither is floating point.
std::string lowerPrecisionDtype(std::string_view a, std::string_view b);

// Empty when `actual` can be compared with `expected`; otherwise one line naming both shapes and
// dtypes ("shape [1, 1000] float32 vs expected [1, 10] float32"). Dtypes differ in kind (floating
// point, integer, bool) to be incomparable: a bfloat16 run against float32 is a comparison.
std::string comparabilityProblem(const TensorData& actual, const TensorData& expected);

struct VerdictRule {
  Tolerance tolerance;
  std::optional<double> pcc; // one threshold for every dtype; none: defaultPcc of each pair
  double pccFor(std::string_view dtype) const { return pcc ? *pcc : defaultPcc(dtype); }
};

enum class VerdictStatus { Passed, PassedWithDivergentIntermediates, Failed };

// "PASSED", "PASSED WITH DIVERGENT INTERMEDIATES", "FAILED".
const char* verdictName(VerdictStatus status);

// How the rule judged one tensor.
struct TensorJudgement {
  bool passed = true;
  bool below_atol = false;      // every reference value is below atol
  bool allclose_decides = true; // false: below atol, or rtol below the dtype's rounding
  bool pcc_checked = false;     // criterion 2 applied
  double pcc_threshold = 0;     // the threshold for this tensor's dtype
  std::string problem;          // why not, one line; empty when passed
};

TensorJudgement judgeTensor(const TensorComparison& comparison, const VerdictRule& rule);

// Whether an intermediate diverges far (see above).
bool divergesFar(const TensorComparison& comparison, const VerdictRule& rule);

struct Verdict {
  VerdictStatus status = VerdictStatus::Passed;
  std::vector<TensorJudgement> outputs; // one per report.output_details
  // Index into report.intermediates of the first that diverges far, in execution order.
  std::optional<size_t> divergent_intermediate;
  // One line: why it failed, or which node diverged; empty for PASSED.
  std::string reason;
  // Things the reader must know to trust the verdict, one line each ("output 0: every
  // reference value is below atol ...").
  std::vector<std::string> notes;
};

// The verdict over a report that compareOutputs (and an IntermediateChecker) filled. A report
// with an error_message and no output details (an output count mismatch) FAILS.
Verdict decideVerdict(const VerificationReport& report, const VerdictRule& rule);

// The report's JSON (toJson(report, graph): torch_ir's fields, whose is_valid stays torch_ir's
// allclose answer) plus the verdict's: "verdict" (the name), "passed", "verdict_reason",
// "notes", "rtol", "atol", "pcc" (the threshold given, or null for the per-dtype defaults),
// per output "pcc", "pcc_threshold", "dtype", "below_atol", "allclose_decides", "passed", and
// "divergent_intermediate" {node, op_type, module_path, tensor, max_diff, pcc} or null.
Json toJson(const VerificationReport& report, const Verdict& verdict, const VerdictRule& rule,
            const Graph& graph);

// "Verification PASSED" / "... PASSED WITH DIVERGENT INTERMEDIATES: NODE ..." / "... FAILED",
// then torch_ir's figures, a line per output with its PCC against its threshold, the notes, the
// intermediates and the tolerances.
std::string toText(const VerificationReport& report, const Verdict& verdict,
                   const VerdictRule& rule, const Graph& graph);

// "rtol 1e-05, atol 1e-05, PCC >= 0.9999 (float32) / 0.999 (float16) / 0.99 (bfloat16)", or
// "PCC >= 0.995" when one threshold was given.
std::string ruleText(const VerdictRule& rule);
// The PCC part of ruleText: "0.9999 (float32) / 0.999 (float16) / 0.99 (bfloat16)", or "0.995".
std::string pccThresholdsText(const VerdictRule& rule);

} // namespace irscope::ir
