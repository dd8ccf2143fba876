#include "io/model_golden_folder.h"

#include "core/tensor_values.h"
#include "core/torch/golden_data_file.h"
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "io/atomic_file.h"
#include "io/input_file.h"
#include "io/load_error.h"
#include "io/model_source.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "io/tensor_file_name.h"
#include "io/weights_file.h"

#include <fstream>

namespace irscope::io {

ModelGoldenWriter::ModelGoldenWriter(std::filesystem::path directory, ModelGoldenInfo info)
    : directory_(std::move(directory)), info_(std::move(info)) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error)
    throw LoadError(directory_.string(), "cannot create the folder: " + error.message());
}

void ModelGoldenWriter::record(Json& hashes, const std::string& key, const ir::TensorData& values,
                               const std::filesystem::path& file) {
  const ir::TensorData stored = ir::widenForNumpy(values);
  writeNpy(stored, file);
  shapes_[key] = values.shape;
  dtypes_[key] = values.dtype;
  hashes[key] = sha256Hex(stored.bytes.data(), stored.bytes.size());
}

void ModelGoldenWriter::addNode(const std::string& tensor_name, const ir::TensorData& values) {
  if (node_count_ == 0) {
    std::error_code error;
    std::filesystem::create_directories(directory_ / "nodes", error);
    if (error)
      throw LoadError((directory_ / "nodes").string(),
                      "cannot create the folder: " + error.message());
  }
  record(node_hashes_, tensor_name, values, directory_ / "nodes" / npyFileNameFor(tensor_name));
  ++node_count_;
}

void ModelGoldenWriter::finish(const std::vector<ir::TensorData>& inputs,
                               const std::vector<ir::TensorData>& outputs) {
  Json input_hashes = Json::object();
  Json output_hashes = Json::object();
  for (size_t i = 0; i < inputs.size(); ++i)
    record(input_hashes, "input" + std::to_string(i), inputs[i],
           directory_ / ("input" + std::to_string(i) + ".npy"));
  for (size_t i = 0; i < outputs.size(); ++i)
    record(output_hashes, "output" + std::to_string(i), outputs[i],
           directory_ / ("output" + std::to_string(i) + ".npy"));
  writeFileAtomically(directory_ / "golden_data.pt", torchscript::goldenDataFile(inputs, outputs));

  Json metadata = Json::object();
  metadata["model"] = info_.model;
  metadata["source"] = info_.source;
  metadata["inputs_from"] = info_.inputs;
  metadata["stored_as"] = "float32 for bfloat16 and float16 tensors (NumPy has no bfloat16)";
  metadata["shapes"] = shapes_;
  metadata["dtypes"] = dtypes_;
  metadata["input_hashes"] = input_hashes;
  metadata["output_hashes"] = output_hashes;
  if (node_count_ > 0)
    metadata["node_hashes"] = node_hashes_;
  writeFileAtomically(directory_ / "metadata.json", metadata.dump(2) + "\n");
}

namespace {

std::string modelName(const std::filesystem::path& model) {
  std::filesystem::path stem = model.stem();
  if (stem.extension() == ".ts") // DeepResNet.ts.pt
    stem = stem.stem();
  return stem.string();
}

std::string inputsDescription(const InputChoice& inputs) {
  if (inputs.npy_files.empty())
    return "seeded random values, seed " + std::to_string(inputs.seed);
  std::string files;
  for (const std::string& file : inputs.npy_files)
    files += (files.empty() ? "" : ", ") + file;
  return files;
}

} // namespace

ModelGoldenSummary writeModelGolden(const ModelGoldenRequest& request) {
  const std::string model_file = request.model.string();
  // Read everything that can fail on a bad file before the folder is created.
  if (modelKindOf(request.model) == ModelKind::TorchScript) {
    if (!request.weights.empty())
      throw LoadError(model_file, "a TorchScript model holds its own weights; give no weights");
    if (!request.dtype.empty())
      throw LoadError(model_file, "a dtype applies to IR JSON models only");
    torchscript::ExtractionOptions options;
    options.input_specs = request.inputs.specs;
    for (const std::string& file : request.inputs.npy_files)
      options.input_values.push_back(readNpy(file));
    options.seed = request.inputs.seed;
    options.keep_intermediates = request.nodes;
    torchscript::Extraction extraction = torchscript::extractTorchScript(request.model, options);
    ModelGoldenWriter writer(request.output_dir, {modelName(request.model), model_file,
                                                  inputsDescription(request.inputs)});
    for (const auto& [tensor, values] : extraction.intermediates)
      writer.addNode(tensor, values);
    writer.finish(extraction.inputs, extraction.outputs);
    return {extraction.inputs.size(), extraction.outputs.size(), writer.nodesWritten()};
  }
  // IR JSON, or a torch.export archive with its own weights and example inputs.
  ModelSourceOptions source_options;
  source_options.inputs = request.inputs;
  source_options.weights = request.weights;
  source_options.want_weights = ModelSourceOptions::Weights::Required;
  source_options.want_inputs = true;
  source_options.check_structure = false; // as before: the executor says what it cannot run
  ModelSource source = loadModel(request.model, source_options);
  const ir::Graph graph = std::move(source.model.graph);
  const std::string weights_file = source.weights_file;
  const NamedTensors weights = std::move(source.weights);
  const std::vector<ir::TensorData> inputs = std::move(source.inputs);
  ModelGoldenWriter writer(request.output_dir, {modelName(request.model), model_file,
                                                inputsDescription(request.inputs)});
  torchscript::ExecutionOptions options;
  options.model_file = model_file;
  options.weights_file = weights_file;
  options.input_files = request.inputs.npy_files;
  options.dtype = request.dtype;
  options.threads = request.threads;
  options.progress = request.progress;
  if (request.nodes)
    options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
      writer.addNode(graph.nodes[node].outputs[output].name, values);
    };
  const std::vector<ir::TensorData> outputs =
      torchscript::executeIr(graph, weights, inputs, options).outputs;
  writer.finish(inputs, outputs);
  return {inputs.size(), outputs.size(), writer.nodesWritten()};
}

ModelGoldenData readModelGolden(const std::filesystem::path& directory, bool with_nodes) {
  const std::filesystem::path metadata_file = directory / "metadata.json";
  std::ifstream in(metadata_file, std::ios::binary);
  if (!in)
    throw LoadError(directory.string(), "is no model golden folder: it has no metadata.json");
  Json metadata;
  try {
    metadata = Json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw LoadError(metadata_file.string(), "is not valid JSON");
  }
  auto keys = [&](const char* kind) {
    if (!metadata.is_object() || !metadata.contains(kind))
      return Json::object();
    if (!metadata[kind].is_object())
      throw LoadError(metadata_file.string(), std::string(kind) + ": expected an object");
    return metadata[kind];
  };
  ModelGoldenData data;
  // input0, input1, ... in numeric order, whatever order the object lists them in.
  for (const char* kind : {"input", "output"}) {
    const Json hashes = keys(kind == std::string("input") ? "input_hashes" : "output_hashes");
    auto& tensors = kind == std::string("input") ? data.inputs : data.outputs;
    for (size_t i = 0; i < hashes.size(); ++i) {
      const std::string key = kind + std::to_string(i);
      if (!hashes.contains(key))
        throw LoadError(metadata_file.string(), "lists no " + key);
      tensors.push_back(readNpy(directory / (key + ".npy")));
    }
  }
  if (with_nodes) {
    // Held here: a range-for over a temporary's items() would outlive the temporary.
    const Json node_hashes = keys("node_hashes");
    for (const auto& [name, hash] : node_hashes.items())
      data.nodes.emplace_back(name, readNpy(directory / "nodes" / npyFileNameFor(name)));
  }
  return data;
}

} // namespace irscope::io
