#pragma once
// Runs the real irscope-cli binary (its path is the IRSCOPE_CLI definition of the suite that
// uses this), as scripts and CI do, and captures what it printed.
#include <string>
#include <vector>

namespace irscope::testing {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun runCli(const std::string& binary, const std::vector<std::string>& args);

} // namespace irscope::testing
