#pragma once
// The torch_ir test-model zoo rebuilt in C++: each model is TorchScript source compiled with
// torch::jit::Module::define, its parameters registered here, so tests need no Python.
//
// Naming differences from the Python zoo, all forced by TorchScript source:
// - nn.Sequential children are named _0, _1, ... because `self.0` is not valid TorchScript
//   (and getattr with a string is not supported), so "encoder.0.weight" is "encoder._0.weight";
// - `x / 4.0` compiles to aten.div.Scalar where torch.export records aten.div.Tensor.
#include <filesystem>
#include <string>
#include <torch/script.h>
#include <vector>

namespace irscope::testing::zoo {

struct ZooModel {
  std::string name;
  torch::jit::Module module;
  std::vector<std::vector<int64_t>> input_shapes;
  std::vector<std::string> input_dtypes; // "float32" or "int64", one per input
};

ZooModel selfAttention();
ZooModel crossAttention();
ZooModel transformerBlock();
ZooModel siameseEncoder();
ZooModel multiTaskHead();
ZooModel recurrentUnroll();
ZooModel weightTying();
ZooModel deepResNet();
ZooModel denseBlock();

// The nine models above.
std::vector<ZooModel> allModels();

// Larger models for benchmarks and layout checks: torchvision's resnet50 architecture
// (bottlenecks [3, 4, 6, 3], 25.6M parameters) and a post-norm transformer encoder.
ZooModel resnet50();
// torchvision's resnet18 architecture (basic blocks [2, 2, 2, 2], 11.7M parameters).
ZooModel resnet18();
// A slice of torchvision's mobilenet_v3_small with torchvision's class names: the stem, four
// bottlenecks (InvertedResidual, Conv2dNormActivation, SqueezeExcitation) and the head (without
// its dropout), on 1x3x32x32.
ZooModel mobileNetV3Slice();
ZooModel transformerEncoder(int layers, int64_t width, int64_t ffn, int64_t heads);

// nn.TransformerDecoder's structure: `layers._0` ... post-norm decoder layers of width 64 (4
// heads, feed-forward 128), each reading the shared `memory` input in its cross-attention's
// k_proj and v_proj. Inputs tgt 1x16x64 and memory 1x32x64. Named "decoderN".
ZooModel transformerDecoder(int layers);

// Two layers that call aten::_transformer_encoder_layer_fwd, as a traced nn.TransformerEncoder
// records PyTorch 1.13's fast path: layer0 post-norm with relu, layer1 pre-norm with gelu and
// eps 1e-6; width 16, 4 heads, feed-forward 32, input 2x5x16. With `padding_mask`, forward also
// takes a (2, 5) src_key_padding_mask (non-zero masks out), passed with mask_type 1.
ZooModel fastPathEncoder(bool padding_mask = false);

// Saves the model with torch.jit.save's C++ twin; returns the path.
std::filesystem::path saveModel(const ZooModel& model, const std::filesystem::path& directory);

} // namespace irscope::testing::zoo
