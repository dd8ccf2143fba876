#include "core/verdict.h"

#include "core/dtype.h"
#include "core/json_number.h"

#include <cmath>
#include <cstdio>

namespace irscope::ir {
namespace {

// Mantissa bits of the floating-point dtypes; nullopt for the others.
std::optional<int> mantissaBits(std::string_view dtype) {
  const std::string_view name = canonicalDtype(dtype);
  if (name == "bfloat16")
    return 7;
  if (name == "float16")
    return 10;
  if (name == "float32")
    return 23;
  if (name == "float64")
    return 52;
  return std::nullopt;
}

std::string number(double value, int precision = 6) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", precision, value);
  return text;
}

// Python's "{:.2e}", as torch_ir prints differences.
std::string scientific(double value) {
  if (std::isnan(value) || std::isinf(value))
    return number(value);
  char text[32];
  std::snprintf(text, sizeof text, "%.2e", value);
  return text;
}

// A PCC with enough digits to read differently from its threshold.
std::string pccText(double pcc, double threshold) {
  int precision = 6;
  while (precision < 17 && number(pcc, precision) == number(threshold, precision))
    ++precision;
  return number(pcc, precision);
}

std::string nodeLabel(const Graph& graph, size_t node) {
  const Node& n = graph.nodes.at(node);
  return n.name + " (" + n.op_type + (n.module_path.empty() ? "" : " in " + n.module_path) + ")";
}

} // namespace

double defaultPcc(std::string_view dtype) {
  const std::string_view name = canonicalDtype(dtype);
  if (name == "bfloat16")
    return kPccBfloat16;
  if (name == "float16")
    return kPccFloat16;
  return kPccFloat32;
}

double unitRoundoff(std::string_view dtype) {
  const std::optional<int> bits = mantissaBits(dtype);
  return bits ? std::ldexp(1.0, -(*bits + 1)) : 0.0;
}

std::string lowerPrecisionDtype(std::string_view a, std::string_view b) {
  const std::optional<int> bits_a = mantissaBits(a), bits_b = mantissaBits(b);
  if (bits_b && (!bits_a || *bits_b < *bits_a))
    return std::string(canonicalDtype(b));
  return std::string(canonicalDtype(a));
}

namespace {

const char* dtypeKind(std::string_view dtype) {
  if (mantissaBits(dtype))
    return "floating point";
  return canonicalDtype(dtype) == "bool" ? "bool" : "integer";
}

} // namespace

std::string comparabilityProblem(const TensorData& actual, const TensorData& expected) {
  const bool shapes = actual.shape == expected.shape;
  const bool kinds = std::string_view(dtypeKind(actual.dtype)) == dtypeKind(expected.dtype);
  if (shapes && kinds)
    return "";
  return "shape " + formatShapeList(actual.shape) + " " + actual.dtype + " vs expected " +
         formatShapeList(expected.shape) + " " + expected.dtype;
}

const char* verdictName(VerdictStatus status) {
  switch (status) {
  case VerdictStatus::Passed:
    return "PASSED";
  case VerdictStatus::PassedWithDivergentIntermediates:
    return "PASSED WITH DIVERGENT INTERMEDIATES";
  case VerdictStatus::Failed:
    break;
  }
  return "FAILED";
}

TensorJudgement judgeTensor(const TensorComparison& comparison, const VerdictRule& rule) {
  TensorJudgement judgement;
  judgement.pcc_threshold = rule.pccFor(comparison.dtype);
  if (!comparison.shape_matches) {
    judgement.passed = false;
    judgement.problem = "shapes differ";
    return judgement;
  }
  judgement.below_atol = comparison.reference_max_abs < rule.tolerance.atol;
  const bool below_rounding = rule.tolerance.rtol < unitRoundoff(comparison.dtype);
  judgement.allclose_decides = !judgement.below_atol && !below_rounding;
  judgement.pcc_checked = comparison.pcc_applies;

  std::vector<std::string> problems;
  if (comparison.new_non_finite > 0)
    problems.push_back(std::to_string(comparison.new_non_finite) +
                       " NaN or Inf where the reference is finite");
  if (judgement.pcc_checked && !(comparison.pcc >= judgement.pcc_threshold))
    problems.push_back("PCC " + pccText(comparison.pcc, judgement.pcc_threshold) + " < " +
                       number(judgement.pcc_threshold));
  if (judgement.allclose_decides && !comparison.is_close)
    problems.push_back("not allclose: " + std::to_string(comparison.mismatched) +
                       " elements outside rtol " + number(rule.tolerance.rtol) + ", atol " +
                       number(rule.tolerance.atol));
  judgement.passed = problems.empty();
  for (const std::string& problem : problems)
    judgement.problem += (judgement.problem.empty() ? "" : "; ") + problem;
  return judgement;
}

bool divergesFar(const TensorComparison& comparison, const VerdictRule& rule) {
  if (!comparison.shape_matches)
    return true;
  const bool wrong_values =
      comparison.new_non_finite > 0 ||
      (comparison.pcc_applies && !(comparison.pcc >= rule.pccFor(comparison.dtype)));
  // Compared as ">" with NaN counting as far: a NaN difference is a wrong value too.
  const bool far_difference =
      !(comparison.max_diff <= kFarRelativeDifference * comparison.reference_max_abs);
  // Values inside allclose are within tolerance whatever else holds; below atol only PCC speaks.
  if (comparison.is_close && comparison.reference_max_abs >= rule.tolerance.atol)
    return false;
  if (comparison.reference_max_abs < rule.tolerance.atol)
    return wrong_values;
  return wrong_values || far_difference;
}

Verdict decideVerdict(const VerificationReport& report, const VerdictRule& rule) {
  Verdict verdict;
  std::vector<std::string> failures;
  for (const OutputDetail& detail : report.output_details) {
    TensorJudgement judgement = judgeTensor(detail.comparison, rule);
    const std::string name = "output " + std::to_string(detail.index);
    if (judgement.below_atol)
      verdict.notes.push_back(name + ": every reference value is below atol (max |reference| " +
                              scientific(detail.comparison.reference_max_abs) + " < " +
                              number(rule.tolerance.atol) +
                              "), so allclose cannot tell; decided by PCC and NaN/Inf");
    else if (!judgement.allclose_decides)
      verdict.notes.push_back(name + ": rtol " + number(rule.tolerance.rtol) + " is below " +
                              detail.comparison.dtype + "'s rounding (" +
                              number(unitRoundoff(detail.comparison.dtype), 3) +
                              "), so allclose is printed but PCC and NaN/Inf decide");
    if (!judgement.passed)
      failures.push_back(name + ": " + judgement.problem);
    verdict.outputs.push_back(std::move(judgement));
  }
  if (report.output_details.empty() && report.error_message)
    failures.push_back(*report.error_message);
  else if (report.output_details.size() != report.num_outputs)
    failures.push_back(report.error_message.value_or("outputs missing"));
  if (!failures.empty()) {
    verdict.status = VerdictStatus::Failed;
    for (const std::string& failure : failures)
      verdict.reason += (verdict.reason.empty() ? "" : "; ") + failure;
    return verdict;
  }
  for (size_t i = 0; i < report.intermediates.size(); ++i)
    if (divergesFar(report.intermediates[i].comparison, rule)) {
      verdict.divergent_intermediate = i;
      verdict.status = VerdictStatus::PassedWithDivergentIntermediates;
      break;
    }
  return verdict;
}

std::string pccThresholdsText(const VerdictRule& rule) {
  if (rule.pcc)
    return number(*rule.pcc);
  return number(kPccFloat32) + " (float32) / " + number(kPccFloat16) + " (float16) / " +
         number(kPccBfloat16) + " (bfloat16)";
}

std::string ruleText(const VerdictRule& rule) {
  return "rtol " + number(rule.tolerance.rtol) + ", atol " + number(rule.tolerance.atol) +
         ", PCC >= " + pccThresholdsText(rule);
}

Json toJson(const VerificationReport& report, const Verdict& verdict, const VerdictRule& rule,
            const Graph& graph) {
  Json json = toJson(report, graph);
  json["verdict"] = verdictName(verdict.status);
  json["passed"] = verdict.status != VerdictStatus::Failed;
  json["verdict_reason"] = verdict.reason;
  json["notes"] = verdict.notes;
  json["rtol"] = jsonNumber(rule.tolerance.rtol);
  json["atol"] = jsonNumber(rule.tolerance.atol);
  json["pcc"] = rule.pcc ? jsonNumber(*rule.pcc) : Json(nullptr);
  Json& details = json["output_details"];
  for (size_t i = 0; i < report.output_details.size() && i < verdict.outputs.size(); ++i) {
    const TensorComparison& comparison = report.output_details[i].comparison;
    const TensorJudgement& judgement = verdict.outputs[i];
    Json& detail = details[i];
    detail["dtype"] = comparison.dtype;
    detail["pcc"] = jsonNumber(comparison.pcc);
    detail["pcc_checked"] = judgement.pcc_checked;
    detail["pcc_threshold"] = jsonNumber(judgement.pcc_threshold);
    detail["reference_max_abs"] = jsonNumber(comparison.reference_max_abs);
    detail["below_atol"] = judgement.below_atol;
    detail["allclose_decides"] = judgement.allclose_decides;
    detail["non_finite_where_reference_finite"] = comparison.new_non_finite;
    detail["passed"] = judgement.passed;
    detail["problem"] = judgement.problem;
  }
  if (verdict.divergent_intermediate) {
    const IntermediateError& divergence = report.intermediates.at(*verdict.divergent_intermediate);
    const Node& node = graph.nodes.at(divergence.node);
    json["divergent_intermediate"] = {{"node", node.name},
                                      {"op_type", node.op_type},
                                      {"module_path", node.module_path},
                                      {"tensor", node.outputs.at(divergence.output).name},
                                      {"max_diff", jsonNumber(divergence.comparison.max_diff)},
                                      {"pcc", jsonNumber(divergence.comparison.pcc)}};
  } else {
    json["divergent_intermediate"] = nullptr;
  }
  return json;
}

std::string toText(const VerificationReport& report, const Verdict& verdict,
                   const VerdictRule& rule, const Graph& graph) {
  std::string text = std::string("Verification ") + verdictName(verdict.status);
  if (verdict.divergent_intermediate) {
    const IntermediateError& divergence = report.intermediates.at(*verdict.divergent_intermediate);
    text += ": " + nodeLabel(graph, divergence.node) + " diverges far, max difference " +
            scientific(divergence.comparison.max_diff) + ", PCC " +
            number(divergence.comparison.pcc) + "\n";
  } else {
    text += "\n";
  }
  if (verdict.status == VerdictStatus::Failed)
    text += "  Error: " + verdict.reason + "\n";
  text += "  Outputs compared: " + std::to_string(report.output_details.size()) + "\n";
  text += std::string("  torch_ir's allclose: ") + (report.is_valid ? "passed" : "failed") +
          ", max difference " + scientific(report.max_diff) + ", mean difference " +
          scientific(report.mean_diff) + "\n";
  for (size_t i = 0; i < report.output_details.size(); ++i) {
    const OutputDetail& detail = report.output_details[i];
    const TensorComparison& c = detail.comparison;
    text += "  Output " + std::to_string(detail.index) + " " + formatShapeList(detail.shape) + " " +
            c.dtype + ": " + (detail.is_close ? "allclose" : "NOT allclose") + ", max difference " +
            scientific(detail.max_diff) + ", PCC ";
    if (i < verdict.outputs.size()) {
      const TensorJudgement& judgement = verdict.outputs[i];
      text += judgement.pcc_checked ? pccText(c.pcc, judgement.pcc_threshold) +
                                          " (needs >= " + number(judgement.pcc_threshold) + ")"
                                    : std::string("not applicable (a constant or single value)");
      text += judgement.passed ? ": passes" : ": FAILS (" + judgement.problem + ")";
    }
    text += "\n";
  }
  for (const std::string& note : verdict.notes)
    text += "  Note: " + note + "\n";
  if (!report.intermediates.empty()) {
    text += "  Intermediates compared: " + std::to_string(report.intermediates.size()) + "\n";
    if (report.first_divergence) {
      const IntermediateError& divergence = *report.first_divergence;
      text += "  First divergence: " + nodeLabel(graph, divergence.node) + ", max difference " +
              scientific(divergence.comparison.max_diff) + ", PCC " +
              number(divergence.comparison.pcc) + " (the first outside allclose)\n";
    } else if (!verdict.divergent_intermediate) {
      text += "  Every intermediate is within tolerance\n";
    } else {
      text += "  Every intermediate is allclose, but that says nothing below atol\n";
    }
  }
  text += "  Rule: " + ruleText(rule) + "\n";
  return text;
}

} // namespace irscope::ir
