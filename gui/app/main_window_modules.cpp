// MainWindow's op-by-op module analysis: Tools > Analyze Modules runs seed 001's analysis of the
// open model on a worker with a progress dialog and Cancel; Tools > Load Module Analysis lays a
// unique_modules.json over the model instead. Either way the statuses show in the Modules dock,
// in Properties and as "Colour by: Module Status".
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/module_analysis_dialog.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/modules_dock.h"
#include "gui/app/properties_panel.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLayout>
#include <QMenu>
#include <QPointer>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent>
#include <map>

namespace irscope::app {

namespace {

// "failed 2 · inherited_success 1 · success 6", in the reference's status order.
QString statusCounts(const io::ModuleAnalysisDocument& document) {
  std::map<int, std::pair<ir::ModuleStatus, size_t>> counts;
  for (const io::AnalysedModule& module : document.modules) {
    auto& [status, count] = counts[ir::moduleStatusRank(module.status)];
    status = module.status;
    ++count;
  }
  QStringList parts;
  for (const auto& [rank, entry] : counts)
    parts << QStringLiteral("%1 %2").arg(moduleStatusText(entry.first)).arg(entry.second);
  return parts.join(QStringLiteral(" \u00b7 "));
}

// What the progress dialog says a stage is doing.
QString stageText(const QString& stage) {
  if (stage == "reading")
    return QObject::tr("Reading the weights and inputs...");
  if (stage == "float32 run")
    return QObject::tr("float32 run: the reference values for every module");
  if (stage == "modules")
    return QObject::tr("modules: testing the unique modules top-down");
  return stage;
}

} // namespace

void MainWindow::addModuleAnalysisActions(QMenu* tools) {
  analyze_modules_action_ =
      tools->addAction(tr("Analyze &Modules..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                       this, &MainWindow::analyzeModulesInteractively);
  analyze_modules_action_->setStatusTip(
      tr("Test the model's unique modules top-down: which convert to the target, or keep their "
         "numbers in bfloat16 or float16"));
  load_module_analysis_action_ = tools->addAction(tr("&Load Module Analysis..."), this,
                                                  &MainWindow::loadModuleAnalysisInteractively);
  load_module_analysis_action_->setStatusTip(
      tr("Show the statuses of a unique_modules.json on the open model"));
  module_watcher_ = new QFutureWatcher<ModuleAnalysisOutcome>(this);
  connect(module_watcher_, &QFutureWatcher<ModuleAnalysisOutcome>::finished, this,
          &MainWindow::moduleAnalysisFinished);
}

bool MainWindow::analyzingModules() const {
  return module_watcher_ && module_watcher_->isRunning();
}

void MainWindow::cancelModuleAnalysis() {
  if (module_cancel_flag_)
    *module_cancel_flag_ = true;
}

void MainWindow::analyzeModulesInteractively() {
  if (!document_) {
    showError(tr("Open a model first: there are no modules to analyse"));
    return;
  }
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = document_;
  ModuleAnalysisDialog dialog(
      *document, defaultModuleAnalysisChoices(document->path, document->from_torchscript), this);
  if (dialog.exec() != QDialog::Accepted)
    return;
  const ModuleAnalysisChoices choices = dialog.choices();
  rememberModuleAnalysisChoices(document->path, choices);
  if (choices.runsTheModel())
    rememberRunChoices(document->path, choices.run);
  if (document_ != document) {
    statusBar()->showMessage(
        tr("The model changed while the Analyze Modules dialog was open: analyse it again"), 6000);
    return;
  }
  analyzeModules(choices);
}

void MainWindow::analyzeModules(const ModuleAnalysisChoices& choices) {
  if (!document_) {
    showError(tr("Open a model first: there are no modules to analyse"));
    emit moduleAnalysisEnded();
    return;
  }
  if (analyzingModules()) {
    showError(tr("A module analysis is still running: wait for it, or cancel it"));
    return;
  }
  const QString problem = problemWith(choices, *document_);
  if (!problem.isEmpty()) {
    showError(problem); // the model, and any analysis shown, stay
    emit moduleAnalysisEnded();
    return;
  }
  module_cancel_flag_ = std::make_shared<std::atomic<bool>>(false);
  module_generation_ = content_generation_;
  const std::string_view backend = ir::backendName(choices.backend);
  module_backend_ = QString::fromUtf8(backend.data(), static_cast<qsizetype>(backend.size()));
  const auto flag = module_cancel_flag_;
  QPointer<MainWindow> self(this);
  ModuleAnalysisProgress progress = [flag, self, last_stage = std::string(),
                                     last_percent = -2](const std::string& stage, size_t done,
                                                        size_t total) mutable {
    // Only a new stage or a whole percent crosses to the GUI thread.
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : -1;
    if (stage != last_stage || percent != last_percent) {
      last_stage = stage;
      last_percent = percent;
      QMetaObject::invokeMethod(
          self.data(),
          [self, stage = QString::fromStdString(stage), done = static_cast<int>(done),
           total = static_cast<int>(total)] {
            if (self)
              self->showModuleAnalysisProgress(stage, done, total);
          },
          Qt::QueuedConnection);
    }
    return !*flag;
  };

  // Not modal: the window stays usable (and its event loop free) while the modules are tested.
  module_progress_ =
      new QProgressDialog(tr("Analysing the modules of %1 (%2 backend)...")
                              .arg(QFileInfo(document_->path).fileName(), module_backend_),
                          tr("Cancel"), 0, 0, this);
  module_progress_->setWindowTitle(tr("Analyze Modules"));
  module_progress_->setWindowModality(Qt::NonModal);
  module_progress_->setAutoClose(false);
  module_progress_->setAutoReset(false);
  module_progress_->setMinimumDuration(300); // a mapping analysis is over before it would show
  connect(module_progress_, &QProgressDialog::canceled, this, [this] {
    cancelModuleAnalysis();
    statusBar()->showMessage(tr("Cancelling the module analysis..."));
  });
  statusBar()->showMessage(tr("Analysing the modules of %1...").arg(document_->path));
  module_watcher_->setFuture(QtConcurrent::run(
      [document = std::shared_ptr<const ModelDocument>(document_), choices, mapping = mapping_,
       progress]() { return runModuleAnalysisJob(*document, choices, *mapping, progress); }));
  updateRunActions();
}

void MainWindow::showModuleAnalysisProgress(const QString& stage, int done, int total) {
  if (module_progress_) {
    module_progress_->setLabelText(
        tr("Analysing the modules of %1 (%2 backend)\n%3")
            .arg(document_ ? QFileInfo(document_->path).fileName() : QString(), module_backend_,
                 stageText(stage)) +
        (total > 0 ? tr(": %1 of %2").arg(done).arg(total) : QString()));
    module_progress_->setRange(0, std::max(total, 0)); // 0 to 0 while reading: a busy bar
    module_progress_->setValue(std::min(done, std::max(total, 0)));
  }
  emit moduleAnalysisProgress(stage, done, total);
}

void MainWindow::moduleAnalysisFinished() {
  ModuleAnalysisOutcome outcome = module_watcher_->result();
  module_cancel_flag_.reset();
  if (module_progress_) {
    module_progress_->reset(); // stops the timer that would show it after its minimum duration
    module_progress_->hide();
    module_progress_->deleteLater();
    module_progress_ = nullptr;
  }
  updateRunActions();
  const bool same_model = module_generation_ == content_generation_ && document_;
  if (outcome.cancelled) {
    statusBar()->showMessage(tr("Module analysis cancelled"), 6000);
  } else if (!outcome.error.isEmpty()) {
    if (same_model) // a model closed since has nothing to say
      showError(outcome.error);
  } else if (!same_model || !outcome.document) {
    statusBar()->showMessage(tr("The model changed during the module analysis: analyse it again"),
                             6000);
  } else {
    const QString counts = statusCounts(*outcome.document);
    const size_t unique = outcome.document->modules.size();
    try {
      setModuleAnalysis(applyModuleAnalysis(*document_, std::move(*outcome.document), {}));
      QString message = tr("Modules of %1 (%2): %3 modules, %4 unique \u00b7 %5")
                            .arg(QFileInfo(document_->path).fileName(), module_backend_)
                            .arg(outcome.instances)
                            .arg(unique)
                            .arg(counts);
      if (!outcome.folder.isEmpty() && outcome.write_error.isEmpty())
        message += tr(" \u00b7 wrote %1").arg(QDir::toNativeSeparators(outcome.folder));
      statusBar()->showMessage(message);
      if (!outcome.write_error.isEmpty())
        showError(outcome.write_error); // the statuses are shown all the same
    } catch (const std::exception& error) {
      showError(QString::fromStdString(error.what()));
    }
  }
  emit moduleAnalysisEnded();
}

bool MainWindow::loadModuleAnalysis(const QString& path) {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to show the analysis on"));
    return false;
  }
  const QString absolute = QFileInfo(path).absoluteFilePath();
  std::shared_ptr<const ModelModuleAnalysis> analysis;
  try {
    analysis = applyModuleAnalysis(*document_, io::readModuleAnalysisFile(absolute.toStdString()),
                                   absolute);
  } catch (const std::exception& error) {
    showError(QString::fromStdString(error.what())); // what was shown stays
    return false;
  }
  const io::ModuleAnalysisDocument& document = analysis->document;
  const QString backend = QString::fromStdString(document.backend);
  const QString message = tr("Module analysis %1%2: %3 of %4 unique modules in the model \u00b7 %5")
                              .arg(QDir::toNativeSeparators(absolute),
                                   backend.isEmpty() ? QString() : tr(" (%1)").arg(backend))
                              .arg(analysis->matched_modules)
                              .arg(document.modules.size())
                              .arg(statusCounts(document));
  setModuleAnalysis(std::move(analysis));
  statusBar()->showMessage(message);
  return true;
}

void MainWindow::loadModuleAnalysisInteractively() {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to show the analysis on"));
    return;
  }
  QString start = QSettings().value("paths/moduleAnalysis").toString();
  if (start.isEmpty())
    start = QFileInfo(document_->path).absolutePath();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Load module analysis"), start,
      tr("Module analyses (unique_modules.json *.json);;All files (*)"));
  if (path.isEmpty())
    return;
  QSettings().setValue("paths/moduleAnalysis", QFileInfo(path).absolutePath());
  loadModuleAnalysis(path);
}

void MainWindow::setModuleAnalysis(std::shared_ptr<const ModelModuleAnalysis> analysis) {
  // The dock and the panel hold the new analysis before the old one goes.
  const std::shared_ptr<const ModelModuleAnalysis> old =
      std::exchange(module_analysis_, std::move(analysis));
  if (document_)
    modules_dock_->setAnalysis(*document_, module_analysis_.get());
  properties_->setModuleAnalysis(module_analysis_.get());
  if (module_analysis_) {
    // The statuses are what was asked for: show them on the canvas and in the dock.
    colour_by_ = ColourBy::ModuleStatus;
    showModules();
  }
  refreshColouring();
}

void MainWindow::forgetModuleAnalysis() {
  cancelModuleAnalysis(); // its result would be dropped anyway
  if (!module_analysis_)
    return;
  properties_->setModuleAnalysis(nullptr);
  if (document_)
    modules_dock_->setAnalysis(*document_, nullptr);
  module_analysis_.reset();
}

void MainWindow::showModules() {
  modules_dock_->show();
  modules_dock_->raise();
  // Wide enough for the status, MACs and shape columns, up to 40% of the window.
  const int wanted = modules_dock_->preferredWidth();
  if (modules_dock_->width() < wanted && !modules_dock_->isFloating()) {
    resizeDocks({modules_dock_}, {std::min(wanted, width() * 2 / 5)}, Qt::Horizontal);
    layout()->activate(); // the canvas has its new size now: fit the graph to it
    view_->fitToView();
  }
}

bool MainWindow::colouringUsable(ColourBy colouring) const {
  if (colouring == ColourBy::ModuleStatus)
    return module_analysis_ != nullptr;
  return colouringAvailable(colouring, run_.get());
}

} // namespace irscope::app
