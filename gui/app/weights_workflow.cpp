#include "gui/app/weights_workflow.h"

#include "gui/app/model_session.h"
#include "gui/app/run_choices.h"
#include "gui/app/weight_details.h"
#include "gui/app/weights_dock.h"
#include "gui/app/workbench.h"

#include <QFileInfo>
#include <QKeySequence>

namespace irscope::app {

WeightsWorkflow::WeightsWorkflow(Workbench& bench, WeightsDock& dock, QObject* parent)
    : QObject(parent), bench_(bench), dock_(dock), job_(tr("reading the weights"), this) {
  connect(&dock_, &WeightsDock::currentWeightChanged, this, &WeightsWorkflow::showDetails);
  connect(&dock_, &WeightsDock::weightClicked, this, [this](int weight) {
    const auto& document = bench_.session().document();
    if (!document)
      return;
    const auto& uses = document->model.topology.weight_consumers[weight];
    std::vector<int> nodes;
    for (const ir::Use& use : uses)
      nodes.push_back(use.node);
    bench_.markNodes(nodes);
    if (!uses.empty())
      bench_.selectNode(uses.front().node);
  });
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    error_ = message;
    showDetails();
  });
  ModelSession& session = bench_.session();
  connect(&session, &ModelSession::contentEnding, this, &WeightsWorkflow::stop);
  connect(&session, &ModelSession::documentChanged, this, [this](bool new_content) {
    if (new_content)
      forget();
  });
  connect(&session, &ModelSession::runChanged, this, [this] {
    const RunResult* run = bench_.session().lastRun();
    if (run && run->weights) {
      // What the run read is what the dock should show (a perturbed copy, say).
      job_.cancel();
      statistics_ = run->weights;
      error_.clear();
      showDetails();
    }
  });
}

void WeightsWorkflow::forget() {
  statistics_.reset();
  error_.clear();
  dock_.clearCurrent(); // nothing is read until a weight is chosen
  dock_.details()->showMessage(tr("Select a weight to see its values"));
}

bool WeightsWorkflow::selectWeight(const QString& name) {
  return dock_.selectWeight(name);
}

QString WeightsWorkflow::weightsFile() const {
  const auto& document = bench_.session().document();
  if (!document || document->from_torchscript)
    return {};
  const RunResult* run = bench_.session().lastRun();
  if (run && !run->choices.weights_file.isEmpty())
    return run->choices.weights_file;
  return defaultRunChoices(document->path, false).weights_file;
}

void WeightsWorkflow::showDetails() {
  // The details below the table change its height; keep the current row in view once the
  // table has its new size.
  dock_.keepCurrentInView();
  WeightDetails* details = dock_.details();
  const auto& document = bench_.session().document();
  const int weight = dock_.currentWeight();
  if (!document || weight < 0) {
    details->showMessage(tr("Select a weight to see its values"));
    return;
  }
  const QString name = QString::fromStdString(document->model.graph.weights[weight].name);
  if (statistics_) {
    const auto found = statistics_->by_name.find(name.toStdString());
    if (found != statistics_->by_name.end())
      details->showStatistics(name, statistics_->source, found->second);
    else
      details->showMessage(tr("%1 is not in %2, or has no numeric values")
                               .arg(name, QFileInfo(statistics_->source).fileName()));
    return;
  }
  if (!error_.isEmpty()) {
    details->showMessage(error_);
    return;
  }
  const QString weights_file = weightsFile();
  if (!document->from_torchscript && weights_file.isEmpty()) {
    details->showMessage(
        tr("No weights file: put %1.safetensors beside the model, or choose one "
           "in Tools > Run Model (%2)")
            .arg(QFileInfo(document->path).completeBaseName(),
                 QKeySequence(Qt::CTRL | Qt::Key_R).toString(QKeySequence::NativeText)));
    return;
  }
  details->showMessage(
      tr("Reading the weights from %1...")
          .arg(QFileInfo(document->from_torchscript ? document->path : weights_file).fileName()));
  if (job_.busy())
    return; // read once per model and kept: only the statistics, not the tensors
  job_.start<std::shared_ptr<const WeightStatistics>>(
      [document = std::shared_ptr<const ModelDocument>(document), weights_file](JobContext&) {
        return readWeightStatistics(*document, weights_file);
      },
      [this](std::shared_ptr<const WeightStatistics> statistics) {
        if (statistics_)
          return; // a run brought its own
        statistics_ = std::move(statistics);
        showDetails();
      });
}

} // namespace irscope::app
