#pragma once
// The reference-outputs sweep of seed 002: per input-channel count, a 3x3 convolution and the
// same convolution as a GEMM, the way accelerators lower it, on seeded inputs. Free of libtorch
// types so that the CLI and the app can include it.
//
// The recipe, which five lines of PyTorch reproduce bit for bit:
//   torch.manual_seed(seed)
//   input = torch.randn(batch, ic, height, width); weight = torch.randn(out, ic, k, k)
//   bias = torch.randn(out)                            # all drawn in float32, in this order
//   input, weight, bias = (t.to(dtype) for t in (input, weight, bias))
//   conv = torch.nn.functional.conv2d(input, weight, bias, stride, padding)
// and the GEMM: A = unfold(input, k, padding, stride)[0].T, shape [H*W, K] with K = ic*k*k and
// columns ordered (ic, kh, kw) like the flattened weight; B = weight.reshape(out, K).T; output
// = A @ B + bias, shape [H*W, out]. Both outputs are computed in the dtype the way libtorch's CPU
// kernels do it (float32 products and sums, one rounding to the dtype; the bias of the GEMM is
// added in the dtype), so the GEMM's output read as (H*W, C) equals the convolution's to that
// dtype's rounding.
#include "core/tensor_data.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace irscope::torchscript {

struct SweepSettings {
  uint64_t seed = 42;
  int64_t batch = 1;
  int64_t height = 32;
  int64_t width = 32;
  int64_t output_channels = 32;
  int64_t kernel = 3;
  int64_t padding = 1;
  int64_t stride = 1;
  bool bias = true;
};

// One case's tensors by role: "conv2d_input", "conv2d_weight", "conv2d_bias", "conv2d_output",
// "matmul_A", "matmul_B", "matmul_output", in that order. Every tensor is float32 holding the
// dtype's values exactly (NumPy has no bfloat16). With `inputs_only`, the outputs are left out.
using SweepTensors = std::vector<std::pair<std::string, ir::TensorData>>;

// dtype: "float32", "bfloat16" or "float16". Throws ExtractionError naming "golden sweep".
SweepTensors computeSweepCase(const SweepSettings& settings, int64_t input_channels,
                              const std::string& dtype, bool inputs_only, int threads);

} // namespace irscope::torchscript
