#pragma once
// torchinfo's job from the IR: per module (in tree order) and per node, the input and output
// shapes, parameters (trainable and buffers), kernel size, multiply-accumulates and output
// activation bytes; and for the model, the totals and the peak activation memory of running it.
//
// MACs, counted as torchvision and fvcore count them (one multiply-add is one MAC; elementwise
// ops, norms and activations count 0):
//   conv (conv1d/2d/3d, convolution)  output elements x in_channels/groups x kernel elements
//                                     (= output elements x weight.shape[1] x
//                                     prod(weight.shape[2:]))
//   conv_transpose                    input elements x out_channels/groups x kernel elements
//   linear                            output elements x in_features (weight.shape[1])
//   matmul, mm, bmm, addmm, baddbmm   output elements x K (the contracted dimension)
//   scaled_dot_product_attention      its two matmuls: batch x L x S x E (Q K^T) plus
//                                     batch x L x S x Ev (attention x V)
#include "core/graph.h"
#include "core/module_tree.h"
#include "core/topology.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace irscope::ir {

// The multiply-accumulates of one node, by the rules above; 0 for ops they do not cover.
int64_t nodeMacs(const Node& node);

struct LayerRow {
  int group = -1;                   // a module group (ModuleTree index), or -1 for a node row
  int32_t node = -1;                // a node row's node
  int depth = 0;                    // nesting, for indentation
  std::string name;                 // module path or node name
  std::string type;                 // module class, or op type
  std::vector<Shape> input_shapes;  // tensors flowing in from outside (graph inputs, other nodes)
  std::vector<Shape> output_shapes; // tensors read outside, or graph outputs
  std::vector<std::string> input_dtypes;  // one per input shape
  std::vector<std::string> output_dtypes; // one per output shape
  int64_t trainable_parameters = 0;       // weights read inside, each once
  int64_t buffer_parameters = 0;          // buffers (running mean/var, ...) read inside, each once
  std::optional<Shape> kernel_size;       // a single conv: its weight's spatial dims
  int64_t macs = 0;
  int64_t output_bytes = 0; // bytes of the outputs (activations) produced inside
};

struct LayerSummary {
  std::vector<LayerRow> rows; // modules in tree order, each followed by its direct nodes
  int64_t trainable_parameters = 0;
  int64_t buffer_parameters = 0;
  int64_t parameter_bytes = 0;
  int64_t macs = 0;
  int64_t input_bytes = 0;
  // The most activation bytes alive at once when the nodes run in topological order, each
  // freed after its last reader (graph outputs live to the end), graph inputs included.
  int64_t peak_activation_bytes = 0;
  int32_t peak_after_node = -1; // the node after which the peak is reached
};

// With `node_rows`, nodes appear under their module (or at the top when they have none).
LayerSummary summarizeLayers(const Graph& graph, const Topology& topology,
                             const ModuleTree& modules, bool node_rows);

} // namespace irscope::ir
