#include "core/module_tree.h"

#include "core/module_calls.h"
#include "core/op_category.h"
#include "core/op_name.h"
#include "core/single_tensor_cuts.h"

#include <algorithm>
#include <map>

namespace irscope::ir {

std::vector<int> ModuleTree::topLevel() const {
  std::vector<int> top;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].parent < 0)
      top.push_back(static_cast<int>(g));
  }
  return top;
}

namespace {

void countTotals(ModuleTree& tree) {
  // Children come after parents, so a backwards pass sees every child before its parent.
  for (size_t g = tree.groups.size(); g-- > 0;) {
    ModuleGroup& group = tree.groups[g];
    group.total_nodes += group.nodes.size();
    if (group.parent >= 0)
      tree.groups[group.parent].total_nodes += group.total_nodes;
  }
}

ModuleTree fromModulePaths(const Graph& graph) {
  ModuleTree tree;
  tree.group_of_node.assign(graph.nodes.size(), -1);
  std::map<std::string, int> index_of_path;
  // Finds or makes the group for a path, making its ancestors first, outermost first, without
  // recursion: a path is the file's claim, and a crafted one may have a million segments. Past
  // kMaxModuleDepth segments the rest of the path is one group's name.
  auto groupFor = [&](const std::string& path) -> int {
    if (auto it = index_of_path.find(path); it != index_of_path.end())
      return it->second;
    int parent = -1;
    size_t start = 0;
    for (int depth = 0;; ++depth) {
      const size_t dot = depth + 1 < kMaxModuleDepth ? path.find('.', start) : std::string::npos;
      const size_t end = dot == std::string::npos ? path.size() : dot;
      std::string prefix = path.substr(0, end);
      auto found = index_of_path.find(prefix);
      if (found == index_of_path.end()) {
        ModuleGroup group;
        group.name = prefix;
        group.label = path.substr(start, end - start);
        group.parent = parent;
        group.depth = depth;
        const int index = static_cast<int>(tree.groups.size());
        tree.groups.push_back(std::move(group));
        if (parent >= 0)
          tree.groups[parent].children.push_back(index);
        found = index_of_path.emplace(std::move(prefix), index).first;
      }
      parent = found->second;
      if (dot == std::string::npos)
        return parent;
      start = dot + 1;
    }
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.module_path.empty())
      continue;
    const int group = groupFor(node.module_path);
    if (tree.groups[group].type.empty())
      tree.groups[group].type = node.module_type;
    tree.groups[group].nodes.push_back(static_cast<int32_t>(n));
    tree.group_of_node[n] = group;
  }
  // Modules that run no op of their own (a Sequential, a block that only calls its children)
  // have a class only there.
  if (!graph.module_classes.empty()) {
    for (ModuleGroup& group : tree.groups) {
      const auto found = graph.module_classes.find(withoutRunNumbers(group.name));
      if (found == graph.module_classes.end())
        continue;
      group.qualified_type = found->second;
      if (group.type.empty())
        group.type = shortClassName(found->second);
    }
  }
  countTotals(tree);
  return tree;
}

struct Span {
  size_t start;
  size_t end; // one past the last position
  std::string label;
};

// How much an op family says about what a group does: compute-heavy families first.
int salience(OpCategory category) {
  switch (category) {
  case OpCategory::Attention:
    return 0;
  case OpCategory::Convolution:
    return 1;
  case OpCategory::MatMul:
    return 2;
  case OpCategory::Normalization:
    return 3;
  case OpCategory::Pooling:
    return 4;
  case OpCategory::Activation:
    return 5;
  case OpCategory::Reduction:
    return 6;
  case OpCategory::Other:
    return 7;
  case OpCategory::Elementwise:
    return 8;
  case OpCategory::Shape:
    break;
  }
  return 9;
}

// "scaled_dot_product_attention, linear ×4": what a group mostly does, most telling first,
// leaving out shape bookkeeping and dropout (a no-op at inference).
std::string summarize(const Graph& graph, const std::vector<int32_t>& order, const Span& span) {
  std::vector<std::pair<std::string, size_t>> counts;
  std::vector<int> rank;
  for (size_t p = span.start; p < span.end; ++p) {
    const Node& node = graph.nodes[order[p]];
    const OpCategory category = opCategory(node.op_type);
    if (category == OpCategory::Shape || node.op_type.find("dropout") != std::string::npos)
      continue;
    std::string name = shortOpName(node.op_type);
    name = name.substr(0, name.find('.'));
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end()) {
      counts.emplace_back(name, 1);
      rank.push_back(salience(category));
    } else {
      ++it->second;
    }
  }
  std::vector<size_t> by_rank(counts.size());
  for (size_t i = 0; i < by_rank.size(); ++i)
    by_rank[i] = i;
  std::stable_sort(by_rank.begin(), by_rank.end(), [&](size_t a, size_t b) {
    return rank[a] != rank[b] ? rank[a] < rank[b] : counts[a].second > counts[b].second;
  });
  std::vector<std::pair<std::string, size_t>> sorted;
  for (size_t i : by_rank)
    sorted.push_back(counts[i]);
  counts = std::move(sorted);
  std::string text;
  for (size_t i = 0; i < std::min<size_t>(2, counts.size()); ++i) {
    text += (i ? ", " : "") + counts[i].first;
    if (counts[i].second > 1)
      text += " \u00d7" + std::to_string(counts[i].second);
  }
  return text;
}

// Splits the order at the cuts into segments, then into blocks: when the segments repeat with a
// fixed period (a transformer's attention, add, norm, MLP, add, norm, ...) each repetition is
// a layer; otherwise (a ResNet's blocks, which vary) each segment is a block.
std::vector<Span> findBlocks(const Graph& graph, const std::vector<int32_t>& order,
                             const std::vector<size_t>& cuts) {
  std::vector<Span> segments;
  size_t start = 0;
  for (size_t cut : cuts) {
    segments.push_back({start, cut, {}});
    start = cut;
  }
  segments.push_back({start, order.size(), {}});

  std::vector<std::string> signatures;
  for (const Span& segment : segments) {
    std::string signature;
    for (size_t p = segment.start; p < segment.end; ++p)
      signature += graph.nodes[order[p]].op_type + ";";
    signatures.push_back(signature);
  }
  // The block starts at each occurrence of the most common multi-op segment.
  std::map<std::string, size_t> frequency;
  for (size_t s = 0; s < segments.size(); ++s) {
    if (segments[s].end - segments[s].start >= 2)
      ++frequency[signatures[s]];
  }
  std::string anchor;
  size_t best = 0;
  for (size_t s = 0; s < segments.size(); ++s) {
    const auto it = frequency.find(signatures[s]);
    if (it != frequency.end() && it->second > best) {
      best = it->second;
      anchor = signatures[s];
    }
  }
  std::vector<size_t> starts;
  for (size_t s = 0; s < segments.size(); ++s) {
    if (signatures[s] == anchor)
      starts.push_back(s);
  }
  bool periodic = starts.size() >= 3;
  size_t period = periodic ? starts[1] - starts[0] : 0;
  for (size_t i = 1; periodic && i + 1 < starts.size(); ++i) {
    if (starts[i + 1] - starts[i] != period)
      periodic = false;
    for (size_t k = 0; periodic && k < period; ++k)
      periodic = signatures[starts[i] + k] == signatures[starts[0] + k];
  }

  std::vector<Span> blocks;
  if (periodic && period > 1) {
    if (starts[0] > 0)
      blocks.push_back({0, segments[starts[0]].start, "stem"});
    for (size_t i = 0; i < starts.size(); ++i) {
      const size_t last = std::min(starts[i] + period, segments.size()) - 1;
      blocks.push_back(
          {segments[starts[i]].start, segments[last].end, "layer " + std::to_string(i)});
    }
    if (blocks.back().end < order.size())
      blocks.push_back({blocks.back().end, order.size(), "head"});
    return blocks;
  }
  // Each segment is a block; single ops join the block before them (a trailing relu, a pool).
  for (const Span& segment : segments) {
    if (!blocks.empty() && segment.end - segment.start < 3)
      blocks.back().end = segment.end;
    else
      blocks.push_back({segment.start, segment.end, {}});
  }
  for (size_t b = 0; b < blocks.size(); ++b)
    blocks[b].label = "block " + std::to_string(b);
  return blocks;
}

class DerivedTreeBuilder {
public:
  DerivedTreeBuilder(const Graph& graph, const Topology& topology, size_t max_children)
      : graph_(graph), order_(topology.topological_order), max_children_(max_children) {
    tree_.derived = true;
    tree_.group_of_node.assign(graph.nodes.size(), -1);
  }

  ModuleTree build(const std::vector<Span>& blocks) {
    // Group consecutive blocks into stages while there are too many for one level.
    if (blocks.size() > max_children_) {
      const size_t per_stage = (blocks.size() + max_children_ - 1) / max_children_;
      for (size_t b = 0; b < blocks.size(); b += per_stage) {
        const size_t last = std::min(b + per_stage, blocks.size()) - 1;
        const Span stage{blocks[b].start, blocks[last].end,
                         blocks[b].label + " \u2013 " + blocks[last].label};
        const int group = addGroup(stage, -1);
        for (size_t k = b; k <= last; ++k)
          addBlock(blocks[k], group);
      }
    } else {
      for (const Span& block : blocks)
        addBlock(block, -1);
    }
    countTotals(tree_);
    return std::move(tree_);
  }

private:
  int addGroup(const Span& span, int parent) {
    ModuleGroup group;
    group.name = span.label;
    group.label = span.label;
    group.type = summarize(graph_, order_, span);
    group.parent = parent;
    group.depth = parent < 0 ? 0 : tree_.groups[parent].depth + 1;
    tree_.groups.push_back(std::move(group));
    const int index = static_cast<int>(tree_.groups.size()) - 1;
    if (parent >= 0)
      tree_.groups[parent].children.push_back(index);
    return index;
  }

  // A block too large for one level is split into bands of consecutive ops.
  void addBlock(const Span& block, int parent) {
    const int group = addGroup(block, parent);
    const size_t size = block.end - block.start;
    if (size <= max_children_) {
      place(block, group);
      return;
    }
    const size_t per_band = std::max((size + max_children_ - 1) / max_children_, max_children_ / 2);
    for (size_t p = block.start; p < block.end; p += per_band) {
      const Span band{p, std::min(p + per_band, block.end),
                      "ops " + std::to_string(p) + "\u2013" +
                          std::to_string(std::min(p + per_band, block.end) - 1)};
      place(band, addGroup(band, group));
    }
  }

  void place(const Span& span, int group) {
    for (size_t p = span.start; p < span.end; ++p) {
      tree_.groups[group].nodes.push_back(order_[p]);
      tree_.group_of_node[order_[p]] = group;
    }
  }

  const Graph& graph_;
  const std::vector<int32_t>& order_;
  size_t max_children_;
  ModuleTree tree_;
};

ModuleTree fromStructure(const Graph& graph, const Topology& topology, size_t max_children) {
  const std::vector<int32_t>& order = topology.topological_order;
  if (order.size() <= max_children) {
    ModuleTree tree;
    tree.derived = true;
    tree.group_of_node.assign(graph.nodes.size(), -1);
    return tree;
  }
  const std::vector<Span> blocks = findBlocks(graph, order, singleTensorCuts(graph, topology));
  return DerivedTreeBuilder(graph, topology, max_children).build(blocks);
}

} // namespace

std::string shortClassName(const std::string& qualified_class) {
  return qualified_class.substr(qualified_class.rfind('.') + 1);
}

ModuleTree buildModuleTree(const Graph& graph, const Topology& topology, size_t max_children) {
  for (const Node& node : graph.nodes) {
    if (!node.module_path.empty())
      return fromModulePaths(graph);
  }
  return fromStructure(graph, topology, max_children);
}

} // namespace irscope::ir
