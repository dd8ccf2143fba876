#include "core/torch/golden_sweep.h"

#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/thread_count.h"
#include "core/torch/torch_plugin.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>

namespace irscope::torchscript {

namespace impl {

SweepTensors computeSweepCase(const SweepSettings& settings, int64_t input_channels,
                              const std::string& dtype, bool inputs_only, int threads) {
  const auto type = scalarTypeNamed(dtype);
  if (!type || !at::isFloatingType(*type))
    throw ExtractionError("golden sweep", "dtype " + dtype + " is not a floating-point type");
  if (input_channels < 1 || settings.batch != 1 || settings.kernel < 1 || settings.stride < 1 ||
      settings.padding < 0 || settings.output_channels < 1 || settings.height < 1 ||
      settings.width < 1)
    throw ExtractionError("golden sweep", "the settings describe no convolution");
  try {
    c10::InferenceMode inference;
    ThreadCountGuard thread_count(threads);
    // A generator of our own, seeded as torch.manual_seed seeds the default one: the same
    // Mersenne Twister state, so the same draws, without touching global state.
    at::Generator generator = at::detail::createCPUGenerator(settings.seed);
    const auto f32 = at::TensorOptions().dtype(at::kFloat);
    const int64_t k = settings.kernel;
    at::Tensor input =
        at::randn({settings.batch, input_channels, settings.height, settings.width}, generator, f32)
            .to(*type);
    at::Tensor weight =
        at::randn({settings.output_channels, input_channels, k, k}, generator, f32).to(*type);
    at::Tensor bias;
    if (settings.bias)
      bias = at::randn({settings.output_channels}, generator, f32).to(*type);

    const int64_t K = input_channels * k * k;
    // im2col: [1, K, L] with K ordered (ic, kh, kw), then one row per output position.
    at::Tensor a = at::im2col(input, {k, k}, {1, 1}, {settings.padding, settings.padding},
                              {settings.stride, settings.stride})[0]
                       .t()
                       .contiguous();
    at::Tensor b = weight.reshape({settings.output_channels, K}).t().contiguous();

    auto widened = [](const at::Tensor& tensor) { return toTensorData(tensor.to(at::kFloat)); };
    SweepTensors tensors;
    tensors.emplace_back("conv2d_input", widened(input));
    tensors.emplace_back("conv2d_weight", widened(weight));
    if (settings.bias)
      tensors.emplace_back("conv2d_bias", widened(bias));
    if (!inputs_only) {
      // A reduced-precision convolution is computed as libtorch's CPU kernels compute one:
      // products and sums in float32, one rounding to the dtype at the end. It is done that way
      // explicitly because oneDNN 2.6's bfloat16 convolution (Debian's libtorch) crashes from
      // 6144 input channels, and libtorch 1.13 has no float16 convolution on the CPU.
      at::Tensor conv =
          at::conv2d(input.to(at::kFloat), weight.to(at::kFloat),
                     settings.bias ? bias.to(at::kFloat) : at::Tensor(),
                     {settings.stride, settings.stride}, {settings.padding, settings.padding})
              .to(*type);
      tensors.emplace_back("conv2d_output", widened(conv));
    }
    tensors.emplace_back("matmul_A", widened(a));
    tensors.emplace_back("matmul_B", widened(b));
    if (!inputs_only) {
      // The same for the GEMM (float32 sums, one rounding), then the bias added in the dtype.
      at::Tensor product = at::matmul(a.to(at::kFloat), b.to(at::kFloat)).to(*type);
      if (settings.bias)
        product = product + bias;
      tensors.emplace_back("matmul_output", widened(product));
    }
    return tensors;
  } catch (const ExtractionError&) {
    throw;
  } catch (const std::exception& error) {
    throw ExtractionError("golden sweep", "case ic=" + std::to_string(input_channels) + " " +
                                              dtype + ": " + oneLineMessage(error));
  }
}

} // namespace impl

} // namespace irscope::torchscript
