#include "cli/shared_options.h"

#include "core/verdict.h"

#include <cstdio>

namespace irscope::cli {

void addDtypeOption(CLI::App& command, std::string& dtype) {
  command
      .add_option("--dtype", dtype,
                  "Run the IR in this dtype: float32, bfloat16 or float16 (default: the dtypes "
                  "it was recorded in)")
      ->check(CLI::IsMember({"float32", "bfloat16", "float16"}));
}

void addThreadsOption(CLI::App& command, int& threads) {
  command.add_option("--threads", threads, "CPU threads for libtorch")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
}

void addToleranceOptions(CLI::App& command, ir::Tolerance& tolerance) {
  command
      .add_option("--rtol", tolerance.rtol,
                  "Relative tolerance: |actual - expected| <= atol + rtol * |expected| "
                  "(numpy.allclose)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--atol", tolerance.atol, "Absolute tolerance (numpy.allclose)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

CLI::Option* addPccOption(CLI::App& command, double& pcc) {
  return command
      .add_option("--pcc", pcc,
                  "PCC (Pearson correlation with the reference) a tensor must reach, -1 to 1 "
                  "(default: by the lower-precision dtype of the two, " +
                      ir::pccThresholdsText({}) + ")")
      ->check(CLI::Range(-1.0, 1.0));
}

CLI::Option* addJsonFlag(CLI::App& command, bool& json) {
  return command.add_flag("--json", json, "Print JSON instead of text");
}

std::string toleranceText(const ir::Tolerance& tolerance) {
  char text[64];
  std::snprintf(text, sizeof text, "rtol %g, atol %g", tolerance.rtol, tolerance.atol);
  return text;
}

} // namespace irscope::cli
