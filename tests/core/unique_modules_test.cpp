// Which class a unique-modules instance gets: its own, from Graph::module_classes, when the IR
// records them; only an IR without them falls back to guessing from the children's names.
#include "core/module_tree.h"
#include "core/topology.h"
#include "core/unique_modules.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>
#include <string>

namespace irscope::ir {
namespace {

// features._0 (conv, relu as children _0 and _1, no op of its own) inside features, then a
// head linear: torchvision's Conv2dNormActivation in a Sequential, as a script names them.
Graph convNormActivationGraph() {
  testing::GraphBuilder b("Net");
  b.input("x", {1, 3, 8, 8});
  b.op("conv2d", "aten.conv2d.default", {"x"}, {1, 4, 8, 8});
  b.op("relu", "aten.relu.default", {"conv2d"}, {1, 4, 8, 8});
  b.op("flatten", "aten.flatten.using_ints", {"relu"}, {1, 256});
  b.output("flatten");
  Graph graph = b.build();
  graph.nodes[0].module_path = "features._0._0";
  graph.nodes[0].module_type = "Conv2d";
  graph.nodes[1].module_path = "features._0._1";
  graph.nodes[1].module_type = "ReLU";
  return graph;
}

const ModuleInstance& instanceAt(const UniqueModules& modules, const std::string& path) {
  for (const ModuleInstance& instance : modules.instances)
    if (instance.path == path)
      return instance;
  throw std::runtime_error("no instance " + path);
}

UniqueModules uniqueModulesOf(const Graph& graph) {
  const Topology topology = buildTopology(graph);
  return findUniqueModules(graph, topology, buildModuleTree(graph, topology));
}

TEST(UniqueModules, ASequentialSubclassIsKeyedByItsOwnClass) {
  Graph graph = convNormActivationGraph();
  graph.module_classes = {{"", "torchvision.models.mobilenetv3.MobileNetV3"},
                          {"features", "torch.nn.modules.container.Sequential"},
                          {"features._0", "torchvision.ops.misc.Conv2dNormActivation"},
                          {"features._0._0", "torch.nn.modules.conv.Conv2d"},
                          {"features._0._1", "torch.nn.modules.activation.ReLU"}};
  const UniqueModules modules = uniqueModulesOf(graph);
  EXPECT_EQ(modules.model_class, "MobileNetV3");
  EXPECT_EQ(modules.instances[0].class_name, "MobileNetV3");
  EXPECT_EQ(instanceAt(modules, "features").class_name, "Sequential");
  EXPECT_TRUE(instanceAt(modules, "features").container);
  const ModuleInstance& block = instanceAt(modules, "features._0");
  EXPECT_EQ(block.class_name, "Conv2dNormActivation");
  EXPECT_FALSE(block.container);
  EXPECT_EQ(uniquenessKey(block), "Conv2dNormActivation||1x3x8x8||1x4x8x8||{}");
}

TEST(UniqueModules, AModuleMissingFromModuleClassesIsAModuleNotAGuess) {
  Graph graph = convNormActivationGraph();
  graph.module_classes = {{"", "Net"}, {"features._0._0", "torch.nn.modules.conv.Conv2d"}};
  const UniqueModules modules = uniqueModulesOf(graph);
  EXPECT_EQ(instanceAt(modules, "features._0").class_name, "Module");
  EXPECT_EQ(instanceAt(modules, "features").class_name, "Module");
}

// An older IR file names only the classes of modules that run ops: one that runs none and holds
// only numbered children is taken for a Sequential, and the model's name for the root's class.
TEST(UniqueModules, WithoutModuleClassesNumberedChildrenMakeASequential) {
  const UniqueModules modules = uniqueModulesOf(convNormActivationGraph());
  EXPECT_EQ(modules.model_class, "Net");
  EXPECT_EQ(instanceAt(modules, "features._0").class_name, "Sequential");
  EXPECT_TRUE(instanceAt(modules, "features._0").container);
  EXPECT_EQ(instanceAt(modules, "features._0._1").class_name, "ReLU");
}

} // namespace
} // namespace irscope::ir
