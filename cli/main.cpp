// irscope-cli: every irscope job that needs no window, for scripts and CI.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/allocator_tuning.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

int main(int argc, char** argv) {
  using namespace irscope::cli;
  irscope::tuneAllocatorForTensors();
  CLI::App app{"irscope-cli: inspect, validate and convert PyTorch model IR"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "irscope-cli " IRSCOPE_VERSION);

  std::map<std::string, Action> actions;
  actions["info"] = addInfoCommand(app);
  actions["validate"] = addValidateCommand(app);
  actions["convert"] = addConvertCommand(app);
  actions["render"] = addRenderCommand(app);
  actions["extract"] = addExtractCommand(app);
  actions["run"] = addRunCommand(app);
  actions["verify"] = addVerifyCommand(app);
  actions["compare"] = addCompareCommand(app);
  actions["golden"] = addGoldenCommand(app);
  actions["ops"] = addOpsCommand(app);
  actions["coverage"] = addCoverageCommand(app);
  actions["summary"] = addSummaryCommand(app);
  actions["modules"] = addModulesCommand(app);
  actions["report"] = addReportCommand(app);
  actions["analyze"] = addAnalyzeCommand(app);
  actions["diff"] = addDiffCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // One line, like every other error: CLI11's own report adds a second.
    std::cerr << "error: " << error.what() << " (see --help)\n";
    return kExitUnreadable;
  }
  for (CLI::App* chosen : app.get_subcommands())
    return actions.at(chosen->get_name())();
  return kExitUnreadable;
}
