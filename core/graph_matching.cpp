#include "core/graph_matching.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace irscope::ir {
namespace {

// Fan-out beyond this is not searched for candidates: a value read by hundreds of nodes (a mask,
// a position table) says little about which of them is which, and searching it all would make
// matching quadratic.
constexpr size_t kMaxCandidatesPerSource = 64;
constexpr int kMaxStructureRounds = 16;

// Evidence weights. A candidate needs at least one agreeing neighbour and this minimum score.
constexpr int kAgreeing = 3;
constexpr int kDisagreeing = -3;
constexpr int kMinimumScore = 3;

// Whether two values are known to be the same (+1), known to differ (-1) or not yet known (0).
enum class Agreement { Differ = -1, Unknown = 0, Agree = 1 };

class Matcher {
public:
  Matcher(const Graph& a, const Topology& ta, const Graph& b, const Topology& tb)
      : a_(a), b_(b), ta_(ta), tb_(tb) {
    result_.partner_in_b.assign(a.nodes.size(), -1);
    result_.partner_in_a.assign(b.nodes.size(), -1);
    result_.evidence.assign(a.nodes.size(), MatchEvidence::Structure);
    result_.input_partner_in_b.assign(a.inputs.size(), -1);
    order_a_ = executionOrder(a, ta);
    kind_a_ = kinds(a);
    kind_b_ = kinds(b);
    graph_outputs_of_a_ = graphOutputsByNode(a, ta);
    graph_outputs_of_b_ = graphOutputsByNode(b, tb);
    seen_.assign(b.nodes.size(), -1);
  }

  GraphMatching run() {
    pairInputs();
    pairByName();
    pairByWeights();
    for (int round = 0; round < kMaxStructureRounds; ++round) {
      const size_t before = result_.pairs;
      structurePass(/*forward=*/true);
      structurePass(/*forward=*/false);
      if (result_.pairs == before)
        break;
    }
    pairLeftoversByName();
    return std::move(result_);
  }

private:
  static std::vector<int32_t> executionOrder(const Graph& graph, const Topology& topology) {
    std::vector<int32_t> order = topology.topological_order;
    if (order.size() != graph.nodes.size()) { // a cycle: the rest in file order
      std::vector<bool> placed(graph.nodes.size(), false);
      for (int32_t node : order)
        placed[static_cast<size_t>(node)] = true;
      for (size_t node = 0; node < graph.nodes.size(); ++node)
        if (!placed[node])
          order.push_back(static_cast<int32_t>(node));
    }
    return order;
  }

  // Op kinds as small integers shared by both graphs, so that comparing them is cheap.
  std::vector<int32_t> kinds(const Graph& graph) {
    std::vector<int32_t> ids;
    ids.reserve(graph.nodes.size());
    for (const Node& node : graph.nodes) {
      auto [it, inserted] =
          kind_ids_.emplace(opKind(node.op_type), static_cast<int32_t>(kind_ids_.size()));
      ids.push_back(it->second);
    }
    return ids;
  }

  // [node] -> (output, graph output index) for every graph output the node produces.
  static std::vector<std::vector<std::pair<int32_t, int32_t>>>
  graphOutputsByNode(const Graph& graph, const Topology& topology) {
    std::vector<std::vector<std::pair<int32_t, int32_t>>> by_node(graph.nodes.size());
    for (size_t k = 0; k < topology.graph_outputs.size(); ++k) {
      const ValueRef& ref = topology.graph_outputs[k];
      if (ref.kind == ValueKind::NodeOutput)
        by_node[static_cast<size_t>(ref.index)].emplace_back(ref.output, static_cast<int32_t>(k));
    }
    return by_node;
  }

  void pair(int32_t a, int32_t b, MatchEvidence evidence) {
    result_.partner_in_b[static_cast<size_t>(a)] = b;
    result_.partner_in_a[static_cast<size_t>(b)] = a;
    result_.evidence[static_cast<size_t>(a)] = evidence;
    ++result_.pairs;
  }
  int32_t partnerOf(int32_t a) const { return result_.partner_in_b[static_cast<size_t>(a)]; }
  bool pairedB(int32_t b) const { return result_.partner_in_a[static_cast<size_t>(b)] >= 0; }

  // Graph inputs by name, then the rest by position among the unpaired.
  void pairInputs() {
    std::vector<bool> taken(b_.inputs.size(), false);
    for (size_t i = 0; i < a_.inputs.size(); ++i) {
      auto it = tb_.input_by_name.find(a_.inputs[i].name);
      if (it != tb_.input_by_name.end() && !taken[static_cast<size_t>(it->second)]) {
        result_.input_partner_in_b[i] = it->second;
        taken[static_cast<size_t>(it->second)] = true;
      }
    }
    size_t next = 0;
    for (size_t i = 0; i < a_.inputs.size(); ++i) {
      if (result_.input_partner_in_b[i] >= 0)
        continue;
      while (next < taken.size() && taken[next])
        ++next;
      if (next == taken.size())
        break;
      result_.input_partner_in_b[i] = static_cast<int32_t>(next);
      taken[next] = true;
    }
  }

  Agreement agreement(const ValueRef& va, const ValueRef& vb) const {
    if (!va.resolved() || !vb.resolved())
      return Agreement::Unknown;
    if (va.kind != vb.kind)
      return Agreement::Differ;
    switch (va.kind) {
    case ValueKind::NodeOutput: {
      const int32_t partner = partnerOf(va.index);
      if (partner == vb.index)
        return va.output == vb.output ? Agreement::Agree : Agreement::Differ;
      // A producer not yet paired on either side may still turn out to be the same.
      if (partner < 0 && !pairedB(vb.index))
        return Agreement::Unknown;
      // One side paired elsewhere, the other not: an op inserted or removed in between.
      if (partner < 0 || !pairedB(vb.index))
        return Agreement::Unknown;
      return Agreement::Differ;
    }
    case ValueKind::GraphInput:
      return result_.input_partner_in_b[static_cast<size_t>(va.index)] == vb.index
                 ? Agreement::Agree
                 : Agreement::Differ;
    case ValueKind::Weight:
      return a_.weights[static_cast<size_t>(va.index)].name ==
                     b_.weights[static_cast<size_t>(vb.index)].name
                 ? Agreement::Agree
                 : Agreement::Differ;
    case ValueKind::Constant: {
      const Constant& ca = a_.constants[static_cast<size_t>(va.index)];
      const Constant& cb = b_.constants[static_cast<size_t>(vb.index)];
      return ca.name == cb.name || ca.data == cb.data ? Agreement::Agree : Agreement::Unknown;
    }
    case ValueKind::Unresolved:
      break;
    }
    return Agreement::Unknown;
  }

  // 1. Same name and op, every input from an agreeing source, consumers of the same names.
  void pairByName() {
    for (int32_t a : order_a_) {
      const Node& node_a = a_.nodes[static_cast<size_t>(a)];
      auto it = tb_.node_by_name.find(node_a.name);
      if (it == tb_.node_by_name.end() || pairedB(it->second))
        continue;
      const int32_t b = it->second;
      const Node& node_b = b_.nodes[static_cast<size_t>(b)];
      if (node_a.op_type != node_b.op_type || node_a.inputs.size() != node_b.inputs.size() ||
          node_a.outputs.size() != node_b.outputs.size())
        continue;
      if (inputsAgree(a, b) && consumersCarrySameNames(a, b))
        pair(a, b, MatchEvidence::Name);
    }
  }

  bool inputsAgree(int32_t a, int32_t b) const {
    const auto& inputs_a = ta_.node_inputs[static_cast<size_t>(a)];
    const auto& inputs_b = tb_.node_inputs[static_cast<size_t>(b)];
    for (size_t i = 0; i < inputs_a.size(); ++i) {
      if (!inputs_a[i].resolved() && !inputs_b[i].resolved())
        continue;
      if (agreement(inputs_a[i], inputs_b[i]) != Agreement::Agree)
        return false;
    }
    return true;
  }

  bool consumersCarrySameNames(int32_t a, int32_t b) const {
    const auto& outputs_a = ta_.output_consumers[static_cast<size_t>(a)];
    const auto& outputs_b = tb_.output_consumers[static_cast<size_t>(b)];
    for (size_t o = 0; o < outputs_a.size(); ++o) {
      if (outputs_a[o].size() != outputs_b[o].size())
        return false;
      for (const Use& use : outputs_a[o]) {
        auto it = tb_.node_by_name.find(a_.nodes[static_cast<size_t>(use.node)].name);
        if (it == tb_.node_by_name.end())
          return false;
        const auto& inputs = tb_.node_inputs[static_cast<size_t>(it->second)];
        if (static_cast<size_t>(use.input) >= inputs.size() ||
            !(inputs[static_cast<size_t>(use.input)] ==
              ValueRef::nodeOutput(b, static_cast<int32_t>(o))))
          return false;
      }
    }
    return true;
  }

  // 2. Op kind and the state_dict names of the weights read, slot by slot. Several nodes with
  // one key (a tied weight read twice) pair in execution order when both sides have as many.
  std::string weightKey(const Graph& graph, const Topology& topology,
                        const std::vector<int32_t>& kinds, int32_t node) const {
    std::string key;
    for (size_t i = 0; i < topology.node_inputs[static_cast<size_t>(node)].size(); ++i) {
      const ValueRef& ref = topology.node_inputs[static_cast<size_t>(node)][i];
      if (ref.kind == ValueKind::Weight)
        key += std::to_string(i) + '=' + graph.weights[static_cast<size_t>(ref.index)].name + ';';
    }
    if (key.empty())
      return key;
    return std::to_string(kinds[static_cast<size_t>(node)]) + '|' + key;
  }

  void pairByWeights() {
    std::unordered_map<std::string, std::pair<std::vector<int32_t>, std::vector<int32_t>>> groups;
    for (int32_t a : order_a_) {
      if (partnerOf(a) >= 0)
        continue;
      std::string key = weightKey(a_, ta_, kind_a_, a);
      if (!key.empty())
        groups[key].first.push_back(a);
    }
    if (groups.empty())
      return;
    for (int32_t b : executionOrder(b_, tb_)) {
      if (pairedB(b))
        continue;
      auto it = groups.find(weightKey(b_, tb_, kind_b_, b));
      if (it != groups.end())
        it->second.second.push_back(b);
    }
    for (int32_t a : order_a_) { // in A's order, so that the result does not hang on hashing
      if (partnerOf(a) >= 0)
        continue;
      auto it = groups.find(weightKey(a_, ta_, kind_a_, a));
      if (it == groups.end())
        continue;
      auto& [nodes_a, nodes_b] = it->second;
      if (nodes_a.size() == nodes_b.size())
        for (size_t i = 0; i < nodes_a.size(); ++i)
          pair(nodes_a[i], nodes_b[i], MatchEvidence::Weights);
      groups.erase(it);
    }
  }

  // 3. One walk over A's unpaired nodes, forward in execution order or backward.
  void structurePass(bool forward) {
    auto visit = [&](int32_t a) {
      if (partnerOf(a) >= 0)
        return;
      candidates_.clear();
      if (forward)
        forwardCandidates(a);
      else
        backwardCandidates(a);
      if (auto it = tb_.node_by_name.find(a_.nodes[static_cast<size_t>(a)].name);
          it != tb_.node_by_name.end())
        addCandidate(a, it->second);
      int32_t best = -1;
      int best_score = 0;
      for (int32_t b : candidates_) {
        const int s = score(a, b);
        if (s >= kMinimumScore && s > best_score) {
          best = b;
          best_score = s;
        }
      }
      if (best >= 0)
        pair(a, best, MatchEvidence::Structure);
    };
    if (forward)
      std::for_each(order_a_.begin(), order_a_.end(), visit);
    else
      std::for_each(order_a_.rbegin(), order_a_.rend(), visit);
  }

  void addCandidate(int32_t a, int32_t b) {
    if (b < 0 || pairedB(b) || seen_[static_cast<size_t>(b)] == a ||
        kind_b_[static_cast<size_t>(b)] != kind_a_[static_cast<size_t>(a)])
      return;
    seen_[static_cast<size_t>(b)] = a;
    candidates_.push_back(b);
  }

  void addConsumers(int32_t a, const std::vector<Use>& uses) {
    const size_t n = std::min(uses.size(), kMaxCandidatesPerSource);
    for (size_t i = 0; i < n; ++i)
      addCandidate(a, uses[i].node);
  }

  void forwardCandidates(int32_t a) {
    for (const ValueRef& ref : ta_.node_inputs[static_cast<size_t>(a)]) {
      switch (ref.kind) {
      case ValueKind::NodeOutput:
        if (const int32_t partner = partnerOf(ref.index); partner >= 0) {
          const auto& outputs = tb_.output_consumers[static_cast<size_t>(partner)];
          if (static_cast<size_t>(ref.output) < outputs.size())
            addConsumers(a, outputs[static_cast<size_t>(ref.output)]);
        }
        break;
      case ValueKind::GraphInput:
        if (const int32_t partner = result_.input_partner_in_b[static_cast<size_t>(ref.index)];
            partner >= 0)
          addConsumers(a, tb_.input_consumers[static_cast<size_t>(partner)]);
        break;
      case ValueKind::Weight:
        if (auto it = tb_.weight_by_name.find(a_.weights[static_cast<size_t>(ref.index)].name);
            it != tb_.weight_by_name.end())
          addConsumers(a, tb_.weight_consumers[static_cast<size_t>(it->second)]);
        break;
      default:
        break;
      }
    }
  }

  void backwardCandidates(int32_t a) {
    const auto& outputs = ta_.output_consumers[static_cast<size_t>(a)];
    size_t looked = 0;
    for (size_t o = 0; o < outputs.size(); ++o) {
      for (const Use& use : outputs[o]) {
        if (++looked > kMaxCandidatesPerSource)
          return;
        const int32_t partner = partnerOf(use.node);
        if (partner < 0)
          continue;
        const auto& inputs = tb_.node_inputs[static_cast<size_t>(partner)];
        if (static_cast<size_t>(use.input) < inputs.size() &&
            inputs[static_cast<size_t>(use.input)].kind == ValueKind::NodeOutput)
          addCandidate(a, inputs[static_cast<size_t>(use.input)].index);
      }
    }
    for (const auto& [output, k] : graph_outputs_of_a_[static_cast<size_t>(a)]) {
      if (static_cast<size_t>(k) < tb_.graph_outputs.size() &&
          tb_.graph_outputs[static_cast<size_t>(k)].kind == ValueKind::NodeOutput)
        addCandidate(a, tb_.graph_outputs[static_cast<size_t>(k)].index);
    }
  }

  // How much speaks for a and b being one node; `evidence` must include an agreeing neighbour.
  int score(int32_t a, int32_t b) const {
    const Node& node_a = a_.nodes[static_cast<size_t>(a)];
    const Node& node_b = b_.nodes[static_cast<size_t>(b)];
    int total = 0;
    int neighbours = 0;
    const auto& inputs_a = ta_.node_inputs[static_cast<size_t>(a)];
    const auto& inputs_b = tb_.node_inputs[static_cast<size_t>(b)];
    for (size_t i = 0; i < std::min(inputs_a.size(), inputs_b.size()); ++i) {
      const Agreement agrees = agreement(inputs_a[i], inputs_b[i]);
      if (agrees == Agreement::Agree) {
        total += kAgreeing;
        ++neighbours;
      } else if (agrees == Agreement::Differ) {
        total += kDisagreeing;
      }
    }
    const auto& consumers_a = ta_.output_consumers[static_cast<size_t>(a)];
    size_t looked = 0;
    for (size_t o = 0; o < consumers_a.size() && looked < kMaxCandidatesPerSource; ++o) {
      for (const Use& use : consumers_a[o]) {
        if (++looked > kMaxCandidatesPerSource)
          break;
        const int32_t partner = partnerOf(use.node);
        if (partner < 0)
          continue;
        const auto& inputs = tb_.node_inputs[static_cast<size_t>(partner)];
        if (static_cast<size_t>(use.input) >= inputs.size())
          continue;
        const ValueRef& fed = inputs[static_cast<size_t>(use.input)];
        if (fed == ValueRef::nodeOutput(b, static_cast<int32_t>(o))) {
          total += kAgreeing;
          ++neighbours;
        } else if (fed.kind == ValueKind::NodeOutput && pairedB(fed.index)) {
          total += kDisagreeing;
        }
      }
    }
    for (const auto& [output, k] : graph_outputs_of_a_[static_cast<size_t>(a)]) {
      for (const auto& [output_b, k_b] : graph_outputs_of_b_[static_cast<size_t>(b)]) {
        if (k == k_b && output == output_b) {
          total += kAgreeing;
          ++neighbours;
        }
      }
    }
    if (neighbours == 0)
      return 0;
    if (!node_a.module_path.empty() && !node_b.module_path.empty())
      total += node_a.module_path == node_b.module_path ? 2 : -2;
    if (node_a.op_type == node_b.op_type)
      ++total;
    if (node_a.attrs == node_b.attrs)
      ++total;
    if (node_a.name == node_b.name)
      ++total;
    if (node_a.outputs.size() == node_b.outputs.size()) {
      bool shapes = true;
      for (size_t o = 0; o < node_a.outputs.size(); ++o)
        shapes = shapes && node_a.outputs[o].shape == node_b.outputs[o].shape;
      if (shapes)
        ++total;
    }
    return total;
  }

  // 4. Whatever the structure could not place, paired when name and op agree.
  void pairLeftoversByName() {
    for (int32_t a : order_a_) {
      if (partnerOf(a) >= 0)
        continue;
      const Node& node_a = a_.nodes[static_cast<size_t>(a)];
      auto it = tb_.node_by_name.find(node_a.name);
      if (it != tb_.node_by_name.end() && !pairedB(it->second) &&
          b_.nodes[static_cast<size_t>(it->second)].op_type == node_a.op_type)
        pair(a, it->second, MatchEvidence::NameOnly);
    }
  }

  const Graph& a_;
  const Graph& b_;
  const Topology& ta_;
  const Topology& tb_;
  GraphMatching result_;
  std::vector<int32_t> order_a_;
  std::unordered_map<std::string, int32_t> kind_ids_;
  std::vector<int32_t> kind_a_, kind_b_;
  std::vector<std::vector<std::pair<int32_t, int32_t>>> graph_outputs_of_a_, graph_outputs_of_b_;
  std::vector<int32_t> seen_; // [node of B] -> the A node it was last a candidate for
  std::vector<int32_t> candidates_;
};

} // namespace

const char* matchEvidenceName(MatchEvidence evidence) {
  switch (evidence) {
  case MatchEvidence::Name:
    return "name";
  case MatchEvidence::Weights:
    return "weights";
  case MatchEvidence::Structure:
    return "structure";
  case MatchEvidence::NameOnly:
    return "name_only";
  }
  return "structure";
}

std::string opKind(const std::string& op_type) {
  if (op_type.rfind("aten.", 0) != 0)
    return op_type;
  const size_t last = op_type.rfind('.');
  return last > 4 ? op_type.substr(0, last) : op_type;
}

GraphMatching matchGraphs(const Graph& a, const Topology& topology_a, const Graph& b,
                          const Topology& topology_b) {
  return Matcher(a, topology_a, b, topology_b).run();
}

} // namespace irscope::ir
