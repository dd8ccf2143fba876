#include "cli/model_input_options.h"

namespace irscope::cli {

io::InputChoice ModelInputOptions::choice() const {
  io::InputChoice choice;
  choice.npy_files = npy_files;
  for (const std::string& text : shapes)
    choice.specs.push_back(ir::parseInputSpec(text));
  choice.seed = seed;
  return choice;
}

void addModelInputOptions(CLI::App& command, ModelInputOptions& options) {
  command.add_option("--inputs", options.npy_files, "Input values as .npy files, one per input")
      ->take_all();
  command
      .add_option("--input-shape", options.shapes,
                  "Shape of one input for seeded random values, e.g. 1x3x224x224 or 1x128:int64; "
                  "repeat per input. Default: the IR's own input shapes")
      ->take_all()
      ->excludes(command.get_option("--inputs"));
  command.add_option("--seed", options.seed, "Seed for the random inputs")->capture_default_str();
}

} // namespace irscope::cli
