#pragma once
// How a tensor's statistics and its error against a reference are written for people, in the
// Properties dock and the Weights dock alike.
#include "core/tensor_comparison.h"
#include "core/tensor_statistics.h"

#include <QString>
#include <utility>
#include <vector>

namespace irscope::app {

// A number to four significant digits, "nan" and "inf" as Python writes them.
QString formatNumber(double value);

// An error to three significant digits, "3.12e-01"; "nan" and "inf" as formatNumber writes them.
QString scientific(double value);

// min, max, mean, std, NaN, Inf: (label, value) rows.
std::vector<std::pair<QString, QString>> statisticsRows(const ir::TensorStatistics& statistics);

// "min -1.2 · max 3.4", or what is wrong ("12 NaN"), for one line.
QString statisticsSummary(const ir::TensorStatistics& statistics);

// max diff, mean diff, close: (label, value) rows.
std::vector<std::pair<QString, QString>> comparisonRows(const ir::TensorComparison& comparison);

// "close, max diff 0.00e+00" or "NOT close, max diff 3.12e-01", for one line.
QString comparisonSummary(const ir::TensorComparison& comparison);

} // namespace irscope::app
