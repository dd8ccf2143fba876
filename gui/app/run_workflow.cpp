#include "gui/app/run_workflow.h"

#include "gui/app/model_session.h"
#include "gui/app/run_and_verify.h"
#include "gui/app/run_dialog.h"
#include "gui/app/workbench.h"
#include "gui/render/heat_map.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>

namespace irscope::app {

RunWorkflow::RunWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench), job_(tr("the run"), this) {
  verdict_ = new QLabel(bench_.dialogParent());
  verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bench_.addStatusWidget(verdict_);
  bench_.trackJob(job_, tr("Running %p%"), tr("Cancel Run"));
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    if (generation_ == bench_.session().generation()) // a model closed since has nothing to say
      bench_.showError(message);                      // the model, and the last run's results, stay
    last_error_ = message;
  });
  connect(&job_, &BackgroundJob::cancelled, this, [this] {
    bench_.showMessage(tr("Run cancelled"), 4000);
    last_error_ = tr("the run was cancelled");
  });
  connect(&job_, &BackgroundJob::ended, this, [this] {
    updateActions();
    emit runEnded();
  });
  ModelSession& session = bench_.session();
  // Reloading the model, or opening another, stops the run of the old one.
  connect(&session, &ModelSession::contentEnding, this, &RunWorkflow::stop);
  connect(&session, &ModelSession::runChanged, this, &RunWorkflow::showVerdict);
  connect(&session, &ModelSession::documentChanged, this, &RunWorkflow::updateActions);
}

void RunWorkflow::addActions() {
  QMenu* tools = bench_.menu(Workbench::Menu::Tools);
  run_action_ = tools->addAction(tr("&Run Model..."), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                                 &RunWorkflow::runInteractively);
  run_action_->setStatusTip(
      tr("Run the model through libtorch, optionally comparing it with a reference"));
  cancel_run_ = tools->addAction(tr("&Cancel Run"), this, &RunWorkflow::cancelRun);
  compare_golden_ = tools->addAction(tr("Compare with Gol&den..."), this,
                                     &RunWorkflow::compareWithGoldenInteractively);
  compare_golden_->setStatusTip(
      tr("Run the model on a golden folder's inputs and verify it against its outputs"));
  first_divergence_ = tools->addAction(tr("Go to First &Divergence"),
                                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
                                       &RunWorkflow::goToFirstDivergence);
  first_non_finite_ =
      tools->addAction(tr("Go to First &NaN/Inf"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                       this, &RunWorkflow::goToFirstNonFinite);
  tools->addSeparator();
  updateActions();
}

void RunWorkflow::runInteractively() {
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to run"));
    return;
  }
  RunDialog dialog(*document, defaultRunChoices(document->path, document->from_torchscript),
                   bench_.dialogParent());
  if (dialog.exec() != QDialog::Accepted)
    return;
  const RunChoices choices = dialog.choices();
  rememberRunChoices(document->path, choices);
  if (bench_.session().document() != document) {
    bench_.showMessage(tr("The model changed while the Run dialog was open: run it again"), 6000);
    return;
  }
  runModel(choices);
}

void RunWorkflow::runModel(const RunChoices& choices) {
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    const QString message = tr("Open a model first: there is nothing to run");
    bench_.showError(message);
    last_error_ = message;
    emit runEnded();
    return;
  }
  bench_.showMessage(choices.reference == RunChoices::Reference::GoldenFolder
                         ? tr("Comparing %1 with %2...").arg(document->path, choices.golden_folder)
                     : choices.verifies() ? tr("Verifying %1...").arg(document->path)
                                          : tr("Running %1...").arg(document->path));
  generation_ = bench_.session().generation();
  last_error_.clear();
  job_.start<std::shared_ptr<const RunResult>>(
      [document, choices](JobContext& context) {
        return runAndVerify(
            *document, choices, context.cancelFlag(), [&context](int done, int total) {
              context.progress(static_cast<size_t>(done), static_cast<size_t>(total));
            });
      },
      [this](std::shared_ptr<const RunResult> result) {
        if (generation_ == bench_.session().generation()) // else the model has changed since
          bench_.session().setRun(std::move(result));
      });
  updateActions();
}

void RunWorkflow::compareWithGoldenInteractively() {
  const auto& document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to compare"));
    return;
  }
  QString start = defaultRunChoices(document->path, document->from_torchscript).golden_folder;
  if (!QFileInfo(start).isDir())
    start = defaultGoldenFolder(document->path);
  if (!QFileInfo(start).isDir())
    start = QFileInfo(document->path).absolutePath();
  const QString folder = QFileDialog::getExistingDirectory(bench_.dialogParent(),
                                                           tr("Compare with Golden Data"), start);
  if (!folder.isEmpty())
    compareWithGolden(folder);
}

void RunWorkflow::compareWithGolden(const QString& folder) {
  const auto& document = bench_.session().document();
  if (!document) {
    const QString message = tr("Open a model first: there is nothing to compare");
    bench_.showError(message);
    last_error_ = message;
    emit runEnded();
    return;
  }
  // What the model last ran with is what is compared; the folder brings the inputs.
  const RunResult* last = bench_.session().lastRun();
  RunChoices choices =
      last ? last->choices : defaultRunChoices(document->path, document->from_torchscript);
  choices.reference = RunChoices::Reference::GoldenFolder;
  choices.golden_folder = folder;
  const QString problem = problemWith(choices, document->model.graph, document->from_torchscript);
  if (!problem.isEmpty()) {
    bench_.showError(problem); // the model and its last run stay
    last_error_ = problem;
    emit runEnded();
    return;
  }
  rememberRunChoices(document->path, choices);
  runModel(choices);
}

bool RunWorkflow::goToFirstDivergence() {
  const RunResult* run = bench_.session().lastRun();
  if (!run || !run->firstDivergence())
    return false;
  bench_.revealAndZoom(*run->firstDivergence());
  return true;
}

bool RunWorkflow::goToFirstNonFinite() {
  const RunResult* run = bench_.session().lastRun();
  if (!run || !run->firstNonFinite())
    return false;
  bench_.revealAndZoom(*run->firstNonFinite());
  return true;
}

QString RunWorkflow::verdictText() const {
  return verdict_->text();
}

void RunWorkflow::showVerdict() {
  const RunResult* run = bench_.session().lastRun();
  const auto& document = bench_.session().document();
  updateActions();
  if (!run || !document) {
    verdict_->clear();
    verdict_->setStyleSheet({});
    return;
  }
  const std::optional<ir::Verdict>& verdict = run->verdict;
  const bool failed = (verdict && verdict->status == ir::VerdictStatus::Failed) ||
                      run->first_non_finite.has_value();
  const bool amber =
      verdict && verdict->status == ir::VerdictStatus::PassedWithDivergentIntermediates;
  const bool passed = verdict && verdict->status == ir::VerdictStatus::Passed;
  verdict_->setText(verdictLine(*run, document->model.graph));
  verdict_->setStyleSheet(
      failed
          ? QString("QLabel { color: %1; font-weight: bold; }").arg(render::nonFiniteColor().name())
      : amber  ? "QLabel { color: #c77800; font-weight: bold; }"
      : passed ? "QLabel { color: #2e9e4e; font-weight: bold; }"
               : QString());
  QStringList notes;
  if (verdict)
    for (const std::string& note : verdict->notes)
      notes << QString::fromStdString(note);
  verdict_->setToolTip(notes.join('\n'));
  bench_.showMessage({});
}

void RunWorkflow::updateActions() {
  if (!run_action_)
    return;
  const bool open = bench_.session().document() != nullptr;
  const RunResult* run = bench_.session().lastRun();
  run_action_->setEnabled(open);
  cancel_run_->setEnabled(job_.busy());
  compare_golden_->setEnabled(open);
  first_divergence_->setEnabled(run && run->firstDivergence());
  first_non_finite_->setEnabled(run && run->firstNonFinite());
}

} // namespace irscope::app
