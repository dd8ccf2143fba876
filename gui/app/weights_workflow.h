#pragma once
// The Weights dock's behaviour: a click marks the weight's consumers and selects the first, and
// the current weight's statistics show below the table, read once per model on a background job
// (from the last run's weights file, else the one the Run dialog would start with) or taken
// from what the last run read.
#include "gui/app/background_job.h"
#include "gui/app/weight_statistics.h"

#include <QObject>
#include <QString>
#include <memory>

namespace irscope::app {

class WeightsDock;
class Workbench;

class WeightsWorkflow : public QObject {
  Q_OBJECT
public:
  WeightsWorkflow(Workbench& bench, WeightsDock& dock, QObject* parent = nullptr);

  // Makes a weight (by state_dict name) the dock's current row, which shows its statistics
  // below the table; false when the model has no such weight.
  bool selectWeight(const QString& name);
  void stop() { job_.cancelAndWait(); }

private:
  void forget();
  void showDetails();
  // The weights file the dock reads: the last run's, else the one the Run dialog would start
  // with; empty when there is none (a TorchScript model needs none).
  QString weightsFile() const;

  Workbench& bench_;
  WeightsDock& dock_;
  BackgroundJob job_;
  std::shared_ptr<const WeightStatistics> statistics_;
  QString error_;
};

} // namespace irscope::app
