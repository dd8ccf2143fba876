#include "gui/app/module_analysis_job.h"

#include "core/torch/module_analysis_run.h"
#include "core/torch/torchscript_extraction.h"
#include "core/unique_modules.h"
#include "gui/app/model_module_analysis.h"
#include "io/model_inputs.h"
#include "io/module_analysis_folder.h"
#include "io/unique_modules_file.h"
#include "io/weights_file.h"

#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <stdexcept>

namespace irscope::app {

namespace {

ModuleAnalysisOutcome analyse(const ModelDocument& document, const ModuleAnalysisChoices& choices,
                              const ir::OpMapping& mapping,
                              const ModuleAnalysisProgress& progress) {
  const ir::Graph& graph = document.model.graph;
  const std::string model_file = document.path.toStdString();
  auto stopIfCancelled = [&](const std::string& stage) {
    if (progress && !progress(stage, 0, 0))
      throw torchscript::ExecutionCancelled();
  };
  if (!hasModulePaths(graph))
    throw std::runtime_error(QFileInfo(document.path).fileName().toStdString() +
                             " has no module paths, so it has no modules to analyse: open the "
                             "model's TorchScript file, which gives them");
  ir::UniqueModules modules;
  try {
    modules = ir::findUniqueModules(graph, document.model.topology, document.modules);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(model_file + ": " + error.what());
  }

  torchscript::ModuleAnalysisRequest request;
  request.backend = choices.backend;
  request.mapping = &mapping;
  request.pcc_threshold = choices.pcc_threshold;
  request.root_only = choices.root_only;
  request.threads = std::max(1, QThread::idealThreadCount());
  request.model_file = model_file;
  io::NamedTensors weights;
  if (choices.runsTheModel()) {
    // Reading cannot be interrupted midway: a cancel is honoured between the reads.
    stopIfCancelled("reading");
    io::InputChoice input_choice;
    if (choices.run.inputs == RunChoices::Inputs::NpyFiles)
      for (const QString& file : choices.run.input_files)
        input_choice.npy_files.push_back(file.toStdString());
    input_choice.seed = choices.run.seed;
    request.inputs = io::loadInputs(graph, input_choice);
    stopIfCancelled("reading");
    if (document.from_torchscript) {
      // The file holds the weights; extracting them runs it once on the same inputs.
      torchscript::ExtractionOptions options;
      options.input_values = request.inputs;
      options.keep_weight_data = true;
      weights = torchscript::extractTorchScript(model_file, options).weight_data;
      request.weights_file = model_file;
    } else {
      if (choices.run.weights_file.isEmpty())
        throw std::runtime_error(model_file + ": no weights file chosen");
      weights = io::readWeightsFile(choices.run.weights_file.toStdString());
      request.weights_file = choices.run.weights_file.toStdString();
    }
    request.weights = &weights;
    stopIfCancelled("reading");
  }
  request.progress = progress;
  const torchscript::ModuleAnalysisResult result = torchscript::runModuleAnalysis(
      graph, document.model.topology, document.modules, modules, request);

  ModuleAnalysisOutcome outcome;
  outcome.instances = modules.instances.size();
  outcome.runs = result.runs;
  Json json = io::uniqueModulesJson(modules, model_file, io::isoTimestampNow());
  io::addModuleStatuses(json, result.verdicts, ir::backendName(choices.backend));
  // Read back as a loaded file is, so that both reach the window the same way.
  outcome.document = io::parseModuleAnalysis(json.dump(), model_file);
  if (choices.write_folder) {
    outcome.folder = choices.output_dir;
    try {
      io::writeModuleAnalysisFolder(choices.output_dir.toStdString(), json);
    } catch (const std::exception& error) {
      outcome.write_error = QString::fromStdString(error.what());
    }
  }
  return outcome;
}

} // namespace

ModuleAnalysisOutcome runModuleAnalysisJob(const ModelDocument& document,
                                           const ModuleAnalysisChoices& choices,
                                           const ir::OpMapping& mapping,
                                           const ModuleAnalysisProgress& progress) {
  try {
    return analyse(document, choices, mapping, progress);
  } catch (const torchscript::ExecutionCancelled&) {
    ModuleAnalysisOutcome outcome;
    outcome.cancelled = true;
    return outcome;
  } catch (const std::exception& error) {
    ModuleAnalysisOutcome outcome;
    outcome.error = QString::fromStdString(error.what());
    return outcome;
  } catch (...) {
    // Nothing may reach the event loop: QtConcurrent would rethrow it in result().
    ModuleAnalysisOutcome outcome;
    outcome.error = document.path + ": the module analysis failed with an unknown error";
    return outcome;
  }
}

} // namespace irscope::app
