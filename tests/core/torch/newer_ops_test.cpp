// Ops of PyTorch 2.x that libtorch 1.13 lacks: once the plugin is loaded, TorchScript that
// calls them compiles, runs, and is recorded under their 2.x names.
#include "core/torch/torchscript_extraction.h"
#include "tests/support/test_files.h"

#include <cstring>
#include <gtest/gtest.h>
#include <torch/script.h>

namespace irscope::torchscript {
namespace {

using testing::TempDir;

// float32 only; the plugin's own converters are private to it.
ir::TensorData toTensorData(const at::Tensor& tensor) {
  const at::Tensor dense = tensor.contiguous();
  ir::TensorData data{"float32", ir::Shape(dense.sizes().begin(), dense.sizes().end()), {}};
  data.bytes.resize(dense.numel() * sizeof(float));
  std::memcpy(data.bytes.data(), dense.data_ptr<float>(), data.bytes.size());
  return data;
}

at::Tensor toTensor(const ir::TensorData& data) {
  at::Tensor tensor = at::empty(data.shape, at::kFloat);
  std::memcpy(tensor.data_ptr<float>(), data.bytes.data(), data.bytes.size());
  return tensor;
}

ir::TensorData randomData(std::vector<int64_t> shape, int seed) {
  torch::manual_seed(seed);
  return toTensorData(torch::randn(shape));
}

TEST(NewerOps, ScaledDotProductAttentionRunsAsTheMathSaysAndIsRecorded) {
  torchVersion(); // loads the plugin, which registers the ops
  const TempDir directory;
  torch::jit::Module module("__torch__.Attention");
  module.define("def forward(self, q, k, v):\n"
                "    return torch.scaled_dot_product_attention(q, k, v, None, 0.0, True)\n");
  const auto path = directory.path() / "sdpa.pt";
  module.save(path.string());

  ExtractionOptions options;
  options.input_values = {randomData({1, 2, 5, 8}, 1), randomData({1, 2, 5, 8}, 2),
                          randomData({1, 2, 5, 8}, 3)};
  const Extraction extraction = extractTorchScript(path, options);
  ASSERT_EQ(extraction.graph.nodes.size(), 1u);
  const ir::Node& node = extraction.graph.nodes[0];
  EXPECT_EQ(node.op_type, "aten.scaled_dot_product_attention.default");
  EXPECT_EQ(node.attrs.at("is_causal"), true);
  EXPECT_EQ(node.inputs.size(), 3u);

  // The definition, written out: causal softmax(q·kᵀ/√8)·v.
  const at::Tensor q = toTensor(options.input_values[0]);
  const at::Tensor k = toTensor(options.input_values[1]);
  const at::Tensor v = toTensor(options.input_values[2]);
  at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) / std::sqrt(8.0);
  scores = scores.masked_fill(at::ones({5, 5}, at::kBool).triu(1), -INFINITY);
  const at::Tensor expected = at::matmul(at::softmax(scores, -1), v);
  EXPECT_TRUE(at::allclose(toTensor(extraction.outputs.at(0)), expected, 1e-5, 1e-6));
}

TEST(NewerOps, NativeBatchNormLegitNoTrainingMatchesBatchNorm) {
  torchVersion();
  const TempDir directory;
  torch::jit::Module module("__torch__.Norm");
  module.register_buffer("mean", torch::tensor({0.5f, -1.0f}));
  module.register_buffer("var", torch::tensor({2.0f, 0.25f}));
  module.define("def forward(self, x):\n"
                "    out = torch._native_batch_norm_legit_no_training(x, None, None, self.mean, "
                "self.var, 0.1, 1e-05)\n"
                "    return out[0]\n");
  const auto path = directory.path() / "norm.pt";
  module.save(path.string());
  ExtractionOptions options;
  options.input_values = {randomData({1, 2, 3, 3}, 4)};
  const Extraction extraction = extractTorchScript(path, options);
  const at::Tensor x = toTensor(options.input_values[0]);
  const at::Tensor expected = (x - torch::tensor({0.5f, -1.0f}).view({1, 2, 1, 1})) /
                              torch::sqrt(torch::tensor({2.0f, 0.25f}).view({1, 2, 1, 1}) + 1e-5);
  EXPECT_TRUE(at::allclose(toTensor(extraction.outputs.at(0)), expected, 1e-5, 1e-6));
  EXPECT_EQ(extraction.graph.nodes.at(0).op_type,
            "aten._native_batch_norm_legit_no_training.default");
}

} // namespace
} // namespace irscope::torchscript
