#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace irscope::cli {

// Each command registers itself on the app and returns the action to run once it is chosen.
// The action returns the process exit code (see exit_codes.h).
using Action = std::function<int()>;

Action addInfoCommand(CLI::App& app);
Action addValidateCommand(CLI::App& app);
Action addConvertCommand(CLI::App& app);
Action addRenderCommand(CLI::App& app);
Action addExtractCommand(CLI::App& app);
Action addRunCommand(CLI::App& app);
Action addVerifyCommand(CLI::App& app);
Action addCompareCommand(CLI::App& app);
Action addGoldenCommand(CLI::App& app);
Action addOpsCommand(CLI::App& app);
Action addCoverageCommand(CLI::App& app);
Action addSummaryCommand(CLI::App& app);
Action addModulesCommand(CLI::App& app);
Action addReportCommand(CLI::App& app);
Action addAnalyzeCommand(CLI::App& app);
Action addDiffCommand(CLI::App& app);

} // namespace irscope::cli
