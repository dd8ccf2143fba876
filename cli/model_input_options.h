#pragma once
// The options every command that runs a model shares: --inputs, --input-shape and --seed.
#include "io/model_inputs.h"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace irscope::cli {

struct ModelInputOptions {
  std::vector<std::string> npy_files;
  std::vector<std::string> shapes;
  uint64_t seed = 0;

  // Throws std::invalid_argument for a shape that does not parse.
  io::InputChoice choice() const;
};

void addModelInputOptions(CLI::App& command, ModelInputOptions& options);

} // namespace irscope::cli
