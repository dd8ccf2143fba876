#pragma once
// The statistics of a model's weights, which the Weights dock shows for the selected weight.
// Computed once per model on a worker, from the weights file or, for a model opened from
// TorchScript, from the weights the file holds; the tensors themselves are not kept.
#include "core/tensor_statistics.h"
#include "gui/app/model_document.h"
#include "io/weights_file.h"

#include <QString>
#include <memory>
#include <string>
#include <unordered_map>

namespace irscope::app {

struct WeightStatistics {
  QString source;                                                // the file the weights came from
  std::unordered_map<std::string, ir::TensorStatistics> by_name; // by state_dict name
};

// Summarises weights already in memory (a run has read them anyway).
std::shared_ptr<const WeightStatistics> summarizeWeights(const io::NamedTensors& weights,
                                                         const QString& source);

// Reads the weights of `document` and summarises them: from `weights_file`, or, for a model
// opened from TorchScript, the statistics its opening took. Throws what the readers
// throw: one line naming the file. Slow for large models; call it on a worker.
std::shared_ptr<const WeightStatistics> readWeightStatistics(const ModelDocument& document,
                                                             const QString& weights_file);

} // namespace irscope::app
