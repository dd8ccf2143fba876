// The sweep's recipe, checked against libtorch drawn independently the way the README tells a
// Python user to (torch.manual_seed, then randn in float32 in a fixed order, then cast), and
// golden_data.pt read back as torch.load would.
#include "core/torch/golden_data_file.h"
#include "core/torch/golden_sweep.h"

#include <gtest/gtest.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>

namespace irscope::torchscript {
namespace {

at::Tensor asTensor(const ir::TensorData& data) {
  EXPECT_EQ(data.dtype, "float32");
  return torch::from_blob(const_cast<std::byte*>(data.bytes.data()), data.shape, torch::kFloat)
      .clone();
}

const ir::TensorData& named(const SweepTensors& tensors, const std::string& name) {
  for (const auto& [tensor_name, values] : tensors)
    if (tensor_name == name)
      return values;
  throw std::runtime_error("no " + name);
}

// Python's recipe, here in C++ through the default generator: the values a user gets.
struct Drawn {
  at::Tensor input, weight, bias;
};
Drawn drawAsPythonWould(int64_t ic, at::ScalarType dtype) {
  torch::manual_seed(42);
  Drawn drawn;
  drawn.input = torch::randn({1, ic, 32, 32}).to(dtype);
  drawn.weight = torch::randn({32, ic, 3, 3}).to(dtype);
  drawn.bias = torch::randn({32}).to(dtype);
  return drawn;
}

// im2col by hand: row p = oh*32 + ow, column c*9 + kh*3 + kw reads x[c, oh+kh-1, ow+kw-1].
at::Tensor im2colByHand(const at::Tensor& input) {
  const int64_t channels = input.size(1);
  at::Tensor padded = torch::constant_pad_nd(input[0].to(torch::kFloat), {1, 1, 1, 1});
  at::Tensor a = torch::empty({32 * 32, channels * 9});
  auto pa = padded.accessor<float, 3>();
  auto aa = a.accessor<float, 2>();
  for (int64_t oh = 0; oh < 32; ++oh)
    for (int64_t ow = 0; ow < 32; ++ow)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t kh = 0; kh < 3; ++kh)
          for (int64_t kw = 0; kw < 3; ++kw)
            aa[oh * 32 + ow][c * 9 + kh * 3 + kw] = pa[c][oh + kh][ow + kw];
  return a;
}

class SweepRecipe : public ::testing::TestWithParam<std::string> {};

TEST_P(SweepRecipe, InputsAreWhatThePythonRecipeDrawsBitForBit) {
  const std::string dtype = GetParam();
  const at::ScalarType type = dtype == "bfloat16"  ? torch::kBFloat16
                              : dtype == "float16" ? torch::kHalf
                                                   : torch::kFloat;
  for (const int64_t ic : {8, 16}) {
    const SweepTensors tensors = computeSweepCase({}, ic, dtype, false, 1);
    const Drawn drawn = drawAsPythonWould(ic, type);
    EXPECT_TRUE(
        torch::equal(asTensor(named(tensors, "conv2d_input")), drawn.input.to(torch::kFloat)))
        << ic;
    EXPECT_TRUE(
        torch::equal(asTensor(named(tensors, "conv2d_weight")), drawn.weight.to(torch::kFloat)));
    EXPECT_TRUE(
        torch::equal(asTensor(named(tensors, "conv2d_bias")), drawn.bias.to(torch::kFloat)));
    // A is the im2col of the input with columns ordered like the flattened weight; B the
    // weight as [32, K], transposed.
    EXPECT_TRUE(torch::equal(asTensor(named(tensors, "matmul_A")), im2colByHand(drawn.input)));
    EXPECT_TRUE(torch::equal(asTensor(named(tensors, "matmul_B")),
                             drawn.weight.to(torch::kFloat).reshape({32, ic * 9}).t()));
  }
}

TEST_P(SweepRecipe, TheGemmAgreesWithTheConvolutionToTheDtypesRounding) {
  const std::string dtype = GetParam();
  for (const int64_t ic : {8, 64}) {
    const SweepTensors tensors = computeSweepCase({}, ic, dtype, false, 1);
    const at::Tensor conv = asTensor(named(tensors, "conv2d_output")); // [1, 32, 32, 32]
    const at::Tensor gemm = asTensor(named(tensors, "matmul_output")); // [1024, 32]
    ASSERT_EQ(gemm.sizes(), (std::vector<int64_t>{1024, 32}));
    const at::Tensor as_conv = gemm.t().reshape({1, 32, 32, 32});
    // Both sum K = 9*ic products of unit normals (magnitude ~ sqrt(K)); each kernel rounds its
    // result to the dtype, in its own order. Allow a few units of the dtype's rounding at that
    // magnitude: 2^-8 relative for bfloat16, 2^-11 for float16 (both sum in float32 and round
    // once, then the GEMM adds the bias in the dtype), 2^-24 for float32 times the sqrt(K)
    // growth of its accumulated rounding.
    const bool reduced = dtype != "float32";
    const double epsilon = dtype == "bfloat16"  ? std::ldexp(1.0, -8)
                           : dtype == "float16" ? std::ldexp(1.0, -11)
                                                : std::ldexp(1.0, -24);
    const double magnitude = conv.abs().max().item<double>();
    const double allowed = 4 * epsilon * magnitude * (reduced ? 1 : std::sqrt(9 * ic));
    const double worst = (as_conv - conv).abs().max().item<double>();
    EXPECT_LE(worst, allowed) << dtype << " ic=" << ic;
    EXPECT_GT(magnitude, 1.0); // the outputs are not all zero
    // And the inputs-only form draws the same inputs and leaves out the outputs.
    const SweepTensors inputs = computeSweepCase({}, ic, dtype, true, 1);
    ASSERT_EQ(inputs.size(), 5u);
    for (const auto& [name, values] : inputs)
      EXPECT_EQ(values, named(tensors, name)) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, SweepRecipe, ::testing::Values("float32", "bfloat16", "float16"));

TEST(SweepRecipe, ASeedChangesEveryInput) {
  SweepSettings other;
  other.seed = 43;
  const SweepTensors a = computeSweepCase({}, 8, "float32", true, 1);
  const SweepTensors b = computeSweepCase(other, 8, "float32", true, 1);
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_FALSE(a[i].second == b[i].second) << a[i].first;
}

TEST(GoldenDataFile, ReadsBackAsADictOfInputAndOutput) {
  const at::Tensor x = torch::arange(6, torch::kFloat).reshape({2, 3});
  const at::Tensor y = torch::tensor({1.5f, -2.0f}).to(torch::kBFloat16);
  auto data = [](const at::Tensor& t) {
    const at::Tensor c = t.contiguous();
    ir::TensorData d{
        t.scalar_type() == torch::kBFloat16 ? "bfloat16" : "float32", c.sizes().vec(), {}};
    d.bytes.resize(c.nbytes());
    std::memcpy(d.bytes.data(), c.data_ptr(), c.nbytes());
    return d;
  };
  const std::string bytes = goldenDataFile({data(x)}, {data(y), data(x)});
  const c10::IValue loaded = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
  ASSERT_TRUE(loaded.isGenericDict());
  const auto dict = loaded.toGenericDict();
  ASSERT_TRUE(dict.contains("input") && dict.contains("output"));
  EXPECT_TRUE(torch::equal(dict.at("input").toTensor(), x)); // one input: a tensor
  const auto outputs = dict.at("output").toList();           // two outputs: a list
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs.get(0).toTensor().scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(torch::equal(outputs.get(0).toTensor(), y));
  EXPECT_TRUE(torch::equal(outputs.get(1).toTensor(), x));
}

} // namespace
} // namespace irscope::torchscript
