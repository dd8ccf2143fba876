#include "core/fused_transformer_layer.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace irscope::ir {
namespace {

// The fused op's tensor arguments in schema order, as the recorder lists a node's inputs.
enum Input : size_t {
  kSrc,
  kQkvWeight,
  kQkvBias,
  kProjWeight,
  kProjBias,
  kNormWeight1,
  kNormBias1,
  kNormWeight2,
  kNormBias2,
  kFfnWeight1,
  kFfnBias1,
  kFfnWeight2,
  kFfnBias2,
  kMask,
  kInputCount // with the mask
};

struct Layer {
  int64_t batch = 0, length = 0, width = 0, heads = 0, ffn = 0;
  bool use_gelu = false;
  bool norm_first = false;
  Json eps;
  bool padding_mask = false; // a (batch, length) src_key_padding_mask is given
};

std::optional<int64_t> intAttr(const Json& attrs, const char* key) {
  if (!attrs.is_object() || !attrs.contains(key) || !attrs[key].is_number_integer())
    return std::nullopt;
  return attrs[key].get<int64_t>();
}

std::optional<bool> boolAttr(const Json& attrs, const char* key) {
  if (!attrs.is_object() || !attrs.contains(key) || !attrs[key].is_boolean())
    return std::nullopt;
  return attrs[key].get<bool>();
}

// What keeps the node from being expanded, or "" with `layer` filled in.
std::string readLayer(const Node& node, Layer& layer) {
  if (node.inputs.size() != kMask && node.inputs.size() != kInputCount)
    return "has " + std::to_string(node.inputs.size()) +
           " tensor inputs where 13 or 14 are expected";
  if (node.outputs.size() != 1)
    return "has " + std::to_string(node.outputs.size()) + " outputs where 1 is expected";
  const auto embed_dim = intAttr(node.attrs, "embed_dim");
  const auto num_heads = intAttr(node.attrs, "num_heads");
  const auto use_gelu = boolAttr(node.attrs, "use_gelu");
  const auto norm_first = boolAttr(node.attrs, "norm_first");
  if (!embed_dim || !num_heads || !use_gelu || !norm_first || !node.attrs.contains("eps") ||
      !node.attrs["eps"].is_number())
    return "lacks one of the attrs embed_dim, num_heads, use_gelu, norm_first, eps";
  layer.use_gelu = *use_gelu;
  layer.norm_first = *norm_first;
  layer.eps = node.attrs["eps"];
  const Shape& src = node.inputs[kSrc].shape;
  if (src.size() != 3)
    return "has a " + std::to_string(src.size()) +
           "-d input where (batch, length, embed_dim) is "
           "expected";
  layer.batch = src[0];
  layer.length = src[1];
  layer.width = src[2];
  layer.heads = *num_heads;
  if (layer.batch <= 0 || layer.length <= 0 || layer.width <= 0 || layer.width != *embed_dim ||
      layer.heads <= 0 || layer.width % layer.heads != 0)
    return "has input " + formatShapeList(src) + " with embed_dim " + std::to_string(*embed_dim) +
           " and num_heads " + std::to_string(layer.heads) + ", which do not split into heads";
  const Shape& ffn_weight_1 = node.inputs[kFfnWeight1].shape;
  layer.ffn = ffn_weight_1.size() == 2 ? ffn_weight_1[0] : 0;
  const int64_t e = layer.width;
  const int64_t f = layer.ffn;
  const std::vector<std::pair<Input, Shape>> expected = {
      {kQkvWeight, {3 * e, e}}, {kQkvBias, {3 * e}}, {kProjWeight, {e, e}}, {kProjBias, {e}},
      {kNormWeight1, {e}},      {kNormBias1, {e}},   {kNormWeight2, {e}},   {kNormBias2, {e}},
      {kFfnWeight1, {f, e}},    {kFfnBias1, {f}},    {kFfnWeight2, {e, f}}, {kFfnBias2, {e}}};
  for (const auto& [input, shape] : expected)
    if (f <= 0 || node.inputs[input].shape != shape)
      return "has weight " + node.inputs[input].name + " of shape " +
             formatShapeList(node.inputs[input].shape) + " where " + formatShapeList(shape) +
             " is expected";
  if (node.outputs[0].shape != src)
    return "has output shape " + formatShapeList(node.outputs[0].shape) + " where " +
           formatShapeList(src) + " is expected";
  if (node.inputs.size() == kInputCount) {
    // 1.13's nn.TransformerEncoderLayer passes src_key_padding_mask, (B, L), with mask_type 1;
    // its CPU kernel refuses mask_type 0 (src_mask) and a mask without a type.
    const auto mask_type = intAttr(node.attrs, "mask_type");
    const Shape& mask = node.inputs[kMask].shape;
    if (mask_type != 1 || mask != Shape{layer.batch, layer.length})
      return "has a mask of shape " + formatShapeList(mask) + " with mask_type " +
             (node.attrs.contains("mask_type") ? node.attrs["mask_type"].dump() : "None") +
             "; only a (batch, length) padding mask with mask_type 1 can be expanded";
    layer.padding_mask = true;
  }
  return "";
}

// A short class name from the graph's module_classes, or what nn.TransformerEncoderLayer's
// child of that role is.
std::string classOf(const Graph& graph, const std::string& path, const std::string& fallback) {
  const auto found = graph.module_classes.find(path);
  if (found == graph.module_classes.end() || found->second.empty())
    return fallback;
  const size_t dot = found->second.rfind('.');
  return dot == std::string::npos ? found->second : found->second.substr(dot + 1);
}

class PartWriter {
public:
  PartWriter(const Graph& graph, const Node& fused, std::set<std::string>& taken)
      : graph_(graph), fused_(fused), taken_(taken) {
    for (const auto& [placeholder, key] : graph.weight_name_mapping)
      keys_.emplace(placeholder, key);
  }

  // The module that owns a weight input: its state_dict key less the last component
  // ("layers.0.norm1.weight" -> "layers.0.norm1"), or the fused node's module when unknown.
  std::string ownerOf(const Tensor& weight) const {
    if (weight.hasProducer())
      return fused_.module_path;
    const auto found = keys_.find(weight.name);
    const std::string& key = found == keys_.end() ? weight.name : found->second;
    const size_t dot = key.rfind('.');
    return dot == std::string::npos || dot == 0 ? fused_.module_path : key.substr(0, dot);
  }

  // Adds a part with one output and returns how a consumer reads that output.
  Tensor add(const std::string& base, const std::string& op_type, std::vector<Tensor> inputs,
             const Shape& shape, const std::string& dtype, Json attrs, const std::string& path,
             const std::string& type) {
    Node node;
    node.name = fresh(base);
    node.op_type = op_type;
    node.inputs = std::move(inputs);
    node.outputs.push_back({node.name, shape, dtype, {}, {}, {}});
    node.attrs = std::move(attrs);
    node.module_path = path;
    node.module_type =
        path == fused_.module_path ? fused_.module_type : classOf(graph_, path, type);
    node.stack_trace = fused_.stack_trace;
    Tensor reference = node.outputs.back();
    reference.producer_node = node.name;
    reference.producer_output_idx = 0;
    parts_.push_back(std::move(node));
    return reference;
  }

  std::vector<Node>& parts() { return parts_; }

private:
  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int i = 1; taken_.count(name); ++i)
      name = base + "_" + std::to_string(i);
    taken_.insert(name);
    return name;
  }

  const Graph& graph_;
  const Node& fused_;
  std::set<std::string>& taken_;
  std::unordered_map<std::string, std::string> keys_;
  std::vector<Node> parts_;
};

std::vector<Node> partsOf(const Graph& graph, const Node& fused, const Layer& layer,
                          std::set<std::string>& taken) {
  PartWriter w(graph, fused, taken);
  const auto& in = fused.inputs;
  const std::string& dtype = fused.outputs[0].dtype;
  const std::string& layer_path = fused.module_path;
  const std::string attention = w.ownerOf(in[kQkvWeight]);
  const std::string norm1 = w.ownerOf(in[kNormWeight1]);
  const std::string norm2 = w.ownerOf(in[kNormWeight2]);
  const std::string linear1 = w.ownerOf(in[kFfnWeight1]);
  const std::string linear2 = w.ownerOf(in[kFfnWeight2]);
  const int64_t b = layer.batch, l = layer.length, e = layer.width, h = layer.heads;
  const int64_t d = e / h;
  const Shape rows{b, l, e};

  auto layerNorm = [&](const Tensor& x, Input weight, Input bias, const std::string& path) {
    Json attrs = {{"normalized_shape", Json::array({e})}};
    if (layer.eps != Json(1e-05))
      attrs["eps"] = layer.eps; // torch_ir leaves out arguments at their defaults
    return w.add("layer_norm", "aten.layer_norm.default", {x, in[weight], in[bias]}, rows, dtype,
                 attrs, path, "LayerNorm");
  };
  auto linear = [&](const Tensor& x, Input weight, Input bias, Shape shape,
                    const std::string& path) {
    return w.add("linear", "aten.linear.default", {x, in[weight], in[bias]}, shape, dtype,
                 Json::object(), path, "Linear");
  };
  auto attentionPart = [&](const std::string& base, const std::string& op,
                           std::vector<Tensor> inputs, const Shape& shape, Json attrs,
                           const std::string& part_dtype) {
    return w.add(base, op, std::move(inputs), shape, part_dtype, std::move(attrs), attention,
                 "MultiheadAttention");
  };

  const Tensor& src = in[kSrc];
  Tensor x = layer.norm_first ? layerNorm(src, kNormWeight1, kNormBias1, norm1) : src;

  // Self-attention, as nn.MultiheadAttention computes it: one projection to q, k and v, split
  // into heads (batch, heads, length, head_dim), attention, heads merged, out-projection.
  const Tensor qkv = w.add("linear", "aten.linear.default", {x, in[kQkvWeight], in[kQkvBias]},
                           {b, l, 3 * e}, dtype, Json::object(), attention, "MultiheadAttention");
  const Tensor split = attentionPart("view", "aten.view.default", {qkv}, {b, l, 3, h, d},
                                     {{"size", Json::array({b, l, 3, h, d})}}, dtype);
  const Tensor heads = attentionPart("permute", "aten.permute.default", {split}, {3, b, h, l, d},
                                     {{"dims", Json::array({2, 0, 3, 1, 4})}}, dtype);
  std::vector<Tensor> sdpa_inputs;
  for (int64_t i = 0; i < 3; ++i)
    sdpa_inputs.push_back(attentionPart("select", "aten.select.int", {heads}, {b, h, l, d},
                                        {{"dim", 0}, {"index", i}}, dtype));
  if (layer.padding_mask) {
    // The fused op masks the keys where the mask is true (or non-zero), for every head and
    // query; scaled_dot_product_attention's boolean mask keeps where it is true.
    const Tensor keep =
        attentionPart("eq", "aten.eq.Scalar", {in[kMask]}, {b, l}, {{"other", 0}}, "bool");
    sdpa_inputs.push_back(attentionPart("view", "aten.view.default", {keep}, {b, 1, 1, l},
                                        {{"size", Json::array({b, 1, 1, l})}}, "bool"));
  }
  const Tensor attended =
      attentionPart("scaled_dot_product_attention", "aten.scaled_dot_product_attention.default",
                    sdpa_inputs, {b, h, l, d}, Json::object(), dtype);
  const Tensor merged = attentionPart("transpose", "aten.transpose.int", {attended}, {b, l, h, d},
                                      {{"dim0", 1}, {"dim1", 2}}, dtype);
  const Tensor flat = attentionPart("reshape", "aten.reshape.default", {merged}, rows,
                                    {{"shape", Json::array({b, l, e})}}, dtype);
  const Tensor projected =
      w.add("linear", "aten.linear.default", {flat, in[kProjWeight], in[kProjBias]}, rows, dtype,
            Json::object(), attention, "MultiheadAttention");

  auto residual = [&](const Tensor& a, const Tensor& c) {
    return w.add("add", "aten.add.Tensor", {a, c}, rows, dtype, Json::object(), layer_path, "");
  };
  x = residual(src, projected);
  if (!layer.norm_first)
    x = layerNorm(x, kNormWeight1, kNormBias1, norm1);
  const Tensor block_input = layer.norm_first ? layerNorm(x, kNormWeight2, kNormBias2, norm2) : x;
  Tensor ff = linear(block_input, kFfnWeight1, kFfnBias1, {b, l, layer.ffn}, linear1);
  ff = w.add(layer.use_gelu ? "gelu" : "relu",
             layer.use_gelu ? "aten.gelu.default" : "aten.relu.default", {ff}, {b, l, layer.ffn},
             dtype, Json::object(), layer_path, "");
  ff = linear(ff, kFfnWeight2, kFfnBias2, rows, linear2);
  x = residual(x, ff);
  if (!layer.norm_first)
    layerNorm(x, kNormWeight2, kNormBias2, norm2);
  return std::move(w.parts());
}

std::string where(const Node& node) {
  return node.module_path.empty() ? node.name : node.module_path + " (" + node.name + ")";
}

} // namespace

FusedLayerExpansion expandFusedTransformerLayers(Graph& graph) {
  FusedLayerExpansion expansion;
  bool any = false;
  for (const Node& node : graph.nodes)
    any = any || node.op_type == kFusedEncoderLayerOp;
  if (!any)
    return expansion;

  std::set<std::string> taken;
  for (const Tensor& input : graph.inputs)
    taken.insert(input.name);
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    taken.insert(placeholder);
  for (const Node& node : graph.nodes) {
    taken.insert(node.name);
    for (const Tensor& output : node.outputs)
      taken.insert(output.name);
  }

  // Old producer name -> (new producer name, new output name).
  std::map<std::string, std::pair<std::string, std::string>> replaced;
  std::vector<Node> nodes;
  nodes.reserve(graph.nodes.size());
  for (Node& node : graph.nodes) {
    for (Tensor& input : node.inputs) {
      if (!input.producer_node)
        continue;
      const auto found = replaced.find(*input.producer_node);
      if (found == replaced.end())
        continue;
      input.producer_node = found->second.first;
      input.name = found->second.second;
    }
    Layer layer;
    const std::string problem =
        node.op_type == kFusedEncoderLayerOp ? readLayer(node, layer) : "not fused";
    if (node.op_type == kFusedEncoderLayerOp && !problem.empty())
      expansion.notes.push_back(where(node) + ": " + std::string(kFusedEncoderLayerOp) + " " +
                                problem + "; it is left as one node");
    if (!problem.empty()) {
      nodes.push_back(std::move(node));
      continue;
    }
    std::vector<Node> parts = partsOf(graph, node, layer, taken);
    const Node& last = parts.back();
    replaced[node.name] = {last.name, last.outputs[0].name};
    expansion.renamed_tensors.emplace_back(node.outputs[0].name, last.outputs[0].name);
    for (Node& part : parts)
      nodes.push_back(std::move(part));
    ++expansion.expanded;
  }
  graph.nodes = std::move(nodes);
  // torch_ir's graph outputs name the tensor; some files also name its producer.
  for (Tensor& output : graph.outputs) {
    if (output.producer_node) {
      if (const auto found = replaced.find(*output.producer_node); found != replaced.end()) {
        output.producer_node = found->second.first;
        output.name = found->second.second;
      }
      continue;
    }
    for (const auto& [old_name, new_name] : expansion.renamed_tensors)
      if (output.name == old_name) {
        output.name = new_name;
        break;
      }
  }
  return expansion;
}

} // namespace irscope::ir
