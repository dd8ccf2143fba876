#pragma once
// Every model file irscope takes, opened one way for every CLI command and the app: the file's
// kind is told once, by content, and each kind brings what it has. torch_ir JSON is read (its
// weights are a file beside it or given); a TorchScript model is run through libtorch on the
// inputs given, which records its IR and hands over its weights and inputs; a torch.export
// archive (.pt2) holds its graph, its weights and the example inputs it was exported with.
#include "core/tensor_data.h"
#include "io/model_file.h"
#include "io/model_inputs.h"
#include "io/weights_file.h"

#include <filesystem>
#include <string>
#include <vector>

namespace irscope::io {

enum class ModelKind {
  TorchIrJson,
  TorchScript,     // torch.jit.save
  ExportedProgram, // torch.export.save (.pt2)
};

// "torch_ir JSON", "TorchScript", "torch.export archive".
const char* modelKindName(ModelKind kind);

// Throws LoadError saying what the file is when it is no model irscope reads: missing, empty, a
// .npy, a safetensors or other weights-only file, a legacy pickle, a text file called .pt, ...
// A zip archive that is not a torch.export archive is taken for TorchScript here; extracting it
// tells a state_dict or a pickled nn.Module apart, with how to save a model instead. A zip
// called .pt2 is taken for a torch.export archive, so that its reader says what is wrong.
ModelKind modelKindOf(const std::filesystem::path& path);

struct ModelSourceOptions {
  // The inputs to run a TorchScript model on (it must run to be recorded), and the inputs to
  // return when `want_inputs`. With none, a .pt2's own example inputs, or the IR's declared
  // input shapes, seeded.
  InputChoice inputs;
  // Overrides the model's own weights (TorchScript, .pt2) or the file found beside IR JSON.
  std::filesystem::path weights;
  enum class Weights { None, IfFound, Required };
  Weights want_weights = Weights::None;
  bool want_inputs = false;
  // For TorchScript without inputs: run on the shapes guessed from the first op reading each
  // input rather than ask for --input-shape.
  bool guess_input_shapes = false;
  // Throw LoadError when the dataflow is broken (openModel's rule); off for `validate`, which
  // lists every problem itself.
  bool check_structure = true;
};

struct ModelSource {
  ModelKind kind = ModelKind::TorchIrJson;
  OpenedModel model;
  NamedTensors weights;                // with want_weights
  std::string weights_file;            // where they came from; the model itself for TorchScript
  std::vector<ir::TensorData> inputs;  // with want_inputs (always for TorchScript: what it ran on)
  std::vector<ir::TensorData> outputs; // TorchScript only: what the model returned on `inputs`
  std::vector<std::string> notes;      // things the user should know, one line each
  bool input_shapes_guessed = false;
};

// Throws LoadError or torchscript::ExtractionError, one line naming the file at fault.
ModelSource loadModel(const std::filesystem::path& path, const ModelSourceOptions& options);

} // namespace irscope::io
