#include "gui/app/weight_statistics.h"

#include "core/tensor_values.h"

#include <stdexcept>

namespace irscope::app {

std::shared_ptr<const WeightStatistics> summarizeWeights(const io::NamedTensors& weights,
                                                         const QString& source) {
  auto summary = std::make_shared<WeightStatistics>();
  summary->source = source;
  for (const auto& [name, values] : weights) {
    try {
      summary->by_name.emplace(name, ir::statisticsOf(ir::viewOf(values)));
    } catch (const std::invalid_argument&) {
      // A non-numeric tensor has no statistics; the dock says so when it is selected.
    }
  }
  return summary;
}

std::shared_ptr<const WeightStatistics> readWeightStatistics(const ModelDocument& document,
                                                             const QString& weights_file) {
  if (document.from_torchscript) {
    if (!document.weight_statistics)
      throw std::runtime_error(document.path.toStdString() + ": its weights were not read");
    return document.weight_statistics;
  }
  return summarizeWeights(io::readWeightsFile(weights_file.toStdString()), weights_file);
}

} // namespace irscope::app
