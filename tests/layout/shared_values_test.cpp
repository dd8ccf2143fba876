// Which values become stubs and where the stubs go: planStubs on hand-made group chains.
#include "layout/shared_values.h"

#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

// Groups of a small decoder: 0 is `layers`, 1+i is layer i, 10+i its multihead_attn, 20+i its
// self_attn. Chains are innermost first.
std::vector<int> crossAttention(int layer) {
  return {10 + layer, 1 + layer, 0};
}
std::vector<int> selfAttention(int layer) {
  return {20 + layer, 1 + layer, 0};
}
std::vector<int> layerItself(int layer) {
  return {1 + layer, 0};
}

std::vector<std::vector<int>> memoryReads(int layers) {
  std::vector<std::vector<int>> chains;
  for (int layer = 0; layer < layers; ++layer) {
    chains.push_back(crossAttention(layer)); // k_proj
    chains.push_back(crossAttention(layer)); // v_proj
  }
  return chains;
}

TEST(PlanStubs, OneStubPerLayerInTheLayersCrossAttention) {
  const std::vector<StubSite> sites = planStubs(memoryReads(6), {});
  ASSERT_EQ(sites.size(), 6u);
  for (int layer = 0; layer < 6; ++layer) {
    EXPECT_EQ(sites[layer].group, 10 + layer);
    EXPECT_EQ(sites[layer].consumers, (std::vector<size_t>{static_cast<size_t>(2 * layer),
                                                           static_cast<size_t>(2 * layer + 1)}));
  }
}

TEST(PlanStubs, BelowTheThresholdTheValueKeepsItsEdges) {
  EXPECT_TRUE(planStubs(memoryReads(kStubMinGroups - 1), {}).empty());
  EXPECT_EQ(planStubs(memoryReads(kStubMinGroups), {}).size(), kStubMinGroups);
  // The threshold is the caller's to choose.
  EXPECT_TRUE(planStubs(memoryReads(6), {}, 7).empty());
  EXPECT_EQ(planStubs(memoryReads(3), {}, 2).size(), 3u);
}

TEST(PlanStubs, ReadsInsideOneLayerAreOneGroupNotMany) {
  // A layer's input read by q, k, v (in self_attn), the residual add and the cross-attention's
  // query: many frames, but all in one layer, so edges.
  const std::vector<std::vector<int>> chains = {
      selfAttention(2), selfAttention(2), selfAttention(2), layerItself(2), crossAttention(2)};
  EXPECT_TRUE(planStubs(chains, layerItself(1)).empty());
  // They part ways in layer 2, in three places: self_attn, the layer itself, multihead_attn.
  EXPECT_EQ(planStubs(chains, layerItself(1), 3).size(), 3u);
}

TEST(PlanStubs, TheProducersOwnLayerKeepsItsEdges) {
  // A mask made in layer 0 and read by layers 0 to 4: layer 0 reads it through an edge.
  std::vector<std::vector<int>> chains;
  for (int layer = 0; layer < 5; ++layer)
    chains.push_back(selfAttention(layer));
  const std::vector<StubSite> sites = planStubs(chains, layerItself(0));
  ASSERT_EQ(sites.size(), 4u);
  for (const StubSite& site : sites)
    EXPECT_NE(site.consumers, std::vector<size_t>{0});
  EXPECT_EQ(sites.front().group, 21);
  // With one layer fewer, three groups besides the producer's: edges.
  chains.pop_back();
  EXPECT_TRUE(planStubs(chains, layerItself(0)).empty());
}

TEST(PlanStubs, AStubSitsInTheDeepestGroupHoldingItsLayersReads) {
  // Layer 3 reads the value in both attentions: its stub goes in the layer, not in either.
  std::vector<std::vector<int>> chains = memoryReads(4);
  chains.push_back(selfAttention(3));
  const std::vector<StubSite> sites = planStubs(chains, {});
  ASSERT_EQ(sites.size(), 4u);
  EXPECT_EQ(sites[3].group, 4);
  EXPECT_EQ(sites[3].consumers, (std::vector<size_t>{6, 7, 8}));
}

TEST(PlanStubs, ConsumersBesideTheGroupsShareOneStub) {
  // Read by four layers and by two ops directly in `layers`: one more stub, in `layers`.
  std::vector<std::vector<int>> chains = memoryReads(4);
  chains.push_back({0});
  chains.push_back({0});
  const std::vector<StubSite> sites = planStubs(chains, {});
  ASSERT_EQ(sites.size(), 5u);
  EXPECT_EQ(sites[4].group, 0);
  EXPECT_EQ(sites[4].consumers, (std::vector<size_t>{8, 9}));
}

TEST(PlanStubs, AFlatGraphHasNoGroupsToStubInto) {
  const std::vector<std::vector<int>> chains(50, std::vector<int>{});
  EXPECT_TRUE(planStubs(chains, {}).empty());
}

TEST(PlanStubs, CollapsedLayersAreGroupsOfTheirOwn) {
  // Each layer drawn as one box: the chain starts at the layer.
  std::vector<std::vector<int>> chains;
  for (int layer = 0; layer < 5; ++layer)
    chains.push_back(layerItself(layer));
  const std::vector<StubSite> sites = planStubs(chains, {});
  ASSERT_EQ(sites.size(), 5u);
  for (int layer = 0; layer < 5; ++layer)
    EXPECT_EQ(sites[layer].group, 1 + layer); // the caller puts it beside the layer's box
}

} // namespace
} // namespace irscope::layout
