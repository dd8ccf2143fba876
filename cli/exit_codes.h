#pragma once

namespace irscope::cli {

// Every irscope-cli command exits with one of these.
enum ExitCode : int {
  kExitOk = 0,
  kExitInvalid = 1,    // the input was read but is not valid (validate)
  kExitUnreadable = 2, // the input could not be read, or the command line was wrong
  // verify: every output passes, but an intermediate diverges far (core/verdict.h): PASSED WITH
  // DIVERGENT INTERMEDIATES.
  kExitDivergentIntermediates = 3,
};

} // namespace irscope::cli
