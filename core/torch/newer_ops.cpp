// Ops that files from PyTorch 2.x call and libtorch 1.13 lacks, implemented with 1.13's own
// ops and registered when the plugin loads. Without them such a file fails to load with
// "Unknown builtin op" (which extraction reports by name); with them it loads, runs, and is
// recorded under the op's 2.x name, as torch_ir records it.
#include <ATen/ATen.h>
#include <cmath>
#include <limits>
#include <torch/library.h>
#include <tuple>

namespace irscope::torchscript {
namespace {

// softmax(q·kᵀ·scale + mask)·v, PyTorch 2.6's scaled_dot_product_attention in math form.
at::Tensor scaledDotProductAttention(const at::Tensor& query, const at::Tensor& key,
                                     const at::Tensor& value,
                                     const c10::optional<at::Tensor>& attn_mask, double dropout_p,
                                     bool is_causal, c10::optional<double> scale, bool enable_gqa) {
  at::Tensor k = key;
  at::Tensor v = value;
  if (enable_gqa && query.dim() >= 3 && key.size(-3) != query.size(-3)) {
    const int64_t groups = query.size(-3) / key.size(-3);
    k = k.repeat_interleave(groups, -3);
    v = v.repeat_interleave(groups, -3);
  }
  const double factor = scale ? *scale : 1.0 / std::sqrt(static_cast<double>(query.size(-1)));
  at::Tensor scores = at::matmul(query, k.transpose(-2, -1)) * factor;
  const double minus_infinity = -std::numeric_limits<double>::infinity();
  if (is_causal) {
    const at::Tensor keep =
        at::ones({query.size(-2), k.size(-2)}, query.options().dtype(at::kBool)).tril();
    scores = scores.masked_fill(keep.logical_not(), minus_infinity);
  }
  if (attn_mask && attn_mask->defined()) {
    if (attn_mask->scalar_type() == at::kBool)
      scores = scores.masked_fill(attn_mask->logical_not(), minus_infinity);
    else
      scores = scores + *attn_mask;
  }
  at::Tensor weights = at::softmax(scores, -1);
  if (dropout_p > 0)
    weights = at::dropout(weights, dropout_p, true);
  return at::matmul(weights, v);
}

// What torch.export writes for an inference-mode batch_norm.
std::tuple<at::Tensor, at::Tensor, at::Tensor>
nativeBatchNormLegitNoTraining(const at::Tensor& input, const c10::optional<at::Tensor>& weight,
                               const c10::optional<at::Tensor>& bias,
                               const at::Tensor& running_mean, const at::Tensor& running_var,
                               double momentum, double eps) {
  at::Tensor output = std::get<0>(
      at::native_batch_norm(input, weight, bias, running_mean, running_var, false, momentum, eps));
  const at::Tensor empty = at::empty({0}, input.options());
  return {output, empty, empty};
}

} // namespace
} // namespace irscope::torchscript

TORCH_LIBRARY_FRAGMENT(aten, m) {
  m.def("scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, "
        "Tensor? attn_mask=None, float dropout_p=0.0, bool is_causal=False, *, "
        "float? scale=None, bool enable_gqa=False) -> Tensor",
        TORCH_FN(irscope::torchscript::scaledDotProductAttention));
  m.def("_native_batch_norm_legit_no_training(Tensor input, Tensor? weight, Tensor? bias, "
        "Tensor running_mean, Tensor running_var, float momentum, float eps) "
        "-> (Tensor, Tensor, Tensor)",
        TORCH_FN(irscope::torchscript::nativeBatchNormLegitNoTraining));
}
