#pragma once
// Builds small torch_ir graphs in code, for tests and benchmarks: each call adds one node whose
// inputs name their producers the way torch_ir files do.
#include "core/graph.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace irscope::testing {

class GraphBuilder {
public:
  explicit GraphBuilder(std::string model_name = "test");

  // A graph input; returns its name, which later nodes pass as a producer.
  std::string input(const std::string& name, ir::Shape shape, std::string dtype = "float32");
  // A weight with its placeholder ("p_" + key with dots as underscores); returns the placeholder.
  std::string weight(const std::string& state_dict_key, ir::Shape shape,
                     std::string dtype = "float32");
  // A node with one output named after it. `inputs` are names returned by input(), weight() or
  // op(); their shapes are looked up. Returns the node's name.
  std::string op(const std::string& name, const std::string& op_type,
                 const std::vector<std::string>& inputs, ir::Shape output_shape,
                 Json attrs = Json::object());
  void output(const std::string& producer);

  ir::Graph& graph() { return graph_; }
  ir::Graph build() const { return graph_; }

private:
  ir::Tensor reference(const std::string& name) const;

  ir::Graph graph_;
  std::unordered_map<std::string, ir::Tensor> references_; // name -> how a consumer records it
};

// x -> linear(x, fc.weight) -> relu -> add(relu, x): the smallest graph with a weight, a chain
// and a residual edge from a graph input.
ir::Graph makeSmallResidualGraph();

// A transformer-like graph of about `node_count` nodes: repeated pre-norm blocks (layer norm,
// q/k/v projections, attention, output projection, residual add, MLP, residual add), like the
// files torch_ir writes for LLMs, for benchmarks and scale tests.
// With `module_paths`, each op also records the module it belongs to, as an extractor that knows
// the modules would write it: "layers.3.attn.q_proj" (class Linear), "layers.3.mlp", ...
ir::Graph makeTransformerLikeGraph(size_t node_count, bool module_paths = false);

// nn.TransformerDecoder's dataflow in `layers` post-norm layers with module paths
// ("layers.3.multihead_attn.k_proj", class Linear): self-attention, cross-attention whose
// k_proj and v_proj read the graph input `memory` in every layer, and a feed-forward block.
// 19 ops per layer; inputs tgt 1x16x64 and memory 1x32x64.
ir::Graph makeDecoderLikeGraph(size_t layers);

} // namespace irscope::testing
