#include "core/consumer_groups.h"
#include "tests/support/test_models.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

std::string nameOf(const ModuleTree& modules, int group) {
  return group < 0 ? std::string("(top)") : modules.groups[group].name;
}

TEST(ConsumerGroups, ADecodersMemoryIsReadInEachLayerByTwoProjections) {
  const testing::TestModel model = testing::decoderModel(5);
  int memory = -1;
  for (size_t i = 0; i < model.graph.inputs.size(); ++i)
    if (model.graph.inputs[i].name == "memory")
      memory = static_cast<int>(i);
  ASSERT_GE(memory, 0);
  const std::vector<ConsumerGroup> groups =
      groupConsumers(model.modules, model.topology.input_consumers[memory]);
  ASSERT_EQ(groups.size(), 5u);
  for (size_t layer = 0; layer < groups.size(); ++layer) {
    EXPECT_EQ(nameOf(model.modules, groups[layer].group), "layers." + std::to_string(layer));
    ASSERT_EQ(groups[layer].nodes.size(), 2u);
    for (int32_t node : groups[layer].nodes) {
      const std::string& path = model.graph.nodes[node].module_path;
      EXPECT_EQ(path.rfind("layers." + std::to_string(layer) + ".multihead_attn.", 0), 0u) << path;
    }
  }
}

TEST(ConsumerGroups, ReadersInOneGroupAreThatGroupsAndEachNodeCountsOnce) {
  const testing::TestModel model = testing::decoderModel(2);
  // Two nodes directly in layers.1, one listed twice (it reads the value in two inputs).
  std::vector<int32_t> inside;
  for (size_t n = 0; n < model.graph.nodes.size() && inside.size() < 2; ++n)
    if (model.graph.nodes[n].module_path == "layers.1") // the residual adds and the relu
      inside.push_back(static_cast<int32_t>(n));
  ASSERT_EQ(inside.size(), 2u);
  const std::vector<ConsumerGroup> groups =
      groupConsumers(model.modules, {{inside[0], 0}, {inside[1], 0}, {inside[0], 1}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].nodes, inside);
  EXPECT_EQ(nameOf(model.modules, groups[0].group), "layers.1");
}

TEST(ConsumerGroups, NoReadersNoGroups) {
  const testing::TestModel model = testing::decoderModel(1);
  EXPECT_TRUE(groupConsumers(model.modules, {}).empty());
}

} // namespace
} // namespace irscope::ir
