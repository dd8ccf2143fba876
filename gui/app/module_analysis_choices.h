#pragma once
// What Tools > Analyze Modules runs: the backend that tests each unique module, the PCC the cpu
// backends hold a module to, whether only the root is tested, the weights and inputs the cpu
// backends run on (the Run dialog's), and the folder that also gets unique_modules.json,
// summary.md and analysis_report.html. The dialog fills one; MainWindow::analyzeModules takes
// one.
#include "core/module_analysis.h"
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"

#include <QString>

namespace irscope::app {

struct ModuleAnalysisChoices {
  ir::AnalysisBackend backend = ir::AnalysisBackend::Mapping;
  double pcc_threshold = 0.99; // cpu backends
  bool root_only = false;
  // The cpu backends' weights and inputs; its dtype and reference are not used (the backend
  // decides the dtype, and the float32 run is the reference).
  RunChoices run;
  bool write_folder = false;
  QString output_dir;

  bool runsTheModel() const { return backend != ir::AnalysisBackend::Mapping; }
};

// The backends in the dialog's order: mapping, cpu-bf16, cpu-fp16.
QStringList analysisBackendNames();

// The choices made last time (the folder per model, NAME.modules beside it at first) and the
// Run dialog's weights and inputs for the model.
ModuleAnalysisChoices defaultModuleAnalysisChoices(const QString& model, bool from_torchscript);
QString defaultModuleAnalysisFolder(const QString& model);
// In QSettings; the weights and inputs with rememberRunChoices.
void rememberModuleAnalysisChoices(const QString& model, const ModuleAnalysisChoices& choices);

// Why these choices cannot be analysed on this model (no module paths, a weights file or input
// missing, a PCC out of range, a folder that is a file), or an empty string when they can.
QString problemWith(const ModuleAnalysisChoices& choices, const ModelDocument& document);

} // namespace irscope::app
