// TorchScript extraction records the class of every module along each op's path, not only the
// innermost one, as graph.module_classes: path -> Python-style qualified class, the root as "".
#include "core/graph.h"
#include "core/module_calls.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <string>

namespace irscope::torchscript {
namespace {

namespace zoo = irscope::testing::zoo;

ir::Graph extracted(const zoo::ZooModel& model) {
  const irscope::testing::TempDir directory;
  return zoo::extractZooModel(model, directory.path()).graph;
}

std::string classAt(const ir::Graph& graph, const std::string& path) {
  const auto found = graph.module_classes.find(path);
  return found == graph.module_classes.end() ? "(none)" : found->second;
}

// mobileNetV3Slice (tests/models/model_zoo.cpp) names its classes as torch.jit.script does
// torchvision's: "__torch__.torchvision.ops.misc.Conv2dNormActivation", and from the second
// instance of a class on with a "___torch_mangle_N" before the class name.
TEST(ModuleClasses, EveryEnclosingModuleHasItsQualifiedClass) {
  const ir::Graph graph = extracted(zoo::mobileNetV3Slice());
  EXPECT_EQ(classAt(graph, ""), "torchvision.models.mobilenetv3.MobileNetV3");
  EXPECT_EQ(classAt(graph, "features"), "torch.nn.modules.container.Sequential");
  // A Sequential subclass that runs no op of its own, the first and a mangled later instance.
  EXPECT_EQ(classAt(graph, "features._0"), "torchvision.ops.misc.Conv2dNormActivation");
  EXPECT_EQ(classAt(graph, "features._5"), "torchvision.ops.misc.Conv2dNormActivation");
  // InvertedResidual without the residual add: no op of its own either.
  EXPECT_EQ(classAt(graph, "features._1"), "torchvision.models.mobilenetv3.InvertedResidual");
  EXPECT_EQ(classAt(graph, "features._1.block"), "torch.nn.modules.container.Sequential");
  EXPECT_EQ(classAt(graph, "features._1.block._1"), "torchvision.ops.misc.SqueezeExcitation");
  EXPECT_EQ(classAt(graph, "features._1.block._1.fc1"), "zoo.Conv2d");
  EXPECT_EQ(classAt(graph, "features._4.block._2._1"), "zoo.BatchNorm2d");
  EXPECT_EQ(classAt(graph, "classifier._1"), "zoo.Hardswish");
  // Root, and the 68 modules of the hand count in zoo_unique_modules_test.cpp.
  EXPECT_EQ(graph.module_classes.size(), 69u);
  for (const auto& [path, qualified] : graph.module_classes) {
    EXPECT_EQ(path.find("SELF"), std::string::npos) << path;
    EXPECT_EQ(qualified.find("__torch__"), std::string::npos) << qualified;
    EXPECT_EQ(qualified.find("mangle"), std::string::npos) << qualified;
  }
}

// SqueezeExcitation's forward calls its own _scale: TorchScript records that call as one of a
// module named "SELF", which is the same module, not a child.
TEST(ModuleClasses, AModuleCallingItsOwnMethodStaysOneModule) {
  const ir::Graph graph = extracted(zoo::mobileNetV3Slice());
  bool saw_fc1 = false;
  for (const ir::Node& node : graph.nodes) {
    EXPECT_EQ(node.module_path.find("SELF"), std::string::npos) << node.module_path;
    saw_fc1 = saw_fc1 || node.module_path == "features._1.block._1.fc1";
  }
  EXPECT_TRUE(saw_fc1);
}

// node.module_type stays the innermost module's short class, and every node's module and each
// module enclosing it has a class.
TEST(ModuleClasses, CoverEveryNodesPathAndAgreeWithItsModuleType) {
  for (const zoo::ZooModel& model : {zoo::mobileNetV3Slice(), zoo::resnet18(), zoo::denseBlock()}) {
    SCOPED_TRACE(model.name);
    const ir::Graph graph = extracted(model);
    ASSERT_FALSE(graph.module_classes.empty());
    for (const ir::Node& node : graph.nodes) {
      if (node.module_path.empty())
        continue;
      const std::string path = ir::withoutRunNumbers(node.module_path);
      const std::string qualified = classAt(graph, path);
      EXPECT_EQ(qualified.substr(qualified.rfind('.') + 1), node.module_type) << path;
      for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1))
        EXPECT_NE(classAt(graph, path.substr(0, dot)), "(none)") << path.substr(0, dot);
    }
  }
}

} // namespace
} // namespace irscope::torchscript
