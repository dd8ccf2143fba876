#pragma once
// Module paths for a graph whose file gives none, read off its weights' state_dict keys.
//
// torch_ir JSON names no node's module, yet weight_name_mapping names every weight's:
// p_layers_0_linear1_weight is layers.0.linear1.weight, a parameter of module layers.0.linear1.
// The rules, in the graph's topological order (file order for an exported graph, which is the
// order the ops ran in):
//
// 1. An op that reads weights belongs to their module: the state_dict key less its last segment
//    ("layers.0.linear1.weight" -> "layers.0.linear1"; a top-level "output_bias" -> the root "").
//    Reading weights of several modules (a tied embedding with its own bias) puts it in their
//    deepest common module.
// 2. An op between two weighted ops belongs to the deepest module that encloses both: a residual
//    add between layers.0.norm1 and layers.0.linear1 is in layers.0. When both read the same
//    weight, the module was called twice (an unrolled RNN cell), and what runs between the calls
//    is its parent's.
// 3. Except around numbered blocks (layers.3 in a ModuleList, layer1.0 in a Sequential), whose
//    forward usually ends with ops that read no weight (a ResNet block's residual add and relu,
//    a pre-norm transformer layer's last add) or starts with them (the transpose a
//    MultiheadAttention begins with), and whose container runs no ops of its own. The dataflow
//    marks a block boundary: a place where one tensor carries everything downstream. Between
//    two weighted ops, the ops up to the first such place, and the activations right after it,
//    finish the previous op's block; the ops after the last such place start the next op's
//    block; the ops in between (a classifier's pooling and flatten) stay in the common module.
//    A block here is a module that encloses the weighted op without being the weight's own
//    module (a Sequential's Conv2d) and lies inside the common module: the deepest numbered one,
//    or failing that the deepest that holds numbered modules (a Sequential, whose unweighted
//    children, its ReLUs and pools, have no weights to be seen by). Without such a block on a
//    side, or without such a place, rule 2 stands.
// 4. Ops before the first weighted op go to the parent of its module; ops after the last one to
//    the parent of that op's module: the forward that called the module (layers.0 for the
//    transpose before layers.0.self_attn; the root for a softmax after a top-level `fc`).
// 5. A getitem goes with the op whose output it picks.
//
// Paths are compared by segments, never by string prefix (layers.1 does not enclose layers.10),
// and a segment may hold dots inside brackets ("blocks[0.5]"), as ir::pathSegmentDots reads them.
// Module classes stay unknown: a weight's name does not say its module's class.
//
// Guesses can be wrong where the order alone cannot tell (an op the previous module ran last vs
// one its parent ran next when no numbered block is involved), so tools say the paths are
// inferred. Linear in the graph's size.
#include "core/graph.h"
#include "core/topology.h"

#include <string>
#include <vector>

namespace irscope::ir {

// Where a model's module paths came from.
enum class ModulePathSource {
  FromFile,                // the file (or the TorchScript extraction) gave them
  InferredFromWeightNames, // inferModulePaths read them off the weights' state_dict keys
  None,                    // no module paths: tools derive groups from the dataflow
};

// A weight's module in a path this long, or this deep, is not a module path: such a graph gets
// no inferred paths (each node would copy it).
inline constexpr size_t kMaxInferredPathLength = 1024;

// One module path per node (the root is ""), or nothing when the graph has module paths
// already, no op reads a weight, or a weight's module path is implausibly long.
std::vector<std::string> inferModulePaths(const Graph& graph, const Topology& topology);

// Sets every node's module_path from inferModulePaths when the graph has none. Returns
// FromFile when some node had a path, InferredFromWeightNames when they were set, else None.
ModulePathSource applyInferredModulePaths(Graph& graph, const Topology& topology);

// The module a weight belongs to: its state_dict key less the last segment ("" at the top).
std::string moduleOfWeight(const std::string& state_dict_key);

// The deepest module enclosing both paths, by whole segments ("" when only the root does).
std::string commonModule(const std::string& a, const std::string& b);

} // namespace irscope::ir
