// Summary MACs of zoo models, worked out by hand from their definitions (tests/models), and
// resnet50 against torchvision's published figure.
#include "core/layer_summary.h"
#include "core/module_tree.h"
#include "core/topology.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

int64_t totalMacs(const testing::zoo::ZooModel& model) {
  const testing::TempDir directory;
  const Graph graph = testing::zoo::extractZooModel(model, directory.path()).graph;
  const Topology topology = buildTopology(graph);
  return summarizeLayers(graph, topology, buildModuleTree(graph, topology), false).macs;
}

TEST(ZooMacs, DeepResNet) {
  // Input 1x3x32x32; every conv is 3x3, padding 1, so outputs are 32x32x32 = 32,768 elements.
  // conv1: 32,768 x 3 x 9 = 884,736; six block convs: 32,768 x 32 x 9 = 9,437,184 each;
  // fc: 10 outputs x 32 = 320. Batch norm, relu, add and pooling count none.
  EXPECT_EQ(totalMacs(testing::zoo::deepResNet()), 884736 + 6 * 9437184 + 320);
}

TEST(ZooMacs, SelfAttention) {
  // Input 1x16x64. q, k, v and out projections: 16x64 outputs x 64 = 65,536 each. Scores
  // q k^T: 4 heads x 16 x 16 outputs x 16 (head width); weighted sum: the same again.
  EXPECT_EQ(totalMacs(testing::zoo::selfAttention()), 4 * 65536 + 2 * (4 * 16 * 16 * 16));
}

TEST(ZooMacs, ResNet18BuiltInCppMatchesTorchvisionsPublishedFigures) {
  const testing::TempDir directory;
  const Graph graph =
      testing::zoo::extractZooModel(testing::zoo::resnet18(), directory.path()).graph;
  const Topology topology = buildTopology(graph);
  const LayerSummary summary =
      summarizeLayers(graph, topology, buildModuleTree(graph, topology), false);
  // torchvision's model card for resnet18: 1.81 GFLOPS (multiply-adds), 11,689,512 parameters.
  EXPECT_NEAR(static_cast<double>(summary.macs) / 1e9, 1.81, 0.005);
  EXPECT_EQ(summary.trainable_parameters, 11689512);
}

TEST(ZooMacs, ResNet50MatchesTorchvisionsPublishedFigure) {
  // torchvision's model card for resnet50: 4.09 GFLOPS (multiply-adds) at 224x224.
  EXPECT_NEAR(static_cast<double>(totalMacs(testing::zoo::resnet50())) / 1e9, 4.09, 0.01);
}

} // namespace
} // namespace irscope::ir
