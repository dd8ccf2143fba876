// MainWindow's running and verifying: the Tools menu, the run on its worker with progress and
// Cancel, what the run found in Properties, on the canvas ("Colour by") and in the status bar,
// and the weights' statistics in the Weights dock.
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/mapping_colouring.h"
#include "gui/app/model_runner.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/properties_panel.h"
#include "gui/app/run_dialog.h"
#include "gui/app/weight_details.h"
#include "gui/app/weights_dock.h"
#include "gui/render/heat_map.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QtConcurrent>

namespace irscope::app {

QWidget* MainWindow::buildColourBar(QWidget* parent) {
  auto* bar = new QWidget(parent);
  auto* layout = new QHBoxLayout(bar);
  layout->setContentsMargins(0, 0, 8, 0);
  layout->setSpacing(6);
  breadcrumbs_->setParent(bar);
  layout->addWidget(breadcrumbs_, 1);
  auto* label = new QLabel(tr("Colour by"), bar);
  colour_combo_ = new QComboBox(bar);
  for (ColourBy colouring : kAllColourings)
    colour_combo_->addItem(colouringLabel(colouring), static_cast<int>(colouring));
  colour_combo_->setToolTip(tr("Paint each box by what the last run found, by how its op maps "
                               "to the target, or by its module's analysis status (View > Colour "
                               "By)"));
  label->setBuddy(colour_combo_);
  layout->addWidget(label);
  layout->addWidget(colour_combo_);
  connect(colour_combo_, &QComboBox::activated, this, [this](int index) {
    setColourBy(static_cast<ColourBy>(colour_combo_->itemData(index).toInt()));
  });
  return bar;
}

void MainWindow::buildRunMenu() {
  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  run_action_ = tools->addAction(tr("&Run Model..."), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                                 &MainWindow::runInteractively);
  run_action_->setStatusTip(
      tr("Run the model through libtorch, optionally comparing it with a reference"));
  cancel_run_ = tools->addAction(tr("&Cancel Run"), this, &MainWindow::cancelRun);
  tools->addSeparator();
  addGoldenActions(tools);
  tools->addSeparator();
  addModuleAnalysisActions(tools);
  tools->addSeparator();
  first_divergence_ = tools->addAction(tr("Go to First &Divergence"),
                                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
                                       &MainWindow::goToFirstDivergence);
  first_non_finite_ =
      tools->addAction(tr("Go to First &NaN/Inf"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                       this, &MainWindow::goToFirstNonFinite);
  updateRunActions();
}

void MainWindow::buildRunStatus() {
  verdict_ = new QLabel(this);
  verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  run_progress_ = new QProgressBar(this);
  run_progress_->setMaximumWidth(180);
  run_progress_->setFormat(tr("Running %p%"));
  run_progress_->hide();
  run_cancel_ = new QPushButton(tr("Cancel Run"), this);
  run_cancel_->hide();
  statusBar()->addPermanentWidget(verdict_);
  statusBar()->addPermanentWidget(run_progress_);
  statusBar()->addPermanentWidget(run_cancel_);
}

void MainWindow::connectRunner() {
  auto done = [this] {
    run_progress_->hide();
    run_cancel_->hide();
    updateRunActions();
  };
  connect(run_cancel_, &QPushButton::clicked, this, &MainWindow::cancelRun);
  connect(runner_, &ModelRunner::progress, this, [this](int done_count, int total) {
    run_progress_->setRange(0, total); // 0 to 0 while reading: a busy bar
    run_progress_->setValue(done_count);
  });
  connect(runner_, &ModelRunner::finished, this,
          [this, done](std::shared_ptr<const RunResult> result, int tag) {
            done();
            if (tag == content_generation_) // else the model has changed since it started
              showRun(std::move(result));
            emit runEnded();
          });
  connect(runner_, &ModelRunner::failed, this, [this, done](const QString& message, int tag) {
    done();
    if (tag == content_generation_) // a model closed since has nothing to say
      showError(message);           // the model, and the last run's results, stay
    emit runEnded();
  });
  connect(runner_, &ModelRunner::cancelled, this, [this, done](int) {
    done();
    statusBar()->showMessage(tr("Run cancelled"), 4000);
    emit runEnded();
  });
}

bool MainWindow::running() const {
  return runner_->busy();
}

void MainWindow::cancelRun() {
  runner_->cancel();
}

void MainWindow::runInteractively() {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to run"));
    return;
  }
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = document_;
  RunDialog dialog(*document, defaultRunChoices(document->path, document->from_torchscript), this);
  if (dialog.exec() != QDialog::Accepted)
    return;
  const RunChoices choices = dialog.choices();
  rememberRunChoices(document->path, choices);
  if (document_ != document) {
    statusBar()->showMessage(tr("The model changed while the Run dialog was open: run it again"),
                             6000);
    return;
  }
  runModel(choices);
}

void MainWindow::runModel(const RunChoices& choices) {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to run"));
    emit runEnded();
    return;
  }
  run_progress_->setRange(0, 0);
  run_progress_->show();
  run_cancel_->show();
  statusBar()->showMessage(
      choices.reference == RunChoices::Reference::GoldenFolder
          ? tr("Comparing %1 with %2...").arg(document_->path, choices.golden_folder)
      : choices.verifies() ? tr("Verifying %1...").arg(document_->path)
                           : tr("Running %1...").arg(document_->path));
  runner_->run(document_, choices, content_generation_);
  updateRunActions();
}

void MainWindow::forgetRun() {
  ++content_generation_;
  runner_->cancel();
  run_.reset();
  properties_->setRun(nullptr);
  weight_statistics_.reset();
  weight_statistics_loading_ = false;
  weight_statistics_error_.clear();
  verdict_->clear();
  weights_dock_->clearCurrent(); // nothing is read until a weight is chosen
  weightDetails()->showMessage(tr("Select a weight to see its values"));
}

void MainWindow::showRun(std::shared_ptr<const RunResult> run) {
  run_ = std::move(run);
  properties_->setRun(run_.get());
  if (run_->weights) {
    // What the run read is what the Weights dock should show (a perturbed copy, say).
    weight_statistics_ = run_->weights;
    weight_statistics_error_.clear();
    showWeightDetails();
  }
  // Show what the run is about, unless the user chose a colouring that still applies.
  if (colour_by_ == ColourBy::None || !colouringUsable(colour_by_)) {
    if (run_->hasErrors())
      colour_by_ = ColourBy::Error;
    else if (run_->first_non_finite)
      colour_by_ = ColourBy::NonFinite;
  }
  refreshColouring();
  updateRunActions();
  const bool failed =
      (run_->verification && !run_->verification->is_valid) || run_->first_non_finite.has_value();
  const bool passed = run_->verification && run_->verification->is_valid;
  verdict_->setText(verdictLine(*run_, document_->model.graph));
  verdict_->setStyleSheet(
      failed
          ? QString("QLabel { color: %1; font-weight: bold; }").arg(render::nonFiniteColor().name())
      : passed ? "QLabel { color: #2e9e4e; font-weight: bold; }"
               : QString());
  statusBar()->clearMessage();
}

void MainWindow::setColourBy(ColourBy colouring) {
  colour_by_ = colouring;
  refreshColouring();
}

void MainWindow::refreshColouring() {
  const bool usable = colouringUsable(colour_by_);
  if (document_)
    view_->setHeatMap(
        colour_by_ == ColourBy::Mapping && model_mapping_
            ? colourByMapping(*document_, *model_mapping_)
        : colour_by_ == ColourBy::ModuleStatus && module_analysis_
            ? colourByModuleStatus(*document_, *module_analysis_)
            : colourItems(*document_, run_.get(), usable ? colour_by_ : ColourBy::None));
  // The menu and the combo box show the choice, and offer only what the run can colour by.
  const ColourBy shown = usable ? colour_by_ : ColourBy::None;
  for (const auto& [colouring, action] : colour_actions_) {
    action->setEnabled(colouringUsable(colouring));
    action->setChecked(colouring == shown);
  }
  auto* model = qobject_cast<QStandardItemModel*>(colour_combo_->model());
  for (int row = 0; row < colour_combo_->count(); ++row) {
    const auto colouring = static_cast<ColourBy>(colour_combo_->itemData(row).toInt());
    if (model)
      model->item(row)->setEnabled(colouringUsable(colouring));
    if (colouring == shown)
      colour_combo_->setCurrentIndex(row);
  }
}

void MainWindow::updateRunActions() {
  if (!run_action_)
    return;
  run_action_->setEnabled(document_ != nullptr);
  cancel_run_->setEnabled(runner_->busy());
  golden_action_->setEnabled(document_ != nullptr && !writingGoldenData());
  compare_golden_action_->setEnabled(document_ != nullptr);
  analyze_modules_action_->setEnabled(document_ != nullptr && !analyzingModules());
  load_module_analysis_action_->setEnabled(document_ != nullptr);
  first_divergence_->setEnabled(run_ && run_->firstDivergence());
  first_non_finite_->setEnabled(run_ && run_->firstNonFinite());
}

void MainWindow::revealAndZoom(int node) {
  if (!document_ || node < 0 || node >= document_->nodeCount())
    return;
  const int item = document_->item_of_node[node];
  const bool hidden =
      item >= 0 && document_->diagram.items[item].kind == layout::ItemKind::CollapsedGroup;
  selectNode(node);
  if (hidden)
    pending_zoom_ = true; // once the relayout that opens its groups is shown
  else
    view_->focusSelection();
}

bool MainWindow::goToFirstDivergence() {
  if (!run_ || !run_->firstDivergence())
    return false;
  revealAndZoom(*run_->firstDivergence());
  return true;
}

bool MainWindow::goToFirstNonFinite() {
  if (!run_ || !run_->firstNonFinite())
    return false;
  revealAndZoom(*run_->firstNonFinite());
  return true;
}

QString MainWindow::weightsFileForDetails() const {
  if (!document_ || document_->from_torchscript)
    return {};
  if (run_ && !run_->choices.weights_file.isEmpty())
    return run_->choices.weights_file;
  return defaultRunChoices(document_->path, false).weights_file;
}

bool MainWindow::selectWeight(const QString& name) {
  return weights_dock_->selectWeight(name);
}

void MainWindow::showWeightDetails() {
  // The details below the table change its height; keep the current row in view once the
  // table has its new size.
  weights_dock_->keepCurrentInView();
  WeightDetails* details = weightDetails();
  const int weight = weights_dock_->currentWeight();
  if (!document_ || weight < 0) {
    details->showMessage(tr("Select a weight to see its values"));
    return;
  }
  const QString name = QString::fromStdString(document_->model.graph.weights[weight].name);
  if (weight_statistics_) {
    const auto found = weight_statistics_->by_name.find(name.toStdString());
    if (found != weight_statistics_->by_name.end())
      details->showStatistics(name, weight_statistics_->source, found->second);
    else
      details->showMessage(tr("%1 is not in %2, or has no numeric values")
                               .arg(name, QFileInfo(weight_statistics_->source).fileName()));
    return;
  }
  if (!weight_statistics_error_.isEmpty()) {
    details->showMessage(weight_statistics_error_);
    return;
  }
  const QString weights_file = weightsFileForDetails();
  if (!document_->from_torchscript && weights_file.isEmpty()) {
    details->showMessage(
        tr("No weights file: put %1.safetensors beside the model, or choose one in "
           "Tools > Run Model (%2)")
            .arg(QFileInfo(document_->path).completeBaseName(),
                 run_action_->shortcut().toString(QKeySequence::NativeText)));
    return;
  }
  details->showMessage(
      tr("Reading the weights from %1...")
          .arg(QFileInfo(document_->from_torchscript ? document_->path : weights_file).fileName()));
  loadWeightStatistics(weights_file);
}

void MainWindow::loadWeightStatistics(const QString& weights_file) {
  if (weight_statistics_loading_)
    return;
  weight_statistics_loading_ = true;
  struct Loaded {
    std::shared_ptr<const WeightStatistics> statistics;
    QString error;
  };
  const int generation = content_generation_;
  auto* watcher = new QFutureWatcher<Loaded>(this);
  connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
    const Loaded loaded = watcher->result();
    watcher->deleteLater();
    if (generation != content_generation_ || weight_statistics_)
      return; // another model since, or a run brought its own
    weight_statistics_loading_ = false;
    weight_statistics_ = loaded.statistics;
    weight_statistics_error_ = loaded.error;
    showWeightDetails();
  });
  // Read once per model and kept: only the statistics, not the tensors.
  watcher->setFuture(QtConcurrent::run([document = document_, weights_file]() -> Loaded {
    try {
      return {readWeightStatistics(*document, weights_file), {}};
    } catch (const std::exception& error) {
      return {nullptr, QString::fromStdString(error.what())};
    } catch (...) {
      return {nullptr, weights_file + ": reading the weights failed with an unknown error"};
    }
  }));
}

} // namespace irscope::app
