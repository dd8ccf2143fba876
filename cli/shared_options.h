#pragma once
// Options several commands share besides the model's inputs and weights (model_input_options.h):
// one spelling, one help text and one default each, so that `--rtol` means the same everywhere.
#include "core/tensor_comparison.h"

#include <CLI/CLI.hpp>
#include <string>

namespace irscope::cli {

// torch_ir's allclose defaults, for every command that compares tensors. The PCC threshold's
// default depends on the dtype (core/verdict.h: ir::defaultPcc).
inline constexpr double kDefaultRtol = ir::Tolerance{}.rtol;
inline constexpr double kDefaultAtol = ir::Tolerance{}.atol;

// --dtype: run the IR in float32, bfloat16 or float16 (empty: as recorded).
void addDtypeOption(CLI::App& command, std::string& dtype);
// --threads: CPU threads for libtorch, 1 by default.
void addThreadsOption(CLI::App& command, int& threads);
// --rtol and --atol.
void addToleranceOptions(CLI::App& command, ir::Tolerance& tolerance);
// --pcc: the PCC a tensor must reach; `pcc` is set only when the option is given (count() > 0),
// and otherwise each tensor's dtype chooses the threshold.
CLI::Option* addPccOption(CLI::App& command, double& pcc);
// --json: print JSON instead of text.
CLI::Option* addJsonFlag(CLI::App& command, bool& json);

// "rtol 1e-05, atol 1e-05", for the reports that say what they compared with.
std::string toleranceText(const ir::Tolerance& tolerance);

} // namespace irscope::cli
