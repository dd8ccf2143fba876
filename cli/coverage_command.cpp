// irscope-cli coverage: how much of one or more models a target's operator mapping covers, per
// op and input variation, with the reasons for every fallback.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/op_configuration.h"
#include "core/op_coverage.h"
#include "io/coverage_report.h"
#include "io/op_mapping_file.h"

#include <memory>

namespace irscope::cli {
namespace {

struct CoverageArguments {
  std::vector<std::string> models;
  std::string mapping;
  bool json = false;
  bool markdown = false;
  std::string output;
  ModelInputOptions inputs;
};

int runCoverage(const CoverageArguments& args) {
  std::string text;
  try {
    ir::OpMapping mapping = io::defaultOpMapping();
    if (!args.mapping.empty())
      mapping.override(io::readOpMappingFile(args.mapping));
    std::vector<ir::Graph> graphs;
    graphs.reserve(args.models.size());
    for (const std::string& model : args.models)
      graphs.push_back(openModelGraph(model, args.inputs).graph);
    std::vector<ir::ModelConfigurations> models;
    for (size_t i = 0; i < graphs.size(); ++i)
      models.push_back({args.models[i], &graphs[i], ir::collectConfigurations(graphs[i])});
    const ir::CoverageReport report = ir::coverageOf(models, mapping);
    text = args.json       ? io::coverageJson(report, mapping.target).dump(2) + "\n"
           : args.markdown ? io::coverageMarkdown(report, mapping.target)
                           : io::coverageText(report, mapping.target);
    writeOutput(args.output, text);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  return kExitOk;
}

} // namespace

Action addCoverageCommand(CLI::App& app) {
  auto args = std::make_shared<CoverageArguments>();
  CLI::App* command = app.add_subcommand(
      "coverage", "Which of the models' ops and input variations the target (TTNN) can run");
  command
      ->add_option("MODEL", args->models, std::string(kModelsArgumentHelp) + "; several aggregate")
      ->required();
  addModelInputOptions(*command, args->inputs, true);
  command->add_option("--mapping", args->mapping,
                      "An operator-mapping file whose entries override the built-in TTNN table");
  auto* json = addJsonFlag(*command, args->json);
  command->add_flag("--markdown", args->markdown, "Print pytorch2.0_ttnn's OperationsReport table")
      ->excludes(json);
  command->add_option("-o,--output", args->output, "Write to this file (atomically)");
  return [args] { return runCoverage(*args); };
}

} // namespace irscope::cli
