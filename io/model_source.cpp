#include "io/model_source.h"

#include "core/file_signature.h"
#include "core/torch/extraction_error.h"
#include "core/torch/torchscript_extraction.h"
#include "io/exported_program.h"
#include "io/input_file.h"
#include "io/load_error.h"
#include "io/npy.h"
#include "io/torch_ir_reader.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace irscope::io {
namespace {

namespace fs = std::filesystem;

constexpr char kModelKinds[] = "torch_ir JSON, TorchScript (torch.jit.save) or a torch.export "
                               "archive (torch.export.save, .pt2)";

std::string lowerExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// Names PyTorch files go by: a file called so that is not a zip archive was never saved by
// torch.jit.save or torch.export.save, whatever its name says.
bool namedLikePyTorch(const fs::path& path) {
  static const std::array<const char*, 6> names = {".pt", ".pth", ".pt2", ".ts", ".bin", ".zip"};
  const std::string extension = lowerExtension(path);
  return std::find(names.begin(), names.end(), extension) != names.end();
}

torchscript::ExtractionOptions extractionOptions(const fs::path& path,
                                                 const ModelSourceOptions& options, bool& guessed) {
  torchscript::ExtractionOptions extraction;
  extraction.input_specs = options.inputs.specs;
  extraction.seed = options.inputs.seed;
  for (const std::string& file : options.inputs.npy_files)
    extraction.input_values.push_back(readNpy(file));
  extraction.keep_weight_data =
      options.want_weights != ModelSourceOptions::Weights::None && options.weights.empty();
  guessed = false;
  if (options.guess_input_shapes && extraction.input_specs.empty() &&
      extraction.input_values.empty()) {
    // What the desktop app pre-fills its prompt with; the IR and the model run on the same
    // values, so any shape forward accepts records the IR.
    guessed = true;
    for (const torchscript::InputDescription& input : torchscript::describeInputs(path)) {
      if (!input.guess)
        throw LoadError(path.string(), "cannot tell the shape of input '" + input.name +
                                           "'; give --input-shape or --inputs");
      extraction.input_specs.push_back(*input.guess);
    }
  }
  return extraction;
}

void loadTorchScript(const fs::path& path, const ModelSourceOptions& options, ModelSource& source) {
  bool guessed = false;
  const torchscript::ExtractionOptions extraction_options =
      extractionOptions(path, options, guessed);
  torchscript::Extraction extraction;
  try {
    extraction = torchscript::extractTorchScript(path, extraction_options);
  } catch (const torchscript::ExtractionError& error) {
    if (!guessed)
      throw;
    // A guess forward refuses is the likeliest cause; say what would do instead.
    throw torchscript::ExtractionError(path.string(), error.problem() +
                                                          " (the input shapes were guessed; give "
                                                          "--input-shape or --inputs)");
  }
  source.input_shapes_guessed = guessed;
  source.model = options.check_structure ? checkModel(std::move(extraction.graph), path.string())
                                         : validatedModel(std::move(extraction.graph));
  if (extraction_options.keep_weight_data) {
    source.weights = std::move(extraction.weight_data);
    source.weights_file = path.string();
  }
  source.inputs = std::move(extraction.inputs);
  source.outputs = std::move(extraction.outputs);
  source.notes = std::move(extraction.notes);
}

} // namespace

const char* modelKindName(ModelKind kind) {
  switch (kind) {
  case ModelKind::TorchIrJson:
    return "torch_ir JSON";
  case ModelKind::TorchScript:
    return "TorchScript";
  case ModelKind::ExportedProgram:
    return "torch.export archive";
  }
  return "?";
}

ModelKind modelKindOf(const fs::path& path) {
  const std::string file = path.string();
  switch (fileSignature(path)) {
  case FileSignature::Missing:
    openInputFile(path); // throws what is wrong: no such file, a directory, unreadable
    throw LoadError(file, "cannot open for reading");
  case FileSignature::Empty:
    throw LoadError(file, std::string("is empty; expected ") + kModelKinds);
  case FileSignature::Zip:
    // A zip called .pt2 that the reader does not take for one gets the reader's own reason.
    return isExportedProgramArchive(path) || lowerExtension(path) == ".pt2"
               ? ModelKind::ExportedProgram
               : ModelKind::TorchScript;
  case FileSignature::Pickle:
    throw LoadError(file, "is a legacy (non-zip) torch.save pickle, which only Python can load; "
                          "save the model with torch.jit.save or torch.export.save");
  case FileSignature::Npy:
    throw LoadError(file, "is a NumPy .npy array, not a model; give it with --inputs");
  case FileSignature::Safetensors:
    throw LoadError(file, "is a safetensors file (weights only, no graph), not a model; give the "
                          "model, and this file with --weights");
  case FileSignature::Json:
    return ModelKind::TorchIrJson;
  case FileSignature::Other:
    if (namedLikePyTorch(path))
      throw LoadError(file, "is not a PyTorch file (TorchScript and torch.export files are zip "
                            "archives) and not torch_ir JSON");
    // Most likely JSON gone wrong: the reader says where.
    return ModelKind::TorchIrJson;
  }
  return ModelKind::TorchIrJson;
}

ModelSource loadModel(const fs::path& path, const ModelSourceOptions& options) {
  using Weights = ModelSourceOptions::Weights;
  ModelSource source;
  source.kind = modelKindOf(path);
  switch (source.kind) {
  case ModelKind::TorchScript:
    loadTorchScript(path, options, source);
    break;
  case ModelKind::ExportedProgram: {
    ir::Graph graph = readExportedProgram(path);
    source.model = options.check_structure ? checkModel(std::move(graph), path.string())
                                           : validatedModel(std::move(graph));
    if (options.want_weights != Weights::None && options.weights.empty()) {
      source.weights = readExportedProgramWeights(path);
      source.weights_file = path.string();
    }
    if (options.want_inputs && options.inputs.npy_files.empty() && options.inputs.specs.empty())
      source.inputs = readExportedProgramExampleInputs(path);
    break;
  }
  case ModelKind::TorchIrJson:
    source.model =
        options.check_structure ? openModel(path) : validatedModel(readTorchIrFile(path));
    break;
  }

  if (options.want_weights != Weights::None && !options.weights.empty()) {
    source.weights = readWeightsFile(options.weights);
    source.weights_file = options.weights.string();
  } else if (options.want_weights != Weights::None && source.weights_file.empty()) {
    const fs::path beside = weightsBeside(path);
    if (!beside.empty()) {
      source.weights = readWeightsFile(beside);
      source.weights_file = beside.string();
    } else if (options.want_weights == Weights::Required) {
      throw LoadError(path.string(), "no weights given, and no " + modelStem(path) +
                                         ".safetensors beside it; use --weights (`irscope-cli "
                                         "extract` writes them beside the IR)");
    }
  }
  if (options.want_inputs && source.inputs.empty() && !source.model.graph.inputs.empty())
    source.inputs = loadInputs(source.model.graph, options.inputs);
  return source;
}

} // namespace irscope::io
