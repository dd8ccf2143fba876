// The options commands share have one spelling, one help text and one default everywhere:
// read from each command's --help, as a user would compare them.
#include "tests/support/cli_run.h"

#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <sstream>

namespace irscope::cli {
namespace {

std::vector<std::string> words(const std::string& command) {
  std::vector<std::string> split;
  std::istringstream in(command);
  for (std::string word; in >> word;)
    split.push_back(word);
  return split;
}

// The help of `option` in `command --help`: its line and the description below it, whitespace
// collapsed, without the Excludes list (which names the command's other options). Empty when
// the command has no such option.
std::string optionHelp(const std::string& command, const std::string& option) {
  std::vector<std::string> args = words(command);
  args.push_back("--help");
  const testing::CliRun run = testing::runCli(IRSCOPE_CLI, args);
  EXPECT_EQ(run.exit_code, 0) << command;
  std::istringstream lines(run.out);
  std::string line, text;
  bool found = false;
  while (std::getline(lines, line)) {
    if (!found && line.rfind("  " + option + " ", 0) == 0) {
      found = true;
      text = line;
    } else if (found && line.rfind("                              ", 0) == 0) {
      text += " " + line; // its description, on the next line
    } else if (found) {
      break;
    }
  }
  text = std::regex_replace(text, std::regex(" Excludes: (--[a-z-]+ ?)+"), " ");
  return std::regex_replace(std::regex_replace(text, std::regex("\\s+"), " "), std::regex("^ | $"),
                            "");
}

// Every command in `commands` has `option`, and all describe it alike.
void expectOneHelp(const std::string& option, const std::vector<std::string>& commands) {
  const std::string first = optionHelp(commands.front(), option);
  ASSERT_FALSE(first.empty()) << commands.front() << " has no " << option;
  for (const std::string& command : commands)
    EXPECT_EQ(optionHelp(command, option), first) << command << " " << option;
}

const std::vector<std::string> kModelCommands = {
    "info",     "validate", "render",       "convert", "summary", "run",    "verify",
    "coverage", "ops",      "golden model", "modules", "analyze", "report", "extract"};

TEST(CliSharedOptions, EveryModelCommandTakesInputsAlike) {
  for (const std::string option : {"--inputs", "--input-shape", "--seed"})
    expectOneHelp(option, kModelCommands);
}

TEST(CliSharedOptions, WeightsDtypeThreadsAndJsonAreAlikeWhereverTaken) {
  expectOneHelp("--weights", {"run", "verify", "golden model", "analyze", "report"});
  expectOneHelp("--dtype", {"run", "verify", "golden model"});
  expectOneHelp("--threads", {"run", "verify", "golden model", "golden sweep", "golden verify",
                              "analyze", "report"});
  expectOneHelp("--json", {"info", "verify", "compare", "coverage", "summary"});
  expectOneHelp("--pcc", {"analyze", "compare", "verify", "report"});
}

TEST(CliSharedOptions, ToleranceDefaultsAreTorchIrsAllcloseEverywhere) {
  for (const std::string option : {"--rtol", "--atol"}) {
    expectOneHelp(option, {"verify", "report", "compare"});
    EXPECT_NE(optionHelp("verify", option).find("=1e-05"), std::string::npos)
        << optionHelp("verify", option);
  }
}

TEST(CliSharedOptions, PccDefaultsAreTheVerdictRulesByDtype) {
  const std::string help = optionHelp("verify", "--pcc");
  EXPECT_NE(help.find("0.9999 (float32) / 0.999 (float16) / 0.99 (bfloat16)"), std::string::npos)
      << help;
}

// Help names what users know (tt-model-analysis, model_tracer, the reference-outputs layout),
// not the numbers of the documents irscope was built from.
TEST(CliSharedOptions, HelpNamesNoInternalSeedNumbers) {
  std::vector<std::string> commands = kModelCommands;
  commands.insert(commands.end(), {"", "golden", "golden sweep", "golden verify", "compare"});
  for (const std::string& command : commands) {
    std::vector<std::string> args = words(command);
    args.push_back("--help");
    const testing::CliRun run = testing::runCli(IRSCOPE_CLI, args);
    EXPECT_FALSE(std::regex_search(run.out, std::regex("seed 00[0-9]"))) << command << ":\n"
                                                                         << run.out;
  }
}

} // namespace
} // namespace irscope::cli
