#include "gui/app/run_result.h"

#include "gui/app/statistics_text.h"

#include <QObject>
#include <cmath>

namespace irscope::app {

namespace {

QString nodeName(const ir::Graph& graph, size_t node) {
  return node < graph.nodes.size() ? QString::fromStdString(graph.nodes[node].name) : QString();
}

} // namespace

std::optional<int> RunResult::firstDivergence() const {
  if (!verification)
    return std::nullopt;
  if (verification->first_divergence)
    return static_cast<int>(verification->first_divergence->node);
  // Within allclose everywhere, yet far off by the scale-aware rule (outputs below atol).
  if (verdict && verdict->divergent_intermediate)
    return static_cast<int>(verification->intermediates[*verdict->divergent_intermediate].node);
  return std::nullopt;
}

std::optional<int> RunResult::firstNonFinite() const {
  if (!first_non_finite)
    return std::nullopt;
  return static_cast<int>(first_non_finite->node);
}

QString outputsOnlyNote() {
  return QObject::tr("outputs only: intermediates need a TorchScript reference or a golden folder "
                     "with nodes/");
}

QString verdictLine(const RunResult& run, const ir::Graph& graph) {
  QStringList parts;
  if (run.verification) {
    const ir::VerificationReport& report = *run.verification;
    const ir::Verdict& verdict = *run.verdict;
    parts << QObject::tr("Verify %1").arg(QString::fromUtf8(ir::verdictName(verdict.status)));
    parts << QObject::tr("max diff %1").arg(scientific(report.max_diff));
    if (verdict.divergent_intermediate)
      parts << QObject::tr("diverges at %1")
                   .arg(
                       nodeName(graph, report.intermediates[*verdict.divergent_intermediate].node));
    else if (verdict.status == ir::VerdictStatus::Failed && !verdict.reason.empty() &&
             !report.first_divergence)
      parts << QString::fromStdString(verdict.reason);
    if (report.first_divergence)
      parts
          << QObject::tr("first divergence %1").arg(nodeName(graph, report.first_divergence->node));
    else if (!report.intermediates.empty() && !verdict.divergent_intermediate)
      parts << QObject::tr("%1 intermediates within tolerance").arg(report.intermediates.size());
    else if (report.error_message && !report.is_valid)
      parts << QString::fromStdString(*report.error_message);
    if (run.errors_at_outputs_only)
      parts << outputsOnlyNote();
  } else {
    parts << QObject::tr("Ran %1 ops in %2 ms")
                 .arg(run.ops_run)
                 .arg(static_cast<qlonglong>(std::llround(run.seconds * 1000)));
  }
  if (run.first_non_finite)
    parts << QObject::tr("first NaN/Inf at %1").arg(nodeName(graph, run.first_non_finite->node));
  else if (!run.verification)
    parts << QObject::tr("no NaN/Inf");
  return parts.join(QStringLiteral("  \u00b7  "));
}

} // namespace irscope::app
