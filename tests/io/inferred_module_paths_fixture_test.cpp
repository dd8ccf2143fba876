// torch_ir JSON names no modules: io::openModel infers them from the weights' names. Expected
// paths here were worked out by hand from each fixture's nodes and weight_name_mapping.
#include "core/module_tree.h"
#include "core/unique_modules.h"
#include "io/model_file.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <map>

namespace irscope::io {
namespace {

using testing::dataDir;

OpenedModel openFixture(const std::string& name) {
  return openModel(dataDir() / "torch_ir" / (name + ".json"));
}

std::map<std::string, std::string> pathByNode(const ir::Graph& graph) {
  std::map<std::string, std::string> paths;
  for (const ir::Node& node : graph.nodes)
    paths[node.name] = node.module_path;
  return paths;
}

const ir::ModuleGroup* groupNamed(const ir::ModuleTree& tree, const std::string& name) {
  for (const ir::ModuleGroup& group : tree.groups)
    if (group.name == name)
      return &group;
  return nullptr;
}

bool isInside(const std::string& path, const std::string& module) {
  return path == module || path.rfind(module + ".", 0) == 0;
}

// encoder24 is nn.TransformerEncoder(num_layers=24), post-norm, batch_first: 24 layers of 36 ops
// in file order, each from the input transpose its self_attn begins with to its norm2.
TEST(InferredModulePaths, Encoder24sLayersAreGroupsHoldingTheirOwnOps) {
  const OpenedModel model = openFixture("encoder24");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::InferredFromWeightNames);
  const ir::Graph& graph = model.graph;
  ASSERT_EQ(graph.nodes.size(), 864u);
  std::map<std::string, std::string> module_of_placeholder;
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    module_of_placeholder[placeholder] = key.substr(0, key.rfind('.'));
  size_t weighted = 0;
  std::vector<std::string> adds;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const ir::Node& node = graph.nodes[n];
    const std::string layer = "layers." + std::to_string(n / 36);
    EXPECT_TRUE(isInside(node.module_path, layer)) << node.name << " in " << node.module_path;
    for (const ir::Tensor& input : node.inputs) {
      if (const auto it = module_of_placeholder.find(input.name);
          it != module_of_placeholder.end()) {
        EXPECT_EQ(node.module_path, it->second) << node.name;
        EXPECT_TRUE(isInside(it->second, layer)) << node.name; // the file is in layer order
        ++weighted;
      }
    }
    if (node.op_type == "aten.add.Tensor")
      adds.push_back(node.module_path);
  }
  EXPECT_EQ(weighted, 24u * 12); // in_proj, out_proj, linear1, linear2, two norms: 2 each
  // Two residual adds per layer, each in the layer itself (not its attention or the list).
  ASSERT_EQ(adds.size(), 48u);
  for (size_t a = 0; a < adds.size(); ++a)
    EXPECT_EQ(adds[a], "layers." + std::to_string(a / 2)) << a;

  const ir::ModuleTree tree = ir::buildModuleTree(graph, model.topology);
  EXPECT_FALSE(tree.derived);
  ASSERT_EQ(tree.topLevel().size(), 1u);
  const ir::ModuleGroup& layers = tree.groups[static_cast<size_t>(tree.topLevel()[0])];
  EXPECT_EQ(layers.name, "layers");
  EXPECT_EQ(layers.total_nodes, 864u);
  EXPECT_TRUE(layers.nodes.empty()); // a ModuleList runs nothing itself
  ASSERT_EQ(layers.children.size(), 24u);
  for (int i = 0; i < 24; ++i) {
    const ir::ModuleGroup* layer = groupNamed(tree, "layers." + std::to_string(i));
    ASSERT_NE(layer, nullptr) << i;
    EXPECT_EQ(layer->label, std::to_string(i));
    EXPECT_EQ(layer->total_nodes, 36u);
    EXPECT_EQ(tree.groups[static_cast<size_t>(layer->parent)].name, "layers");
    EXPECT_TRUE(layer->type.empty()); // the class is not in a weight's name
  }
  // layers.1 does not swallow layers.10 ... layers.19.
  EXPECT_EQ(groupNamed(tree, "layers.1")->children.size(), 5u); // self_attn, norm1/2, linear1/2
}

// TransformerBlock: self_attn (q/k/v/out projections), norm1, ffn (linear1, gelu, linear2),
// norm2, with the two residual adds in the block's own forward.
TEST(InferredModulePaths, TransformerBlocksAttentionAndFeedForward) {
  const OpenedModel model = openFixture("TransformerBlock");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::InferredFromWeightNames);
  const auto paths = pathByNode(model.graph);
  EXPECT_EQ(paths.at("linear"), "self_attn.q_proj");
  EXPECT_EQ(paths.at("view"), "self_attn");
  EXPECT_EQ(paths.at("softmax"), "self_attn");
  EXPECT_EQ(paths.at("view_3"), "self_attn");
  EXPECT_EQ(paths.at("linear_3"), "self_attn.out_proj");
  EXPECT_EQ(paths.at("add"), "");
  EXPECT_EQ(paths.at("layer_norm"), "norm1");
  EXPECT_EQ(paths.at("gelu"), "ffn");
  EXPECT_EQ(paths.at("add_1"), "");
  EXPECT_EQ(paths.at("layer_norm_1"), "norm2");
  const ir::ModuleTree tree = ir::buildModuleTree(model.graph, model.topology);
  std::vector<std::string> top;
  for (const int g : tree.topLevel())
    top.push_back(tree.groups[static_cast<size_t>(g)].name);
  EXPECT_EQ(top, (std::vector<std::string>{"self_attn", "norm1", "ffn", "norm2"}));
  EXPECT_EQ(groupNamed(tree, "self_attn")->total_nodes, 18u);
}

// DeepResNet: conv1, bn1, three res_blocks, fc. A block's own relu is the block's; its residual
// add and relu come between res_block1.bn2 and res_block2.conv1, which only the root encloses
// (no numbered block says where res_block1 ends).
TEST(InferredModulePaths, DeepResNetsBlocks) {
  const OpenedModel model = openFixture("DeepResNet");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::InferredFromWeightNames);
  const auto paths = pathByNode(model.graph);
  EXPECT_EQ(paths.at("conv2d"), "conv1");
  EXPECT_EQ(paths.at("relu"), "");
  EXPECT_EQ(paths.at("conv2d_1"), "res_block1.conv1");
  EXPECT_EQ(paths.at("batch_norm_1"), "res_block1.bn1");
  EXPECT_EQ(paths.at("relu_1"), "res_block1");
  EXPECT_EQ(paths.at("add"), "");
  EXPECT_EQ(paths.at("relu_5"), "res_block3");
  EXPECT_EQ(paths.at("adaptive_avg_pool2d"), "");
  EXPECT_EQ(paths.at("linear"), "fc");
  const ir::ModuleTree tree = ir::buildModuleTree(model.graph, model.topology);
  EXPECT_EQ(tree.topLevel().size(), 6u); // conv1, bn1, res_block1..3, fc
  EXPECT_EQ(groupNamed(tree, "res_block2")->total_nodes, 5u);
}

// torchvision's resnet18: each BasicBlock in layerN is numbered, so its residual add and relu
// stay in it, downsample or not; the stem's relu and pool, and avgpool and flatten, are the
// model's, as in torchvision's ResNet.forward.
TEST(InferredModulePaths, ResNet18sBasicBlocksEndWithTheirAddAndRelu) {
  const OpenedModel model = openFixture("resnet18");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::InferredFromWeightNames);
  const auto paths = pathByNode(model.graph);
  EXPECT_EQ(paths.at("relu_"), "");
  EXPECT_EQ(paths.at("max_pool2d"), "");
  EXPECT_EQ(paths.at("relu__1"), "layer1.0");
  EXPECT_EQ(paths.at("add_"), "layer1.0");
  EXPECT_EQ(paths.at("relu__2"), "layer1.0");
  EXPECT_EQ(paths.at("add__1"), "layer1.1"); // before layer2.0: still layer1.1's
  EXPECT_EQ(paths.at("relu__4"), "layer1.1");
  EXPECT_EQ(paths.at("conv2d_7"), "layer2.0.downsample.0");
  EXPECT_EQ(paths.at("add__2"), "layer2.0"); // after the downsample: the block's
  EXPECT_EQ(paths.at("relu__16"), "layer4.1");
  EXPECT_EQ(paths.at("adaptive_avg_pool2d"), "");
  EXPECT_EQ(paths.at("flatten"), "");
  EXPECT_EQ(paths.at("linear"), "fc");
  const ir::ModuleTree tree = ir::buildModuleTree(model.graph, model.topology);
  EXPECT_EQ(groupNamed(tree, "layer1.0")->total_nodes, 7u);
  EXPECT_EQ(groupNamed(tree, "layer2.0")->total_nodes, 9u);
}

// Inferred modules have no class, so two that take and give the same shapes (self_attn and
// ffn both map 1x16x64 to 1x16x64) are told apart by the ops they run, not taken for copies.
TEST(InferredModulePaths, UniqueModulesOfUnknownClassAreToldApartByTheirOps) {
  const OpenedModel model = openFixture("TransformerBlock");
  const ir::ModuleTree tree = ir::buildModuleTree(model.graph, model.topology);
  const ir::UniqueModules modules = ir::findUniqueModules(model.graph, model.topology, tree);
  std::map<std::string, size_t> unique_of;
  for (size_t u = 0; u < modules.modules.size(); ++u)
    for (const std::string& path : modules.modules[u].occurrences)
      unique_of[path] = u;
  ASSERT_EQ(unique_of.size(), 11u); // the root, self_attn and its 4, norm1, ffn and its 2, norm2
  EXPECT_NE(unique_of.at("self_attn"), unique_of.at("ffn"));
  // The 64 -> 64 projections are copies; so are the two norms.
  EXPECT_EQ(unique_of.at("self_attn.q_proj"), unique_of.at("self_attn.out_proj"));
  EXPECT_EQ(unique_of.at("norm1"), unique_of.at("norm2"));
  EXPECT_NE(unique_of.at("ffn.linear1"), unique_of.at("ffn.linear2")); // 64 -> 256 -> 64
}

TEST(InferredModulePaths, AGraphWithoutWeightsOpensWithNone) {
  irscope::testing::GraphBuilder b;
  const std::string x = b.input("x", {1, 8});
  b.op("relu", "aten.relu.default", {x}, {1, 8});
  const OpenedModel model = checkModel(b.build(), "none.json");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::None);
  EXPECT_TRUE(model.graph.nodes[0].module_path.empty());
}

TEST(InferredModulePaths, AGraphWithModulePathsOpensUntouched) {
  ir::Graph graph = irscope::testing::makeTransformerLikeGraph(100, true);
  const ir::Graph before = graph;
  const OpenedModel model = checkModel(std::move(graph), "paths.json");
  EXPECT_EQ(model.module_paths, ir::ModulePathSource::FromFile);
  EXPECT_EQ(model.graph, before);
}

} // namespace
} // namespace irscope::io
