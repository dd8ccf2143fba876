#pragma once
// A model's golden data (step 1.1 of seed 000), in files that NumPy and PyTorch users open with
// what they already use:
//   DIR/input0.npy ...  DIR/output0.npy ...     (bfloat16 and float16 widened to float32)
//   DIR/golden_data.pt                           torch.save({"input": ..., "output": ...})
//   DIR/nodes/<tensor>.npy                       every intermediate, when asked for
//   DIR/metadata.json                            shapes, dtypes and SHA-256 of every .npy
#include "core/json.h"
#include "core/tensor_data.h"
#include "io/model_inputs.h"

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

struct ModelGoldenInfo {
  std::string model;  // the model's name
  std::string source; // the file it came from
  std::string inputs; // how the inputs were made: "seed 0" or the .npy files
};

// Writes one folder. Node outputs are written as they come, so that a large model's
// intermediates are never all in memory; finish() writes the inputs, outputs, golden_data.pt and
// metadata.json, which is written last: a folder with metadata.json is a whole one.
class ModelGoldenWriter {
public:
  ModelGoldenWriter(std::filesystem::path directory, ModelGoldenInfo info);

  void addNode(const std::string& tensor_name, const ir::TensorData& values);
  void finish(const std::vector<ir::TensorData>& inputs,
              const std::vector<ir::TensorData>& outputs);

  size_t nodesWritten() const { return node_count_; }

private:
  // Writes `values` (widened for NumPy) to `file` and records its shape, dtype and hash.
  void record(Json& hashes, const std::string& key, const ir::TensorData& values,
              const std::filesystem::path& file);

  std::filesystem::path directory_;
  ModelGoldenInfo info_;
  Json shapes_ = Json::object();
  Json dtypes_ = Json::object();
  Json node_hashes_ = Json::object();
  size_t node_count_ = 0;
};

// What `irscope-cli golden model` and the app's Tools > Golden Data do: run a model (a
// TorchScript file through libtorch; IR JSON or a .pt2 through the executor with its weights) on
// the chosen inputs and write its golden folder.
struct ModelGoldenRequest {
  std::filesystem::path model;
  std::filesystem::path weights; // not TorchScript; empty: the .pt2's own or NAME.safetensors
  InputChoice inputs;
  std::string dtype; // not TorchScript: run the IR in this dtype
  bool nodes = false;
  int threads = 1;
  std::filesystem::path output_dir;
  // IR JSON runs: after each node; returning false cancels (torchscript::ExecutionCancelled).
  std::function<bool(size_t done, size_t total)> progress;
};

struct ModelGoldenSummary {
  size_t inputs = 0;
  size_t outputs = 0;
  size_t nodes = 0;
};

// Throws LoadError or torchscript::ExtractionError with one line naming the file at fault.
ModelGoldenSummary writeModelGolden(const ModelGoldenRequest& request);

// A model's golden folder read back, to run and compare against: the inputs and outputs in
// order (input0.npy, ...), and, with `with_nodes`, every node output by tensor name.
struct ModelGoldenData {
  std::vector<ir::TensorData> inputs;
  std::vector<ir::TensorData> outputs;
  std::vector<std::pair<std::string, ir::TensorData>> nodes;
};
// Throws LoadError naming the folder or file: no metadata.json, a listed file missing.
ModelGoldenData readModelGolden(const std::filesystem::path& directory, bool with_nodes);

} // namespace irscope::io
