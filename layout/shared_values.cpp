#include "layout/shared_values.h"

#include "core/common_prefix.h"

#include <algorithm>
#include <map>

namespace irscope::layout {

namespace {

// Outermost first: the path from the top level down.
std::vector<int> pathOf(const std::vector<int>& chain) {
  return std::vector<int>(chain.rbegin(), chain.rend());
}

} // namespace

std::vector<StubSite> planStubs(const std::vector<std::vector<int>>& consumer_chains,
                                const std::vector<int>& producer_chain, size_t min_groups) {
  if (consumer_chains.size() < min_groups || min_groups == 0)
    return {};
  std::vector<std::vector<int>> paths;
  paths.reserve(consumer_chains.size());
  for (const auto& chain : consumer_chains)
    paths.push_back(pathOf(chain));

  // The deepest group holding every consumer: the length of the paths' common prefix.
  const size_t common = ir::commonPrefixLength(paths);
  const int meeting = common == 0 ? -1 : paths.front()[common - 1];

  // The branch each consumer is in: the child of the meeting group on its way down, or -1 when
  // it sits in the meeting group itself. The producer's branch, if it is in one, keeps edges.
  constexpr int kDirect = -1;
  auto branchOf = [&](const std::vector<int>& path) {
    return path.size() > common ? path[common] : kDirect;
  };
  const std::vector<int> producer_path = pathOf(producer_chain);
  const bool producer_below =
      producer_path.size() > common &&
      std::equal(paths.front().begin(), paths.front().begin() + common, producer_path.begin());
  const int producer_branch = producer_below ? producer_path[common] : -2; // -2: none

  std::map<int, std::vector<size_t>> by_branch;
  std::vector<int> order; // branches in order of first consumer, for stable output
  for (size_t c = 0; c < paths.size(); ++c) {
    const int branch = branchOf(paths[c]);
    if (branch == producer_branch)
      continue;
    auto [it, inserted] = by_branch.emplace(branch, std::vector<size_t>{});
    if (inserted)
      order.push_back(branch);
    it->second.push_back(c);
  }
  if (by_branch.size() < min_groups)
    return {};

  std::vector<StubSite> sites;
  sites.reserve(order.size());
  for (int branch : order) {
    StubSite site;
    site.consumers = by_branch[branch];
    if (branch == kDirect) {
      site.group = meeting;
    } else {
      // The deepest group, within the branch, that holds all of its consumers: one stub per
      // layer sits in the layer's cross-attention when that is where the layer reads it.
      size_t depth = paths[site.consumers.front()].size();
      for (size_t c : site.consumers) {
        const auto& path = paths[c];
        size_t same = common + 1;
        const auto& first = paths[site.consumers.front()];
        while (same < depth && same < path.size() && path[same] == first[same])
          ++same;
        depth = same;
      }
      site.group = paths[site.consumers.front()][depth - 1];
    }
    sites.push_back(std::move(site));
  }
  return sites;
}

} // namespace irscope::layout
