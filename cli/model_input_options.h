#pragma once
// The options every command that takes a model shares: the inputs to run it on (--inputs,
// --input-shape, --seed) and its weights (--weights), each with one spelling, one help text and
// one default, and what the model loader makes of them.
#include "io/model_inputs.h"
#include "io/model_source.h"

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

// With `several_models`, each --input-shape takes one value, so that the models after it stay
// models; otherwise one --input-shape may list every input's.
void addModelInputOptions(CLI::App& command, ModelInputOptions& options,
                          bool several_models = false);

void addWeightsOption(CLI::App& command, std::string& weights);

// The help of every command's MODEL argument.
inline constexpr char kModelArgumentHelp[] =
    "Model: torch_ir IR JSON, TorchScript (torch.jit.save; give --input-shape or --inputs) or a "
    "torch.export archive (.pt2)";
inline constexpr char kModelsArgumentHelp[] =
    "Models: torch_ir IR JSON, TorchScript (torch.jit.save; give --input-shape or --inputs) or "
    "torch.export archives (.pt2)";

// What to hand io::loadModel; wants neither weights nor inputs. Throws std::invalid_argument
// for a shape that does not parse.
io::ModelSourceOptions modelSourceOptions(const ModelInputOptions& inputs,
                                          const std::string& weights = {});

// The same for running the model: its weights are required and its inputs wanted.
io::ModelSourceOptions runSourceOptions(const ModelInputOptions& inputs,
                                        const std::string& weights);

// The model's graph, validated, for the commands that only read it (info, render, ...).
// Throws as io::loadModel does.
io::OpenedModel openModelGraph(const std::string& model, const ModelInputOptions& inputs);

} // namespace irscope::cli
