#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/model_summary.h"
#include "io/load_error.h"
#include "io/summary_report.h"

#include <memory>

namespace irscope::cli {

Action addInfoCommand(CLI::App& app) {
  struct Options {
    std::string file;
    bool json = false;
    std::string output;
    ModelInputOptions inputs;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("info", "Summarise a model: counts, shapes, parameters, ops");
  command->add_option("FILE", options->file, kModelArgumentHelp)->required();
  addModelInputOptions(*command, options->inputs);
  addJsonFlag(*command, options->json); // the fields of torch-ir info --json
  command->add_option("-o,--output", options->output, "Write to this file instead of stdout");

  return [options]() {
    try {
      const ir::ModelSummary summary =
          ir::summarize(openModelGraph(options->file, options->inputs).graph);
      writeOutput(options->output, options->json ? io::summaryJson(summary).dump(2, ' ', true)
                                                 : io::summaryText(summary));
      return int{kExitOk};
    } catch (const std::exception& error) {
      reportError(error.what());
      return int{kExitUnreadable};
    }
  };
}

} // namespace irscope::cli
