#pragma once
// Paths and file helpers for tests.
#include <filesystem>
#include <string>
#include <vector>

namespace irscope::testing {

inline std::filesystem::path dataDir() {
  return IRSCOPE_TEST_DATA_DIR;
}

// The model names of the torch_ir fixtures in tests/data/torch_ir (NAME.json with NAME.info.json).
std::vector<std::string> torchIrFixtureNames();

// The smallest torch_ir file: one relu and no weights, so no module paths to infer either.
inline constexpr char kNoWeightsTorchIr[] =
    R"({"model_name": "NoWeights", "pytorch_version": "2.6.0",
  "graph_inputs": [{"name": "x", "shape": [1, 8], "dtype": "float32"}],
  "graph_outputs": [{"name": "relu", "shape": [1, 8], "dtype": "float32"}],
  "weights": [], "weight_name_mapping": {},
  "nodes": [{"name": "relu", "op_type": "aten.relu.default",
             "inputs": [{"name": "x", "shape": [1, 8], "dtype": "float32",
                         "producer_node": "x", "producer_output_idx": 0}],
             "outputs": [{"name": "relu", "shape": [1, 8], "dtype": "float32"}],
             "attrs": {}}]})";

std::string readText(const std::filesystem::path& path);
void writeText(const std::filesystem::path& path, const std::string& text);

// A fresh empty directory under the system temp dir, removed when the object goes.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

} // namespace irscope::testing
