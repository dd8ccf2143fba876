// A torch.export archive runs on its own weights and example inputs, with no other file: each
// fixture's outputs match what the original PyTorch model computed (NAME.out<i>.npy) on the
// inputs it was exported with (NAME.in<i>.npy), at torch_ir's report tolerance of 1e-4.
#include "core/torch/ir_execution.h"
#include "io/exported_program.h"
#include "io/npy.h"
#include "tests/support/test_files.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::dataDir;

std::vector<ir::TensorData> numbered(const std::string& model, const std::string& kind) {
  std::vector<ir::TensorData> tensors;
  for (int i = 0;; ++i) {
    const auto path = dataDir() / "torch_ir" / (model + "." + kind + std::to_string(i) + ".npy");
    if (!std::filesystem::exists(path))
      return tensors;
    tensors.push_back(io::readNpy(path));
  }
}

std::vector<float> floats(const ir::TensorData& data) {
  std::vector<float> values(data.bytes.size() / sizeof(float));
  std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
  return values;
}

class Pt2Execution : public ::testing::TestWithParam<std::string> {};

TEST_P(Pt2Execution, OwnWeightsOnTheExportedInputsGiveTheModelsOutputs) {
  const auto archive = dataDir() / "pt2" / (GetParam() + ".pt2");
  const ir::Graph graph = io::readExportedProgram(archive);
  const NamedTensors weights = io::readExportedProgramWeights(archive);
  const std::vector<ir::TensorData> inputs = numbered(GetParam(), "in");
  const std::vector<ir::TensorData> expected = numbered(GetParam(), "out");
  ASSERT_FALSE(expected.empty());
  ExecutionOptions options;
  options.model_file = archive.string();
  options.weights_file = archive.string();
  const ExecutionResult result = executeIr(graph, weights, inputs, options);
  ASSERT_EQ(result.outputs.size(), expected.size());
  for (size_t o = 0; o < expected.size(); ++o) {
    ASSERT_EQ(result.outputs[o].shape, expected[o].shape);
    ASSERT_EQ(result.outputs[o].dtype, "float32");
    const std::vector<float> a = floats(result.outputs[o]);
    const std::vector<float> b = floats(expected[o]);
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_LE(std::fabs(a[i] - b[i]), 1e-4 + 1e-4 * std::fabs(b[i]))
          << "output " << o << " element " << i;
  }
}

TEST_P(Pt2Execution, TheExampleInputsAreTheOnesItWasExportedWith) {
  const auto archive = dataDir() / "pt2" / (GetParam() + ".pt2");
  const std::vector<ir::TensorData> example = io::readExportedProgramExampleInputs(archive);
  const std::vector<ir::TensorData> inputs = numbered(GetParam(), "in");
  ASSERT_EQ(example.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ(example[i], inputs[i]) << "input " << i;
}

TEST_P(Pt2Execution, WeightsCoverEveryStateDictKeyTheGraphNames) {
  const auto archive = dataDir() / "pt2" / (GetParam() + ".pt2");
  const ir::Graph graph = io::readExportedProgram(archive);
  const NamedTensors weights = io::readExportedProgramWeights(archive);
  for (const ir::Weight& weight : graph.weights) {
    const auto found = std::find_if(weights.begin(), weights.end(),
                                    [&](const auto& named) { return named.first == weight.name; });
    ASSERT_NE(found, weights.end()) << weight.name;
    EXPECT_EQ(found->second.shape, weight.shape) << weight.name;
    EXPECT_EQ(found->second.dtype, weight.dtype) << weight.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Archives, Pt2Execution,
                         ::testing::Values("CrossAttention", "DeepResNet", "DenseBlock",
                                           "MultiTaskHead", "RecurrentUnroll", "SelfAttention",
                                           "SiameseEncoder", "TransformerBlock", "WeightTying"));

} // namespace
} // namespace irscope::torchscript
