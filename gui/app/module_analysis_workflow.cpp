#include "gui/app/module_analysis_workflow.h"

#include "gui/app/model_session.h"
#include "gui/app/module_analysis_dialog.h"
#include "gui/app/module_analysis_job.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/modules_dock.h"
#include "gui/app/workbench.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QProgressDialog>
#include <QSettings>
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

ModuleAnalysisWorkflow::ModuleAnalysisWorkflow(Workbench& bench, ModulesDock& dock, QObject* parent)
    : QObject(parent), bench_(bench), dock_(dock), job_(tr("the module analysis"), this, 300) {
  connect(&job_, &BackgroundJob::progressShown, this, [this] {
    if (progress_)
      progress_->show();
  });
  connect(&job_, &BackgroundJob::progress, this,
          [this](int done, int total, const QString& stage) { showProgress(stage, done, total); });
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    if (generation_ == bench_.session().generation())
      bench_.showError(message);
  });
  connect(&job_, &BackgroundJob::cancelled, this,
          [this] { bench_.showMessage(tr("Module analysis cancelled"), 6000); });
  connect(&job_, &BackgroundJob::ended, this, [this] {
    closeProgress();
    updateActions();
    emit moduleAnalysisEnded();
  });
  ModelSession& session = bench_.session();
  connect(&session, &ModelSession::contentEnding, this, &ModuleAnalysisWorkflow::stop);
  connect(&session, &ModelSession::documentChanged, this, &ModuleAnalysisWorkflow::updateActions);
  connect(&session, &ModelSession::moduleAnalysisChanged, this, [this] {
    if (bench_.session().moduleAnalysis())
      showModules(); // the statuses are what was asked for
  });
}

void ModuleAnalysisWorkflow::addActions() {
  QMenu* tools = bench_.menu(Workbench::Menu::Tools);
  analyze_ =
      tools->addAction(tr("Analyze &Modules..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                       this, &ModuleAnalysisWorkflow::analyzeModulesInteractively);
  analyze_->setStatusTip(
      tr("Test the model's unique modules top-down: which convert to the target, or keep their "
         "numbers in bfloat16 or float16"));
  load_ = tools->addAction(tr("&Load Module Analysis..."), this,
                           &ModuleAnalysisWorkflow::loadModuleAnalysisInteractively);
  load_->setStatusTip(tr("Show the statuses of a unique_modules.json on the open model"));
  updateActions();
}

void ModuleAnalysisWorkflow::updateActions() {
  if (!analyze_)
    return;
  const bool open = bench_.session().document() != nullptr;
  analyze_->setEnabled(open && !analyzingModules());
  load_->setEnabled(open);
}

void ModuleAnalysisWorkflow::analyzeModulesInteractively() {
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there are no modules to analyse"));
    return;
  }
  ModuleAnalysisDialog dialog(
      *document, defaultModuleAnalysisChoices(document->path, document->from_torchscript),
      bench_.dialogParent());
  if (dialog.exec() != QDialog::Accepted)
    return;
  const ModuleAnalysisChoices choices = dialog.choices();
  rememberModuleAnalysisChoices(document->path, choices);
  if (choices.runsTheModel())
    rememberRunChoices(document->path, choices.run);
  if (bench_.session().document() != document) {
    bench_.showMessage(
        tr("The model changed while the Analyze Modules dialog was open: analyse it again"), 6000);
    return;
  }
  analyzeModules(choices);
}

void ModuleAnalysisWorkflow::analyzeModules(const ModuleAnalysisChoices& choices) {
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there are no modules to analyse"));
    emit moduleAnalysisEnded();
    return;
  }
  if (analyzingModules()) {
    bench_.showError(tr("A module analysis is still running: wait for it, or cancel it"));
    return;
  }
  const QString problem = problemWith(choices, *document);
  if (!problem.isEmpty()) {
    bench_.showError(problem); // the model, and any analysis shown, stay
    emit moduleAnalysisEnded();
    return;
  }
  generation_ = bench_.session().generation();
  const std::string_view backend = ir::backendName(choices.backend);
  backend_ = QString::fromUtf8(backend.data(), static_cast<qsizetype>(backend.size()));
  // Not modal: the window stays usable (and its event loop free) while the modules are tested.
  // It shows once the job has run a while: a mapping analysis is over before then.
  progress_ = new QProgressDialog(tr("Analysing the modules of %1 (%2 backend)...")
                                      .arg(QFileInfo(document->path).fileName(), backend_),
                                  tr("Cancel"), 0, 0, bench_.dialogParent());
  progress_->setWindowTitle(tr("Analyze Modules"));
  progress_->setWindowModality(Qt::NonModal);
  progress_->setAutoClose(false);
  progress_->setAutoReset(false);
  progress_->setMinimumDuration(INT_MAX); // shown by the job, not by its own timer
  progress_->hide();
  connect(progress_, &QProgressDialog::canceled, this, [this] {
    cancelModuleAnalysis();
    bench_.showMessage(tr("Cancelling the module analysis..."));
  });
  bench_.showMessage(tr("Analysing the modules of %1...").arg(document->path));
  job_.start<ModuleAnalysisOutcome>(
      [document, choices, mapping = bench_.session().operatorMappingShared()](JobContext& context) {
        return runModuleAnalysisJob(
            *document, choices, *mapping,
            [&context](const std::string& stage, size_t done, size_t total) {
              return context.progress(done, total, stage);
            });
      },
      [this](ModuleAnalysisOutcome outcome) {
        const auto& document = bench_.session().document();
        const bool same_model = generation_ == bench_.session().generation() && document;
        if (outcome.cancelled) {
          bench_.showMessage(tr("Module analysis cancelled"), 6000);
        } else if (!outcome.error.isEmpty()) {
          if (same_model) // a model closed since has nothing to say
            bench_.showError(outcome.error);
        } else if (!same_model || !outcome.document) {
          bench_.showMessage(tr("The model changed during the module analysis: analyse it again"),
                             6000);
        } else {
          const QString counts = statusCounts(*outcome.document);
          const size_t unique = outcome.document->modules.size();
          try {
            bench_.session().setModuleAnalysis(
                applyModuleAnalysis(*document, std::move(*outcome.document), {}));
            QString message = tr("Modules of %1 (%2): %3 modules, %4 unique \u00b7 %5")
                                  .arg(QFileInfo(document->path).fileName(), backend_)
                                  .arg(outcome.instances)
                                  .arg(unique)
                                  .arg(counts);
            if (!outcome.folder.isEmpty() && outcome.write_error.isEmpty())
              message += tr(" \u00b7 wrote %1").arg(QDir::toNativeSeparators(outcome.folder));
            bench_.showMessage(message);
            if (!outcome.write_error.isEmpty())
              bench_.showError(outcome.write_error); // the statuses are shown all the same
          } catch (const std::exception& error) {
            bench_.showError(QString::fromStdString(error.what()));
          }
        }
      });
  updateActions();
}

void ModuleAnalysisWorkflow::showProgress(const QString& stage, int done, int total) {
  if (progress_) {
    const auto& document = bench_.session().document();
    progress_->setLabelText(tr("Analysing the modules of %1 (%2 backend)\n%3")
                                .arg(document ? QFileInfo(document->path).fileName() : QString(),
                                     backend_, stageText(stage)) +
                            (total > 0 ? tr(": %1 of %2").arg(done).arg(total) : QString()));
    progress_->setRange(0, std::max(total, 0)); // 0 to 0 while reading: a busy bar
    progress_->setValue(std::min(done, std::max(total, 0)));
  }
  emit moduleAnalysisProgress(stage, done, total);
}

void ModuleAnalysisWorkflow::closeProgress() {
  if (!progress_)
    return;
  progress_->reset();
  progress_->hide();
  progress_->deleteLater();
  progress_ = nullptr;
}

bool ModuleAnalysisWorkflow::loadModuleAnalysis(const QString& path) {
  const auto& document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to show the analysis on"));
    return false;
  }
  const QString absolute = QFileInfo(path).absoluteFilePath();
  std::shared_ptr<const ModelModuleAnalysis> analysis;
  try {
    analysis = applyModuleAnalysis(*document, io::readModuleAnalysisFile(absolute.toStdString()),
                                   absolute);
  } catch (const std::exception& error) {
    bench_.showError(QString::fromStdString(error.what())); // what was shown stays
    return false;
  }
  const io::ModuleAnalysisDocument& analysed = analysis->document;
  const QString backend = QString::fromStdString(analysed.backend);
  const QString message = tr("Module analysis %1%2: %3 of %4 unique modules in the model \u00b7 %5")
                              .arg(QDir::toNativeSeparators(absolute),
                                   backend.isEmpty() ? QString() : tr(" (%1)").arg(backend))
                              .arg(analysis->matched_modules)
                              .arg(analysed.modules.size())
                              .arg(statusCounts(analysed));
  bench_.session().setModuleAnalysis(std::move(analysis));
  bench_.showMessage(message);
  return true;
}

void ModuleAnalysisWorkflow::loadModuleAnalysisInteractively() {
  const auto& document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to show the analysis on"));
    return;
  }
  QString start = QSettings().value("paths/moduleAnalysis").toString();
  if (start.isEmpty())
    start = QFileInfo(document->path).absolutePath();
  const QString path = QFileDialog::getOpenFileName(
      bench_.dialogParent(), tr("Load module analysis"), start,
      tr("Module analyses (unique_modules.json *.json);;All files (*)"));
  if (path.isEmpty())
    return;
  QSettings().setValue("paths/moduleAnalysis", QFileInfo(path).absolutePath());
  loadModuleAnalysis(path);
}

void ModuleAnalysisWorkflow::showModules() {
  bench_.raiseDock(&dock_, dock_.preferredWidth());
}

} // namespace irscope::app
