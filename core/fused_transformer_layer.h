#pragma once
// PyTorch 1.13's "fast path" runs an eval-mode nn.TransformerEncoderLayer as one fused op,
// aten::_transformer_encoder_layer_fwd, so a trace records the whole layer as a single opaque
// node: no operator mapping, no MACs, no sub-modules. This rewrite replaces each such node by
// the ops the layer is made of, as an unfused layer (and torch.export) would record them: the
// in-projection linear, the split into heads, scaled_dot_product_attention, the merge of the
// heads, the out-projection linear, the two layer norms (before or after their blocks, per
// norm_first), the residual adds, and the feed-forward linear, relu or gelu, linear. Each part
// reads the fused node's own weight inputs, and sits in the module that owns its weight
// ("layers.0.self_attn", "layers.0.linear1", "layers.0.norm1").
#include "core/graph.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace irscope::ir {

inline constexpr std::string_view kFusedEncoderLayerOp =
    "aten._transformer_encoder_layer_fwd.default";

struct FusedLayerExpansion {
  size_t expanded = 0; // fused nodes replaced by their parts
  // One line per fused node left as it is, saying why (a mask type the parts cannot express,
  // weights of unexpected shapes).
  std::vector<std::string> notes;
  // Each expanded node's output tensor name -> the name of the part that now produces it, for
  // whatever else refers to tensors by name (recorded intermediates).
  std::vector<std::pair<std::string, std::string>> renamed_tensors;
};

// Rewrites `graph` in place; nodes stay in execution order, every consumer of a fused node's
// output (node inputs and graph outputs) reads the last part instead. Pure: no libtorch.
FusedLayerExpansion expandFusedTransformerLayers(Graph& graph);

} // namespace irscope::ir
