#include "gui/app/run_colouring.h"

#include <QObject>
#include <cmath>
#include <limits>

namespace irscope::app {

namespace {

constexpr double kNonFinite = std::numeric_limits<double>::infinity();

// The worse of two values: NaN/Inf beats any number, a larger number a smaller one.
std::optional<double> worse(std::optional<double> a, std::optional<double> b) {
  if (!a)
    return b;
  if (!b)
    return a;
  if (!std::isfinite(*a) || !std::isfinite(*b))
    return kNonFinite;
  return std::max(*a, *b);
}

} // namespace

QString colouringLabel(ColourBy colouring) {
  switch (colouring) {
  case ColourBy::None:
    return QObject::tr("None");
  case ColourBy::MaxAbs:
    return QObject::tr("Max |x|");
  case ColourBy::NonFinite:
    return QObject::tr("NaN/Inf Present");
  case ColourBy::Error:
    return QObject::tr("Error vs Reference");
  case ColourBy::Mapping:
    return QObject::tr("Target Mapping");
  case ColourBy::ModuleStatus:
    return QObject::tr("Module Status");
  }
  return {};
}

QString colouringKey(ColourBy colouring) {
  switch (colouring) {
  case ColourBy::None:
    return QStringLiteral("none");
  case ColourBy::MaxAbs:
    return QStringLiteral("maxabs");
  case ColourBy::NonFinite:
    return QStringLiteral("nonfinite");
  case ColourBy::Error:
    return QStringLiteral("error");
  case ColourBy::Mapping:
    return QStringLiteral("mapping");
  case ColourBy::ModuleStatus:
    return QStringLiteral("modulestatus");
  }
  return {};
}

std::optional<ColourBy> colouringNamed(const QString& key) {
  for (ColourBy colouring : kAllColourings)
    if (colouringKey(colouring) == key.trimmed().toLower())
      return colouring;
  return std::nullopt;
}

bool colouringAvailable(ColourBy colouring, const RunResult* run) {
  switch (colouring) {
  case ColourBy::None:
  case ColourBy::Mapping:
  case ColourBy::ModuleStatus:
    return true;
  case ColourBy::MaxAbs:
  case ColourBy::NonFinite:
    return run != nullptr;
  case ColourBy::Error:
    return run && run->hasErrors();
  }
  return false;
}

std::vector<std::optional<double>> nodeValues(const RunResult& run, ColourBy colouring) {
  std::vector<std::optional<double>> values(run.statistics.size());
  for (size_t node = 0; node < values.size(); ++node) {
    std::optional<double> value;
    switch (colouring) {
    case ColourBy::None:
    case ColourBy::Mapping:
    case ColourBy::ModuleStatus:
      break;
    case ColourBy::MaxAbs:
      for (const auto& statistics : run.statistics[node])
        if (statistics)
          value = worse(value, statistics->hasNonFinite() ? kNonFinite : statistics->maxAbs());
      break;
    case ColourBy::NonFinite:
      // 0 for clean; the Flag scale draws it pale, NaN/Inf red.
      for (const auto& statistics : run.statistics[node])
        if (statistics)
          value = worse(value, statistics->hasNonFinite() ? kNonFinite : 0.0);
      break;
    case ColourBy::Error:
      if (node < run.errors.size())
        for (const auto& comparison : run.errors[node])
          if (comparison)
            value = worse(value,
                          std::isfinite(comparison->max_diff) ? comparison->max_diff : kNonFinite);
      break;
    }
    values[node] = value;
  }
  return values;
}

std::vector<std::optional<double>> itemValues(const ModelDocument& document,
                                              const std::vector<std::optional<double>>& nodes) {
  std::vector<std::optional<double>> items(document.diagram.items.size());
  const size_t count = std::min(nodes.size(), document.item_of_node.size());
  for (size_t node = 0; node < count; ++node) {
    const int item = document.item_of_node[node];
    if (item < 0 || static_cast<size_t>(item) >= items.size())
      continue;
    // A node's own box gets its value; a collapsed group's box the worst of all it holds.
    items[item] = worse(items[item], nodes[node]);
  }
  return items;
}

render::HeatMap colourItems(const ModelDocument& document, const RunResult* run,
                            ColourBy colouring) {
  if (!run || colouring == ColourBy::None || colouring == ColourBy::Mapping ||
      colouring == ColourBy::ModuleStatus || !colouringAvailable(colouring, run))
    return {};
  const auto values = itemValues(document, nodeValues(*run, colouring));
  switch (colouring) {
  case ColourBy::MaxAbs:
    return render::buildHeatMap(values, QObject::tr("max |x| of the outputs"),
                                render::HeatScale::Linear);
  case ColourBy::NonFinite:
    return render::buildHeatMap(values, QObject::tr("NaN/Inf in the outputs"),
                                render::HeatScale::Flag);
  case ColourBy::Error: {
    render::HeatMap heat = render::buildHeatMap(
        values, QObject::tr("error vs reference (max diff, log scale)"), render::HeatScale::Log);
    if (run->errors_at_outputs_only && heat.legend)
      heat.legend->note = outputsOnlyNote();
    return heat;
  }
  case ColourBy::None:
  case ColourBy::Mapping:
  case ColourBy::ModuleStatus:
    break;
  }
  return {};
}

} // namespace irscope::app
