// irscope-cli analyze: tt-model-analysis's op-by-op analysis. The unique modules of a model are
// tested top-down with a backend (mapping: would it lower to the target; cpu-bf16/cpu-fp16: does it
// keep its numbers in that dtype), the statuses are propagated by the reference's rules, and
// unique_modules.json, summary.md and analysis_report.html are written to the output folder.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_with_modules.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/module_analysis.h"
#include "core/torch/module_analysis_run.h"
#include "core/verdict.h"
#include "io/module_analysis_file.h"
#include "io/module_analysis_folder.h"
#include "io/op_mapping_file.h"
#include "io/unique_modules_file.h"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <unistd.h>

namespace irscope::cli {
namespace {

struct AnalyzeArguments {
  std::string model;
  std::string backend = "mapping";
  std::string weights;
  std::string mapping_file;
  ModelInputOptions inputs;
  std::string output_dir;
  double pcc = 0;
  CLI::Option* pcc_option = nullptr; // unless given, the backend's dtype chooses the threshold
  bool root_only = false;
  int threads = 1;
};

// "Results: failed: 2, skipped: 5, success: 1", statuses sorted by name, as ttchop prints.
std::string resultsLine(const std::vector<ir::ModuleVerdict>& verdicts) {
  std::map<std::string, size_t> counts;
  for (const ir::ModuleVerdict& verdict : verdicts)
    ++counts[std::string(ir::moduleStatusName(verdict.status))];
  std::string line = "Results: ";
  for (const auto& [status, count] : counts)
    line += (line.size() > 9 ? ", " : "") + status + ": " + std::to_string(count);
  return line;
}

int runAnalyze(const AnalyzeArguments& args) {
  const auto backend = ir::backendNamed(args.backend);
  if (!backend) {
    reportError("unknown backend \"" + args.backend + "\"; use mapping, cpu-bf16 or cpu-fp16");
    return kExitUnreadable;
  }
  if (!std::isfinite(args.pcc)) {
    reportError("--pcc must be a number from -1 to 1");
    return kExitUnreadable;
  }
  const bool runs = *backend != ir::AnalysisBackend::Mapping;
  ModelWithModules loaded;
  ir::OpMapping mapping;
  try {
    if (!args.weights.empty() && !std::filesystem::exists(args.weights))
      throw std::runtime_error(args.weights + ": no such weights file");
    loaded = loadModelWithModules(args.model, args.weights, args.inputs, runs);
    mapping = io::defaultOpMapping();
    if (!args.mapping_file.empty())
      mapping.override(io::readOpMappingFile(args.mapping_file));
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }

  torchscript::ModuleAnalysisRequest request;
  request.backend = *backend;
  request.mapping = &mapping;
  request.weights = &loaded.weights;
  request.inputs = loaded.inputs;
  request.pcc_threshold =
      args.pcc_option->count() ? args.pcc : ir::defaultPcc(ir::backendDtype(*backend));
  request.root_only = args.root_only;
  request.threads = args.threads;
  request.model_file = args.model;
  request.weights_file = loaded.weights_file;
  const bool interactive = isatty(STDERR_FILENO) != 0;
  request.progress = [&](const std::string& stage, size_t done, size_t total) {
    if (interactive)
      std::cerr << "\r" << stage << ": " << done << "/" << total << "   " << std::flush;
    return true;
  };
  torchscript::ModuleAnalysisResult result;
  try {
    result = torchscript::runModuleAnalysis(loaded.model.graph, loaded.model.topology, loaded.tree,
                                            loaded.modules, request);
  } catch (const std::exception& error) {
    if (interactive)
      std::cerr << '\n';
    reportError(error.what());
    return kExitUnreadable;
  }
  if (interactive)
    std::cerr << '\r' << std::string(40, ' ') << '\r';

  const std::filesystem::path dir(args.output_dir);
  try {
    Json document = io::uniqueModulesJson(loaded.modules, args.model, io::isoTimestampNow());
    io::addModuleStatuses(document, result.verdicts, ir::backendName(*backend));
    io::writeModuleAnalysisFolder(dir, document);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  std::cerr << args.model << ": " << loaded.modules.instances.size() << " modules, "
            << loaded.modules.modules.size() << " unique, backend " << args.backend;
  if (runs)
    std::cerr << " (" << result.runs << " sub-IR runs; float32 values held: "
              << (result.reference_bytes + (1 << 19)) / (1 << 20) << " MB)";
  std::cerr << "\n"
            << resultsLine(result.verdicts) << "\nWrote " << (dir / "unique_modules.json").string()
            << ", summary.md and analysis_report.html\n";
  for (const ir::ModuleVerdict& verdict : result.verdicts)
    if (verdict.status == ir::ModuleStatus::Failed ||
        verdict.status == ir::ModuleStatus::IrExportFailed)
      return kExitInvalid;
  return kExitOk;
}

} // namespace

Action addAnalyzeCommand(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArguments>();
  CLI::App* command = app.add_subcommand(
      "analyze",
      "Test a model's unique modules top-down (tt-model-analysis's op-by-op analysis) and "
      "write unique_modules.json, summary.md and analysis_report.html");
  command
      ->add_option("MODEL", args->model,
                   std::string(kModelArgumentHelp) + "; IR JSON must carry module paths")
      ->required();
  command
      ->add_option("--backend", args->backend,
                   "mapping: every op converts under the operator mapping; cpu-bf16, cpu-fp16: "
                   "the module keeps PCC >= --pcc against float32 in that dtype")
      ->capture_default_str();
  addWeightsOption(*command, args->weights); // the cpu backends run with them
  command->add_option("--mapping", args->mapping_file,
                      "Operator mapping JSON layered over the built-in TTNN table");
  addModelInputOptions(*command, args->inputs);
  args->pcc_option = addPccOption(*command, args->pcc); // cpu backends: against float32
  command->add_flag("--root-only", args->root_only,
                    "Test only the whole model; everything below it is skipped");
  addThreadsOption(*command, args->threads);
  command->add_option("-o,--output", args->output_dir, "Folder for the three files")->required();
  return [args] { return runAnalyze(*args); };
}

} // namespace irscope::cli
