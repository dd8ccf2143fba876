#include "tests/support/cli_run.h"

#include "tests/support/test_files.h"

#include <cstdlib>
#include <sys/wait.h>

namespace irscope::testing {

CliRun runCli(const std::string& binary, const std::vector<std::string>& args) {
  TempDir dir;
  std::string command = binary;
  for (const std::string& arg : args)
    command += " '" + arg + "'";
  command += " >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "' </dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, readText(dir / "out"),
          readText(dir / "err")};
}

} // namespace irscope::testing
