#include "gui/app/statistics_text.h"

#include <QLocale>
#include <QObject>
#include <cmath>

namespace irscope::app {

namespace {

QString count(int64_t n) {
  return QLocale::c().toString(static_cast<qlonglong>(n));
}

} // namespace

QString scientific(double value) {
  if (!std::isfinite(value))
    return formatNumber(value);
  return QString::number(value, 'e', 2);
}

QString formatNumber(double value) {
  if (std::isnan(value))
    return QStringLiteral("nan");
  if (std::isinf(value))
    return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
  return QString::number(value, 'g', 4);
}

std::vector<std::pair<QString, QString>> statisticsRows(const ir::TensorStatistics& s) {
  return {{QObject::tr("min"), formatNumber(s.min)},   {QObject::tr("max"), formatNumber(s.max)},
          {QObject::tr("mean"), formatNumber(s.mean)}, {QObject::tr("std"), formatNumber(s.std)},
          {QObject::tr("NaN"), count(s.nan_count)},    {QObject::tr("Inf"), count(s.inf_count)}};
}

QString statisticsSummary(const ir::TensorStatistics& s) {
  QString text =
      s.finite_count > 0
          ? QObject::tr("min %1  \u00b7  max %2").arg(formatNumber(s.min), formatNumber(s.max))
          : QObject::tr("no finite values");
  if (s.nan_count > 0)
    text += QObject::tr("  \u00b7  %1 NaN").arg(count(s.nan_count));
  if (s.inf_count > 0)
    text += QObject::tr("  \u00b7  %1 Inf").arg(count(s.inf_count));
  return text;
}

std::vector<std::pair<QString, QString>> comparisonRows(const ir::TensorComparison& comparison) {
  std::vector<std::pair<QString, QString>> rows{
      {QObject::tr("max diff"), scientific(comparison.max_diff)},
      {QObject::tr("mean diff"), scientific(comparison.mean_diff)},
      {QObject::tr("close"), comparison.is_close ? QObject::tr("yes") : QObject::tr("no")}};
  if (!comparison.is_close)
    rows.emplace_back(QObject::tr("mismatched"), count(comparison.mismatched));
  return rows;
}

QString comparisonSummary(const ir::TensorComparison& comparison) {
  return (comparison.is_close ? QObject::tr("close") : QObject::tr("NOT close")) +
         QObject::tr(", max diff %1").arg(scientific(comparison.max_diff));
}

} // namespace irscope::app
