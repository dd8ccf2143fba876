#include "tests/support/graph_builder.h"

#include <stdexcept>

namespace irscope::testing {

GraphBuilder::GraphBuilder(std::string model_name) {
  graph_.model_name = std::move(model_name);
  graph_.pytorch_version = "2.6.0";
}

std::string GraphBuilder::input(const std::string& name, ir::Shape shape, std::string dtype) {
  references_[name] = {name, shape, dtype, name, 0, {}};
  graph_.inputs.push_back({name, std::move(shape), std::move(dtype), {}, {}, {}});
  return name;
}

std::string GraphBuilder::weight(const std::string& state_dict_key, ir::Shape shape,
                                 std::string dtype) {
  std::string placeholder = "p_" + state_dict_key;
  for (char& c : placeholder) {
    if (c == '.')
      c = '_';
  }
  references_[placeholder] = {placeholder, shape, dtype, {}, {}, {}};
  graph_.weights.push_back({state_dict_key, std::move(shape), std::move(dtype), {}});
  graph_.weight_name_mapping.emplace_back(placeholder, state_dict_key);
  return placeholder;
}

ir::Tensor GraphBuilder::reference(const std::string& name) const {
  auto it = references_.find(name);
  if (it == references_.end())
    throw std::invalid_argument("GraphBuilder: unknown input " + name);
  return it->second;
}

std::string GraphBuilder::op(const std::string& name, const std::string& op_type,
                             const std::vector<std::string>& inputs, ir::Shape output_shape,
                             Json attrs) {
  ir::Node node;
  node.name = name;
  node.op_type = op_type;
  for (const std::string& input : inputs)
    node.inputs.push_back(reference(input));
  const std::string dtype = node.inputs.empty() ? "float32" : node.inputs.front().dtype;
  references_[name] = {name, output_shape, dtype, name, 0, {}};
  node.outputs.push_back({name, std::move(output_shape), dtype, {}, {}, {}});
  node.attrs = std::move(attrs);
  graph_.nodes.push_back(std::move(node));
  return name;
}

void GraphBuilder::output(const std::string& producer) {
  ir::Tensor tensor = reference(producer);
  tensor.producer_node.reset();
  tensor.producer_output_idx.reset();
  graph_.outputs.push_back(std::move(tensor));
}

ir::Graph makeSmallResidualGraph() {
  GraphBuilder b("small");
  b.input("x", {1, 4});
  const std::string w = b.weight("fc.weight", {4, 4});
  b.op("linear", "aten.linear.default", {"x", w}, {1, 4});
  b.op("relu", "aten.relu.default", {"linear"}, {1, 4});
  b.op("add", "aten.add.Tensor", {"relu", "x"}, {1, 4});
  b.output("add");
  return b.build();
}

ir::Graph makeTransformerLikeGraph(size_t node_count, bool module_paths) {
  GraphBuilder b("synthetic_transformer");
  const ir::Shape hidden = {1, 128, 768};
  const ir::Shape heads = {1, 12, 128, 64};
  const ir::Shape mlp = {1, 128, 3072};
  std::string x = b.input("x", hidden);
  size_t block = 0;
  auto n = [&block](const char* what) { return "l" + std::to_string(block) + "_" + what; };
  auto w = [&block](const char* what) { return "layers." + std::to_string(block) + "." + what; };
  while (b.graph().nodes.size() < node_count) {
    const std::string residual = x;
    std::string norm = b.op(n("ln1"), "aten.layer_norm.default",
                            {x, b.weight(w("ln1.weight"), {768}), b.weight(w("ln1.bias"), {768})},
                            hidden, Json{{"normalized_shape", {768}}, {"eps", 1e-05}});
    std::vector<std::string> qkv;
    for (const char* proj : {"q", "k", "v"}) {
      const std::string p(proj);
      std::string linear = b.op(n((p + "_proj").c_str()), "aten.linear.default",
                                {norm, b.weight(w((p + "_proj.weight").c_str()), {768, 768}),
                                 b.weight(w((p + "_proj.bias").c_str()), {768})},
                                hidden);
      std::string view = b.op(n((p + "_view").c_str()), "aten.view.default", {linear},
                              {1, 128, 12, 64}, Json{{"size", {1, 128, 12, 64}}});
      qkv.push_back(b.op(n((p + "_heads").c_str()), "aten.transpose.int", {view}, heads,
                         Json{{"dim0", 1}, {"dim1", 2}}));
    }
    std::string attention = b.op(n("sdpa"), "aten.scaled_dot_product_attention.default", qkv, heads,
                                 Json{{"is_causal", true}});
    std::string merged = b.op(n("merge"), "aten.transpose.int", {attention}, {1, 128, 12, 64},
                              Json{{"dim0", 1}, {"dim1", 2}});
    std::string flat =
        b.op(n("flat"), "aten.view.default", {merged}, hidden, Json{{"size", {1, 128, 768}}});
    std::string out = b.op(n("o_proj"), "aten.linear.default",
                           {flat, b.weight(w("o_proj.weight"), {768, 768})}, hidden);
    x = b.op(n("add1"), "aten.add.Tensor", {residual, out}, hidden);
    const std::string residual2 = x;
    norm = b.op(n("ln2"), "aten.layer_norm.default",
                {x, b.weight(w("ln2.weight"), {768}), b.weight(w("ln2.bias"), {768})}, hidden,
                Json{{"normalized_shape", {768}}, {"eps", 1e-05}});
    std::string up =
        b.op(n("fc1"), "aten.linear.default", {norm, b.weight(w("fc1.weight"), {3072, 768})}, mlp);
    std::string act =
        b.op(n("gelu"), "aten.gelu.default", {up}, mlp, Json{{"approximate", "tanh"}});
    std::string down = b.op(n("fc2"), "aten.linear.default",
                            {act, b.weight(w("fc2.weight"), {768, 3072})}, hidden);
    x = b.op(n("add2"), "aten.add.Tensor", {residual2, down}, hidden);
    ++block;
  }
  b.output(x);
  ir::Graph graph = b.build();
  if (module_paths) {
    // Node names are "l<block>_<what>"; <what> says which module the op belongs to.
    for (ir::Node& node : graph.nodes) {
      const size_t underscore = node.name.find('_');
      const std::string layer = "layers." + node.name.substr(1, underscore - 1);
      const std::string what = node.name.substr(underscore + 1);
      if (what == "ln1" || what == "ln2") {
        node.module_path = layer + "." + (what == "ln1" ? "norm1" : "norm2");
        node.module_type = "LayerNorm";
      } else if (what == "fc1" || what == "gelu" || what == "fc2") {
        node.module_path = layer + ".mlp";
        node.module_type = "MLP";
      } else if (what == "add1" || what == "add2") {
        node.module_path = layer;
        node.module_type = "Block";
      } else {
        node.module_path = layer + ".attn";
        node.module_type = "Attention";
      }
    }
  }
  return graph;
}

ir::Graph makeDecoderLikeGraph(size_t layers) {
  GraphBuilder b("synthetic_decoder");
  const ir::Shape hidden = {1, 16, 64};
  const ir::Shape context = {1, 32, 64};
  std::string x = b.input("tgt", hidden);
  const std::string memory = b.input("memory", context);
  for (size_t i = 0; i < layers; ++i) {
    const std::string layer = "layers." + std::to_string(i);
    auto op = [&](const std::string& what, const std::string& op_type,
                  const std::vector<std::string>& inputs, const ir::Shape& shape,
                  const std::string& module, const std::string& type) {
      const std::string name = b.op("l" + std::to_string(i) + "_" + what, op_type, inputs, shape);
      b.graph().nodes.back().module_path = module.empty() ? layer : layer + "." + module;
      b.graph().nodes.back().module_type = type;
      return name;
    };
    auto attention = [&](const std::string& module, const std::string& kv,
                         const ir::Shape& kv_shape) {
      const std::string q =
          op(module + "_q", "aten.linear.default", {x}, hidden, module + ".q_proj", "Linear");
      const std::string k =
          op(module + "_k", "aten.linear.default", {kv}, kv_shape, module + ".k_proj", "Linear");
      const std::string v =
          op(module + "_v", "aten.linear.default", {kv}, kv_shape, module + ".v_proj", "Linear");
      const std::string a = op(module + "_sdpa", "aten.scaled_dot_product_attention.default",
                               {q, k, v}, hidden, module, "MultiheadAttention");
      return op(module + "_out", "aten.linear.default", {a}, hidden, module + ".out_proj",
                "Linear");
    };
    auto residual = [&](const std::string& what, const std::string& branch,
                        const std::string& norm) {
      const std::string sum =
          op(what, "aten.add.Tensor", {x, branch}, hidden, "", "TransformerDecoderLayer");
      x = op(norm, "aten.layer_norm.default", {sum}, hidden, norm, "LayerNorm");
    };
    residual("add1", attention("self_attn", x, hidden), "norm1");
    residual("add2", attention("multihead_attn", memory, context), "norm2");
    const std::string up = op("fc1", "aten.linear.default", {x}, {1, 16, 128}, "linear1", "Linear");
    const std::string act =
        op("relu", "aten.relu.default", {up}, {1, 16, 128}, "", "TransformerDecoderLayer");
    residual("add3", op("fc2", "aten.linear.default", {act}, hidden, "linear2", "Linear"), "norm3");
  }
  b.output(x);
  return b.build();
}

} // namespace irscope::testing
