#include "gui/app/command_line_session.h"

#include "gui/app/colouring_workflow.h"
#include "gui/app/diff_workflow.h"
#include "gui/app/document_workflow.h"
#include "gui/app/export_workflow.h"
#include "gui/app/main_window.h"
#include "gui/app/mapping_workflow.h"
#include "gui/app/model_session.h"
#include "gui/app/module_analysis_workflow.h"
#include "gui/app/run_workflow.h"
#include "gui/app/weights_workflow.h"

#include <QApplication>
#include <QTimer>
#include <cstdio>

namespace irscope::app {

namespace {

// The Run dialog's defaults for this model, without a reference unless one is asked for, then
// what the command line says.
RunChoices runChoices(const AppOptions& options, const ModelDocument& document) {
  RunChoices choices = defaultRunChoices(document.path, document.from_torchscript);
  using Reference = RunChoices::Reference;
  if (!options.verify)
    choices.reference = Reference::None;
  else if (choices.reference == Reference::None && !choices.reference_file.isEmpty())
    choices.reference = Reference::TorchScript;
  else if (choices.reference == Reference::None && options.reference.isEmpty() &&
           options.expected.isEmpty() && options.golden_folder.isEmpty())
    std::fprintf(stderr,
                 "irscope: --verify: no NAME.ts.pt, NAME.golden/ or NAME.out0.npy beside %s; "
                 "running without a reference (give --reference, --expected or --golden)\n",
                 qPrintable(document.path));
  if (!options.weights.isEmpty())
    choices.weights_file = options.weights;
  if (!options.inputs.isEmpty()) {
    choices.inputs = RunChoices::Inputs::NpyFiles;
    choices.input_files = options.inputs;
  } else if (options.seed) {
    choices.inputs = RunChoices::Inputs::Seeded;
    choices.seed = *options.seed;
  }
  if (!options.dtype.isEmpty())
    choices.dtype = options.dtype;
  if (options.rtol)
    choices.rtol = *options.rtol;
  if (options.atol)
    choices.atol = *options.atol;
  if (options.pcc)
    choices.pcc = *options.pcc;
  if (!options.reference.isEmpty()) {
    choices.reference = Reference::TorchScript;
    choices.reference_file = options.reference;
  } else if (!options.expected.isEmpty()) {
    choices.reference = Reference::ExpectedOutputs;
    choices.expected_files = options.expected;
  } else if (!options.golden_folder.isEmpty()) {
    choices.reference = Reference::GoldenFolder; // its inputs replace --inputs
    choices.golden_folder = options.golden_folder;
  }
  return choices;
}

} // namespace

CommandLineSession::CommandLineSession(MainWindow& window, AppOptions options, QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options)), run_done_(!options_.run),
      analysis_done_(!options_.analyze), compare_done_(options_.compare.isEmpty()) {
  connect(&window_, &MainWindow::documentChanged, this, [this] {
    if (!std::exchange(opened_, true))
      onOpened();
    screenshotWhenSettled();
  });
  connect(&window_.runWorkflow(), &RunWorkflow::runEnded, this, &CommandLineSession::onRunEnded);
  connect(&window_.moduleAnalysisWorkflow(), &ModuleAnalysisWorkflow::moduleAnalysisEnded, this,
          &CommandLineSession::onAnalysisEnded);
  connect(&window_.diffWorkflow(), &DiffWorkflow::compareEnded, this,
          &CommandLineSession::onCompareEnded);
  connect(&window_.documentWorkflow(), &DocumentWorkflow::loadFailed, this,
          [this](const QString& message) {
            if (window_.document())
              return; // a reload failed; the model open stays
            fail(message);
            // A screenshot or export of a model that failed to open would never come: stop.
            if (!options_.screenshot.isEmpty() || !options_.export_file.isEmpty())
              QCoreApplication::exit(exitCode());
          });
}

void CommandLineSession::start() {
  if (!options_.theme.isEmpty())
    window_.applyTheme(options_.theme);
  if (options_.model.isEmpty())
    return;
  if (!options_.input_shapes.empty())
    window_.documentWorkflow().openTorchScript(options_.model, options_.input_shapes);
  else
    window_.documentWorkflow().openFile(options_.model);
}

void CommandLineSession::fail(const QString& message) {
  failed_ = true;
  std::fprintf(stderr, "irscope: %s\n", qPrintable(message));
}

void CommandLineSession::onOpened() {
  const ModelDocument& document = *window_.document();
  // A colouring the run does not need shows at once; the others once the run is done.
  if (options_.colour_by)
    window_.setColourBy(*options_.colour_by);
  if (!options_.show_operators.isEmpty() &&
      !window_.mappingWorkflow().showOperators(options_.show_operators))
    fail(QString("--show-operators: %1 has no op %2").arg(document.path, options_.show_operators));
  if (!options_.select.isEmpty() && !window_.selectNodeByName(options_.select))
    fail(QString("--select: %1 has no node %2").arg(document.path, options_.select));
  if (!options_.select_weight.isEmpty() &&
      !window_.weightsWorkflow().selectWeight(options_.select_weight))
    fail(
        QString("--select-weight: %1 has no weight %2").arg(document.path, options_.select_weight));
  if (options_.run)
    window_.runWorkflow().runModel(runChoices(options_, document));
  if (!options_.compare.isEmpty())
    window_.diffWorkflow().compareWith(options_.compare);
  if (options_.analyze) {
    ModuleAnalysisChoices choices =
        defaultModuleAnalysisChoices(document.path, document.from_torchscript);
    choices.backend = *options_.analyze;
    choices.write_folder = false; // a look at the model writes no files
    window_.moduleAnalysisWorkflow().analyzeModules(choices);
  }
}

void CommandLineSession::onRunEnded() {
  run_done_ = true;
  const QString& error = window_.runWorkflow().lastRunError();
  if (!error.isEmpty())
    fail(error);
  if (options_.colour_by) {
    window_.setColourBy(*options_.colour_by);
    const RunResult* run = window_.session().lastRun();
    if (*options_.colour_by == ColourBy::Error && run && !run->verified())
      std::fprintf(stderr, "irscope: --color-by error: the run compared nothing; give --verify, "
                           "--reference, --expected or --golden\n");
    else if (*options_.colour_by == ColourBy::Error && run && run->errors_at_outputs_only)
      std::fprintf(stderr, "irscope: --color-by error: the reference has no intermediates, so only "
                           "the output nodes are coloured (a TorchScript reference or a golden "
                           "folder with nodes/ has them)\n");
  }
  if (options_.first_divergence && !window_.runWorkflow().goToFirstDivergence() &&
      error.isEmpty()) {
    const RunResult* run = window_.session().lastRun();
    if (run && run->errors_at_outputs_only)
      std::fprintf(stderr, "irscope: --first-divergence: the reference has no intermediates, so no "
                           "node can be named (a TorchScript reference or a golden folder with "
                           "nodes/ has them)\n");
    else
      std::fprintf(stderr, "irscope: --first-divergence: the run found no divergence\n");
  }
  screenshotWhenSettled();
}

void CommandLineSession::onAnalysisEnded() {
  analysis_done_ = true;
  if (!window_.session().moduleAnalysis())
    fail(window_.lastError().isEmpty() ? QString("--analyze: the module analysis did not finish")
                                       : window_.lastError());
  if (options_.colour_by) // the analysis shows its statuses; a colouring asked for wins
    window_.setColourBy(*options_.colour_by);
  if (!options_.select.isEmpty()) // Properties then show the node's module analysis
    window_.selectNodeByName(options_.select);
  screenshotWhenSettled();
}

void CommandLineSession::onCompareEnded() {
  if (compare_done_)
    return;
  compare_done_ = true;
  if (!window_.diffWorkflow().comparing())
    fail(QString("--compare: %1")
             .arg(window_.diffWorkflow().lastError().isEmpty()
                      ? QString("the comparison did not finish")
                      : window_.diffWorkflow().lastError()));
  else if (options_.overlay)
    window_.diffWorkflow().setOverlay(true);
  screenshotWhenSettled();
}

void CommandLineSession::screenshotWhenSettled() {
  if ((options_.screenshot.isEmpty() && options_.export_file.isEmpty()) || screenshot_scheduled_ ||
      !window_.document() || window_.documentWorkflow().loading() || !run_done_ ||
      !analysis_done_ || !compare_done_)
    return;
  screenshot_scheduled_ = true;
  // Let the window paint once more before grabbing it.
  QTimer::singleShot(500, &window_, [this] {
    QString error;
    if (!options_.export_file.isEmpty() &&
        !window_.exportWorkflow().exportTo(options_.export_file, &error, false, options_.page))
      fail("--export: " + error);
    if (!options_.screenshot.isEmpty() && !window_.grab().save(options_.screenshot, "PNG"))
      fail(QString("--screenshot: cannot write %1").arg(options_.screenshot));
    QApplication::exit(exitCode());
  });
}

} // namespace irscope::app
