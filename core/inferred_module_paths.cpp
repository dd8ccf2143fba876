#include "core/inferred_module_paths.h"

#include "core/module_tree.h"
#include "core/op_category.h"
#include "core/single_tensor_cuts.h"
#include "core/unique_modules.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace irscope::ir {

namespace {

std::string parentModule(const std::string& path) {
  const std::vector<size_t> dots = pathSegmentDots(path);
  return dots.empty() ? std::string() : path.substr(0, dots.back());
}

// "0", or "_0" as TorchScript numbers a scripted container's children.
bool isNumberedSegment(const std::string& path, size_t begin, size_t end) {
  if (end - begin > 1 && path[begin] == '_')
    ++begin;
  return begin < end && std::all_of(path.begin() + static_cast<std::ptrdiff_t>(begin),
                                    path.begin() + static_cast<std::ptrdiff_t>(end),
                                    [](char c) { return c >= '0' && c <= '9'; });
}

// The block around `module`: a module that encloses it without being it and lies strictly
// inside `common`; the deepest numbered one (layers.3, layer1.0), or failing that the deepest
// that holds numbered modules (a Sequential `backbone` around backbone.5, whose unweighted
// children backbone.6, ... are invisible here). A numbered block wins over a Sequential inside
// it: layer2.0's residual add is layer2.0's, not that of its `downsample` Sequential.
std::optional<std::string> blockAround(const std::string& module, const std::string& common) {
  const std::vector<size_t> dots = pathSegmentDots(module);
  std::optional<std::string> container;
  for (size_t i = dots.size(); i-- > 0;) {
    const size_t end = dots[i];
    if (end <= common.size())
      break;
    const size_t begin = i == 0 ? 0 : dots[i - 1] + 1;
    if (isNumberedSegment(module, begin, end))
      return module.substr(0, end);
    const size_t child_end = i + 1 < dots.size() ? dots[i + 1] : module.size();
    if (!container && isNumberedSegment(module, end + 1, child_end))
      container = module.substr(0, end);
  }
  return container;
}

// Both ops read one weight (sorted indices): the same module called again.
bool shareAWeight(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j])
      return true;
    if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return false;
}

struct WeightedOp {
  size_t position; // in the topological order
  std::string module;
  std::vector<int32_t> weights; // sorted, unique
};

} // namespace

std::string moduleOfWeight(const std::string& state_dict_key) {
  return parentModule(state_dict_key);
}

std::string commonModule(const std::string& a, const std::string& b) {
  if (a == b)
    return a;
  size_t same = 0;
  while (same < a.size() && same < b.size() && a[same] == b[same])
    ++same;
  std::vector<size_t> ends = pathSegmentDots(a);
  ends.push_back(a.size());
  // The prefixes agree up to `same`, and so do their bracket depths: a segment end of `a` there
  // is one of `b` when `b` ends or has a dot at the same place.
  for (size_t i = ends.size(); i-- > 0;) {
    const size_t end = ends[i];
    if (end <= same && (end == b.size() || (end < b.size() && b[end] == '.')))
      return a.substr(0, end);
  }
  return {};
}

std::vector<std::string> inferModulePaths(const Graph& graph, const Topology& topology) {
  for (const Node& node : graph.nodes) {
    if (!node.module_path.empty())
      return {};
  }
  const std::vector<int32_t>& order = topology.topological_order;
  const size_t count = order.size();
  std::vector<WeightedOp> weighted;
  for (size_t p = 0; p < count; ++p) {
    const auto n = static_cast<size_t>(order[p]);
    if (graph.nodes[n].isGetItem() || n >= topology.node_inputs.size())
      continue;
    std::vector<int32_t> weights;
    for (const ValueRef& ref : topology.node_inputs[n]) {
      if (ref.kind == ValueKind::Weight && ref.index >= 0 &&
          static_cast<size_t>(ref.index) < graph.weights.size())
        weights.push_back(ref.index);
    }
    if (weights.empty())
      continue;
    std::sort(weights.begin(), weights.end());
    weights.erase(std::unique(weights.begin(), weights.end()), weights.end());
    std::string module;
    for (size_t w = 0; w < weights.size(); ++w) {
      const std::string& key = graph.weights[static_cast<size_t>(weights[w])].name;
      if (key.size() > kMaxInferredPathLength ||
          pathSegmentDots(key).size() > static_cast<size_t>(kMaxModuleDepth))
        return {};
      std::string of_weight = moduleOfWeight(key);
      module = w == 0 ? std::move(of_weight) : commonModule(module, of_weight);
    }
    weighted.push_back({p, std::move(module), std::move(weights)});
  }
  if (weighted.empty())
    return {};

  std::vector<char> cut_before(count + 1, 0);
  for (const size_t cut : singleTensorCuts(graph, topology))
    cut_before[cut] = 1;
  std::vector<std::string> paths(graph.nodes.size());
  auto assign = [&](size_t from, size_t to, const std::string& path) {
    for (size_t p = from; p < to; ++p)
      paths[static_cast<size_t>(order[p])] = path;
  };

  assign(0, weighted.front().position, parentModule(weighted.front().module));
  for (size_t k = 0; k < weighted.size(); ++k) {
    const WeightedOp& a = weighted[k];
    paths[static_cast<size_t>(order[a.position])] = a.module;
    if (k + 1 == weighted.size())
      break;
    const WeightedOp& b = weighted[k + 1];
    if (b.position == a.position + 1)
      continue;
    const std::string common = a.module == b.module && shareAWeight(a.weights, b.weights)
                                   ? parentModule(a.module)
                                   : commonModule(a.module, b.module);
    // Block boundaries: where one tensor carries everything on. The previous block runs to the
    // first, and an activation right after it (a ResNet block's closing relu); the next block
    // starts at the last. What lies between belongs to neither.
    size_t first_cut = a.position + 1;
    while (first_cut <= b.position && !cut_before[first_cut])
      ++first_cut;
    if (first_cut > b.position) {
      assign(a.position + 1, b.position, common);
      continue;
    }
    size_t block_end = first_cut;
    while (block_end < b.position &&
           opCategory(graph.nodes[static_cast<size_t>(order[block_end])].op_type) ==
               OpCategory::Activation)
      ++block_end;
    size_t block_start = b.position;
    while (block_start > block_end && !cut_before[block_start])
      --block_start;
    if (!cut_before[block_start])
      block_start = b.position;
    assign(a.position + 1, block_end, blockAround(a.module, common).value_or(common));
    assign(block_end, block_start, common);
    assign(block_start, b.position, blockAround(b.module, common).value_or(common));
  }
  assign(weighted.back().position + 1, count, parentModule(weighted.back().module));

  // A getitem picks one output of the op before it in the order: it follows that op.
  for (const int32_t n : order) {
    const auto node = static_cast<size_t>(n);
    if (!graph.nodes[node].isGetItem() || node >= topology.node_inputs.size() ||
        topology.node_inputs[node].empty())
      continue;
    const ValueRef& source = topology.node_inputs[node].front();
    if (source.kind == ValueKind::NodeOutput && source.index >= 0 &&
        static_cast<size_t>(source.index) < paths.size())
      paths[node] = paths[static_cast<size_t>(source.index)];
  }
  return paths;
}

ModulePathSource applyInferredModulePaths(Graph& graph, const Topology& topology) {
  for (const Node& node : graph.nodes) {
    if (!node.module_path.empty())
      return ModulePathSource::FromFile;
  }
  std::vector<std::string> paths = inferModulePaths(graph, topology);
  if (std::all_of(paths.begin(), paths.end(), [](const std::string& p) { return p.empty(); }))
    return ModulePathSource::None;
  for (size_t n = 0; n < paths.size(); ++n)
    graph.nodes[n].module_path = std::move(paths[n]);
  return ModulePathSource::InferredFromWeightNames;
}

} // namespace irscope::ir
