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

void addModelInputOptions(CLI::App& command, ModelInputOptions& options, bool several_models) {
  CLI::Option* inputs = command.add_option("--inputs", options.npy_files,
                                           "Input values as .npy files, one per input");
  CLI::Option* shapes = command.add_option(
      "--input-shape", options.shapes,
      "Shape of one input for seeded random values, e.g. 1x3x224x224 or 1x128:int64; repeat per "
      "input. Needed to run a TorchScript model; default otherwise: a .pt2's example inputs, or "
      "the IR's own input shapes");
  if (several_models) {
    inputs->allow_extra_args(false);
    shapes->allow_extra_args(false);
  } else {
    inputs->take_all();
    shapes->take_all();
  }
  shapes->excludes(inputs);
  command.add_option("--seed", options.seed, "Seed for the random inputs")->capture_default_str();
}

void addWeightsOption(CLI::App& command, std::string& weights) {
  command.add_option("--weights", weights,
                     "Weights: .safetensors or a torch.save state_dict (default: the model's own "
                     "for TorchScript and .pt2, else NAME.safetensors or NAME.state_dict.pt beside "
                     "MODEL)");
}

io::ModelSourceOptions modelSourceOptions(const ModelInputOptions& inputs,
                                          const std::string& weights) {
  io::ModelSourceOptions options;
  options.inputs = inputs.choice();
  options.weights = weights;
  return options;
}

io::ModelSourceOptions runSourceOptions(const ModelInputOptions& inputs,
                                        const std::string& weights) {
  io::ModelSourceOptions options = modelSourceOptions(inputs, weights);
  options.want_weights = io::ModelSourceOptions::Weights::Required;
  options.want_inputs = true;
  return options;
}

io::OpenedModel openModelGraph(const std::string& model, const ModelInputOptions& inputs) {
  return io::loadModel(model, modelSourceOptions(inputs)).model;
}

} // namespace irscope::cli
