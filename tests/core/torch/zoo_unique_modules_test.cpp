// Unique modules (reference_formats.md §2.1) of every zoo model and of resnet50, counted by hand
// from their definitions (tests/models/model_zoo.cpp). What an instance is here:
// - every module path that an op records (its innermost module call), plus every ancestor of
//   such a path, plus the root "full_model"; a module that runs no op does not appear;
// - a parent's own ops (a residual `out + x`, a cat, attention's reshapes) belong to the parent;
//   the root's own ops belong to no instance but the root;
// - a module called several times (a block's ReLU, RecurrentUnroll's cell, the Siamese encoder)
//   is one instance that keeps its last call's shapes.
// Two instances are one unique module when class, sorted input shapes, sorted output shapes and
// parameters (a leaf's single op: conv, linear, batch/layer norm, pooling) are all equal.
//
// Classes are each module's own, as extraction records them for every module on an op's path
// (graph.module_classes); the zoo's classes are "zoo.Linear", "zoo.Sequential" and so on, and
// the root's is the model's class, which for resnet50 is "ResNet", not the model's name.
// Sequential, ModuleList and ModuleDict are containers, by class name as the reference decides.
// The zoo's nn.Sequential stand-in names its children _0, _1, ... (TorchScript cannot write
// `self.0`).
#include "core/module_tree.h"
#include "core/topology.h"
#include "core/unique_modules.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace irscope::ir {
namespace {

namespace zoo = irscope::testing::zoo;
using Paths = std::vector<std::string>;

UniqueModules uniqueModulesOf(const zoo::ZooModel& model) {
  const irscope::testing::TempDir directory;
  const Graph graph = zoo::extractZooModel(model, directory.path()).graph;
  const Topology topo = buildTopology(graph);
  const ModuleTree tree = buildModuleTree(graph, topo);
  return findUniqueModules(graph, topo, tree);
}

Paths instancePaths(const UniqueModules& modules) {
  Paths paths;
  for (const ModuleInstance& instance : modules.instances)
    paths.push_back(instance.path);
  return paths;
}

Paths ids(const UniqueModules& modules) {
  Paths result;
  for (const UniqueModule& module : modules.modules)
    result.push_back(module.id);
  return result;
}

const ModuleInstance* instanceAt(const UniqueModules& modules, const std::string& path) {
  for (const ModuleInstance& instance : modules.instances)
    if (instance.path == path)
      return &instance;
  return nullptr;
}

// What every model shares: the root first, alone in its unique module.
const UniqueModule& uniqueWith(const UniqueModules& modules, const std::string& path) {
  for (const UniqueModule& module : modules.modules)
    for (const std::string& occurrence : module.occurrences)
      if (occurrence == path)
        return module;
  throw std::runtime_error("no unique module holds " + path);
}

// The root's class is the model's type(model).__name__.
void expectRoot(const UniqueModules& modules, const std::string& root_class) {
  ASSERT_FALSE(modules.instances.empty());
  ASSERT_FALSE(modules.modules.empty());
  EXPECT_EQ(modules.model_class, root_class);
  EXPECT_EQ(modules.instances[0].path, "full_model");
  EXPECT_EQ(modules.instances[0].parent, "");
  EXPECT_EQ(modules.instances[0].class_name, root_class);
  EXPECT_EQ(modules.modules[0].id, "mod_000_full_model");
  EXPECT_EQ(modules.modules[0].occurrences, Paths{"full_model"});
}

TEST(ZooUniqueModules, SelfAttention) {
  const zoo::ZooModel model = zoo::selfAttention();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The reshapes, matmuls and softmax are the root's own ops; its four Linear children each run
  // one linear: root, q_proj, k_proj, v_proj, out_proj = 5.
  EXPECT_EQ(modules.instances.size(), 5u);
  EXPECT_EQ(instancePaths(modules),
            (Paths{"full_model", "q_proj", "k_proj", "v_proj", "out_proj"}));
  // All four projections are Linear 64 -> 64 on 1x16x64 in and out (out_proj reads the merged
  // heads, viewed back to 1x16x64): root + one Linear = 2.
  ASSERT_EQ(modules.modules.size(), 2u);
  EXPECT_EQ(modules.modules[1].id, "mod_001_q_proj");
  EXPECT_EQ(modules.modules[1].occurrences, (Paths{"q_proj", "k_proj", "v_proj", "out_proj"}));
}

TEST(ZooUniqueModules, CrossAttention) {
  const zoo::ZooModel model = zoo::crossAttention();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // As SelfAttention: root, q_proj, k_proj, v_proj, out_proj = 5.
  EXPECT_EQ(modules.instances.size(), 5u);
  // q_proj (query 1x16x64) and out_proj (1x16x64) share a key; k_proj and v_proj both read the
  // 1x32x64 context: root + Linear on 16 tokens + Linear on 32 tokens = 3.
  ASSERT_EQ(modules.modules.size(), 3u);
  EXPECT_EQ(ids(modules), (Paths{"mod_000_full_model", "mod_001_q_proj", "mod_002_k_proj"}));
  EXPECT_EQ(modules.modules[1].occurrences, (Paths{"q_proj", "out_proj"}));
  EXPECT_EQ(modules.modules[2].occurrences, (Paths{"k_proj", "v_proj"}));
}

TEST(ZooUniqueModules, TransformerBlock) {
  const zoo::ZooModel model = zoo::transformerBlock();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The two residual adds are the root's own. Root, self_attn (its reshapes are its own ops),
  // its q/k/v/out projections (4), norm1, ffn (runs the gelu), ffn.linear1, ffn.linear2, norm2:
  // 1 + 1 + 4 + 1 + 1 + 2 + 1 = 11.
  EXPECT_EQ(modules.instances.size(), 11u);
  // Unique: root; SelfAttention; one Linear 64 -> 64 for the four projections; one LayerNorm(64)
  // on 1x16x64 for norm1 and norm2; FeedForward; linear1 (64 -> 256); linear2 (256 -> 64) = 7.
  ASSERT_EQ(modules.modules.size(), 7u);
  EXPECT_EQ(ids(modules),
            (Paths{"mod_000_full_model", "mod_001_self_attn", "mod_002_q_proj", "mod_003_norm1",
                   "mod_004_ffn", "mod_005_linear1", "mod_006_linear2"}));
  EXPECT_EQ(modules.modules[2].occurrences, (Paths{"self_attn.q_proj", "self_attn.k_proj",
                                                   "self_attn.v_proj", "self_attn.out_proj"}));
  EXPECT_EQ(modules.modules[3].occurrences, (Paths{"norm1", "norm2"}));
  const ModuleInstance* attention = instanceAt(modules, "self_attn");
  ASSERT_NE(attention, nullptr);
  EXPECT_EQ(attention->class_name, "SelfAttention");
}

TEST(ZooUniqueModules, SiameseEncoder) {
  const zoo::ZooModel model = zoo::siameseEncoder();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The encoder runs on x1 and then on x2: one instance each for it and its children. Root,
  // encoder, _0 .. _10 (conv, relu, pool, conv, relu, pool, conv, relu, avgpool, flatten,
  // linear) = 1 + 1 + 11 = 13.
  EXPECT_EQ(modules.instances.size(), 13u);
  // Nothing repeats within one call: the three convs, relus and two pools all differ in
  // channels or size. 13 unique.
  ASSERT_EQ(modules.modules.size(), 13u);
  EXPECT_EQ(modules.modules[1].id, "mod_001_encoder");
  EXPECT_EQ(modules.modules[2].id, "mod_002__0");
  EXPECT_EQ(modules.modules[12].id, "mod_012__10");
  // Called twice, kept once: both calls of the first conv are groups of the one instance.
  EXPECT_EQ(modules.modules[2].occurrences, Paths{"encoder._0"});
  const ModuleInstance* conv = instanceAt(modules, "encoder._0");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->groups.size(), 2u);
}

TEST(ZooUniqueModules, MultiTaskHead) {
  const zoo::ZooModel model = zoo::multiTaskHead();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The flatten is the root's own. Root; backbone + 8 (conv, bn, relu, pool, conv, bn, relu,
  // avgpool); classifier + 3 (linear, relu, linear); aux_head + 3: 1 + 9 + 4 + 4 = 18.
  EXPECT_EQ(modules.instances.size(), 18u);
  // No two share a key: the backbone's layers differ in channels or size, the heads' linears
  // in features (1024 -> 128, 128 -> 10, 1024 -> 64, 64 -> 4) and their relus in width
  // (1x128, 1x64). 18 unique.
  ASSERT_EQ(modules.modules.size(), 18u);
  EXPECT_EQ(modules.modules[1].id, "mod_001_backbone");
  EXPECT_EQ(modules.modules[10].id, "mod_010_classifier");
  EXPECT_EQ(modules.modules[14].id, "mod_014_aux_head");
  EXPECT_EQ(modules.modules[15].occurrences, Paths{"aux_head._0"});
}

TEST(ZooUniqueModules, RecurrentUnroll) {
  const zoo::ZooModel model = zoo::recurrentUnroll();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The tanh is the root's own; the cell runs five times, one instance: root, cell = 2.
  EXPECT_EQ(modules.instances.size(), 2u);
  // Root and Linear 32 -> 32 = 2.
  ASSERT_EQ(modules.modules.size(), 2u);
  EXPECT_EQ(modules.modules[1].id, "mod_001_cell");
  EXPECT_EQ(modules.modules[1].occurrences, Paths{"cell"});
  ASSERT_EQ(modules.instances.size(), 2u);
  EXPECT_EQ(modules.instances[1].groups.size(), 5u); // cell, cell@2 .. cell@5
  EXPECT_EQ(modules.instances[1].input_shapes, Paths{"1x32"});
}

TEST(ZooUniqueModules, WeightTying) {
  const zoo::ZooModel model = zoo::weightTying();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The tied output projection (linear on embedding.weight) is the root's own op, not a call
  // of the embedding. Root, embedding, transform, transform._0, _1, _2 = 6.
  EXPECT_EQ(modules.instances.size(), 6u);
  EXPECT_EQ(instancePaths(modules), (Paths{"full_model", "embedding", "transform", "transform._0",
                                           "transform._1", "transform._2"}));
  // transform._0 and transform._2 are both Linear 64 -> 64 on 1x16x64: root, embedding,
  // transform, one Linear, relu = 5.
  ASSERT_EQ(modules.modules.size(), 5u);
  EXPECT_EQ(modules.modules[3].id, "mod_003__0");
  EXPECT_EQ(modules.modules[3].occurrences, (Paths{"transform._0", "transform._2"}));
  EXPECT_EQ(modules.modules[1].occurrences, Paths{"embedding"});
}

TEST(ZooUniqueModules, DeepResNet) {
  const zoo::ZooModel model = zoo::deepResNet();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // Root, conv1, bn1, relu, 3 blocks x (block, conv1, bn1, relu, conv2, bn2) (each block's
  // relu runs twice: one instance; its add is the block's own), avgpool, flatten, fc:
  // 1 + 3 + 3 x 6 + 3 = 25.
  EXPECT_EQ(modules.instances.size(), 25u);
  // Unique: root; conv1 (3 -> 32); every bn (BatchNorm(32) on 1x32x32x32); every relu; the three
  // ResidualBlocks; the six block convs (32 -> 32); avgpool; flatten; fc = 9.
  ASSERT_EQ(modules.modules.size(), 9u);
  EXPECT_EQ(ids(modules), (Paths{"mod_000_full_model", "mod_001_conv1", "mod_002_bn1",
                                 "mod_003_relu", "mod_004_res_block1", "mod_005_conv1",
                                 "mod_006_avgpool", "mod_007_flatten", "mod_008_fc"}));
  EXPECT_EQ(modules.modules[2].occurrences.size(), 7u);
  EXPECT_EQ(modules.modules[3].occurrences,
            (Paths{"relu", "res_block1.relu", "res_block2.relu", "res_block3.relu"}));
  EXPECT_EQ(modules.modules[4].occurrences, (Paths{"res_block1", "res_block2", "res_block3"}));
  EXPECT_EQ(modules.modules[5].occurrences,
            (Paths{"res_block1.conv1", "res_block1.conv2", "res_block2.conv1", "res_block2.conv2",
                   "res_block3.conv1", "res_block3.conv2"}));
  const ModuleInstance* relu = instanceAt(modules, "res_block1.relu");
  ASSERT_NE(relu, nullptr);
  EXPECT_EQ(relu->groups.size(), 2u);
}

TEST(ZooUniqueModules, DenseBlock) {
  const zoo::ZooModel model = zoo::denseBlock();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, model.name);
  // The final adaptive pool and flatten are the root's own; each layer's cat is its own. Root,
  // conv1, bn1, relu, 4 layers x (layer, bn, relu, conv), transition + 4 (bn, relu, conv,
  // avgpool), fc: 1 + 3 + 16 + 5 + 1 = 26.
  EXPECT_EQ(modules.instances.size(), 26u);
  // dense1.bn and dense1.relu see what bn1 and relu see (32 channels at 32x32) and merge with
  // them; everything else differs in channels (the layers grow 32, 48, 64, 80 -> 96) or size:
  // 26 - 2 = 24.
  ASSERT_EQ(modules.modules.size(), 24u);
  EXPECT_EQ(modules.modules[2].id, "mod_002_bn1");
  EXPECT_EQ(modules.modules[2].occurrences, (Paths{"bn1", "dense1.bn"}));
  EXPECT_EQ(modules.modules[3].occurrences, (Paths{"relu", "dense1.relu"}));
  EXPECT_EQ(modules.modules[4].id, "mod_004_dense1");
  EXPECT_EQ(modules.modules[5].id, "mod_005_conv");
  EXPECT_EQ(modules.modules[5].occurrences, Paths{"dense1.conv"});
  EXPECT_EQ(modules.modules[23].id, "mod_023_fc");
}

TEST(ZooUniqueModules, ResNet50) {
  const zoo::ZooModel model = zoo::resnet50();
  SCOPED_TRACE(model.name);
  const UniqueModules modules = uniqueModulesOf(model);
  // The model is named ResNet50, but its class (type(model).__name__) is torchvision's ResNet;
  // before extraction recorded classes, the model's name stood in for it.
  expectRoot(modules, "ResNet");
  // The final adaptive pool and flatten are the root's own (no avgpool module). Each
  // Bottleneck is itself + conv1..3, bn1..3, relu (run three times: one instance) = 8, and the
  // first of each layer adds downsample + its conv and bn = 11. Root + conv1, bn1, relu,
  // maxpool + 4 layers + 16 blocks x 8 + 4 x 3 + fc = 1 + 4 + 4 + 128 + 12 + 1 = 150.
  EXPECT_EQ(modules.instances.size(), 150u);
  // Unique: root, conv1, bn1, relu, maxpool = 5; then per layer:
  // - layer1 (3 blocks, stride 1, 64 -> 256 at 56x56): layer1; block _0; its conv1 (1x1
  //   64 -> 64), bn1 (= bn2: BN(64) at 56), relu (last call 1x256x56x56), conv2, conv3 (1x1
  //   64 -> 256; downsample._0 is the same conv on the same shapes), bn3 (= downsample._1);
  //   block _1 (= _2); _1.conv1 (1x1 256 -> 64); the rest of _1 and _2 merge with _0's = 10;
  //   and downsample, a container of its own = 11.
  // - layer2..layer4 (stride 2 in conv2 and the downsample conv): the layer; block _0; its
  //   conv1, bn1 (at the input size), relu, conv2 (stride 2), bn2 (at the output size), conv3,
  //   bn3 (= downsample._1); downsample._0 (stride 2, unlike conv3); block _1 (= the rest);
  //   _1.conv1; _1.conv2 (stride 1); _1.bn1 and bn2 merge with _0.bn2, _1.conv3 with _0.conv3
  //   = 13 each, and downsample = 14.
  // Layers and downsamples are Sequentials (children _0, _1, ...: TorchScript's spelling of
  // nn.Sequential's 0, 1, ...), containers, so never merged with anything.
  // - fc = 1.
  // 5 + 11 + 3 x 14 + 1 = 59.
  ASSERT_EQ(modules.modules.size(), 59u);
  EXPECT_EQ(modules.modules[5].id, "mod_005_layer1");
  EXPECT_EQ(modules.modules[5].occurrences, Paths{"layer1"});
  EXPECT_EQ(uniqueWith(modules, "layer1._0.downsample").occurrences, Paths{"layer1._0.downsample"});
  EXPECT_EQ(
      uniqueWith(modules, "layer1._0.conv3").occurrences,
      (Paths{"layer1._0.conv3", "layer1._0.downsample._0", "layer1._1.conv3", "layer1._2.conv3"}));
  EXPECT_EQ(uniqueWith(modules, "layer1._1").occurrences, (Paths{"layer1._1", "layer1._2"}));
  EXPECT_EQ(uniqueWith(modules, "layer2._0.bn2").occurrences,
            (Paths{"layer2._0.bn2", "layer2._1.bn1", "layer2._1.bn2", "layer2._2.bn1",
                   "layer2._2.bn2", "layer2._3.bn1", "layer2._3.bn2"}));
  EXPECT_EQ(uniqueWith(modules, "layer3._1").occurrences,
            (Paths{"layer3._1", "layer3._2", "layer3._3", "layer3._4", "layer3._5"}));
  EXPECT_EQ(modules.modules.back().id, "mod_058_fc");
  for (const char* path : {"layer1", "layer4", "layer2._0.downsample"}) {
    const ModuleInstance* container = instanceAt(modules, path);
    ASSERT_NE(container, nullptr) << path;
    EXPECT_EQ(container->class_name, "Sequential") << path;
    EXPECT_TRUE(container->container) << path;
  }
  const ModuleInstance* relu = instanceAt(modules, "layer1._0.relu");
  ASSERT_NE(relu, nullptr);
  EXPECT_EQ(relu->groups.size(), 3u);
  EXPECT_EQ(relu->output_shapes, Paths{"1x256x56x56"});
}

// A slice of torchvision's mobilenet_v3_small built with torchvision's class names
// (mobileNetV3Slice in tests/models/model_zoo.cpp), on 1x3x32x32. The reference keys on
// type(module).__name__ and treats a module as a container only when that name IS Sequential,
// ModuleList or ModuleDict (ttchop/module_extractor.py, CONTAINER_TYPES), so:
// - Conv2dNormActivation (CNA), though an nn.Sequential subclass running Sequential's forward,
//   is keyed like any module: class, shapes, parameters (here none: it runs no op itself);
// - an InvertedResidual without the residual add runs no op of its own and is still an
//   InvertedResidual, as is the SqueezeExcitation's _scale method's work (a call of "SELF").
// Instances, in order (channels, spatial size; every BN, ReLU and Hardswish keeps its input's
// shape):
//   full_model (MobileNetV3), features (Sequential),
//   features._0: CNA 3x32 -> 16x16 {_0 conv 3->16 s2, _1 BN16@16, _2 Hardswish 16@16}   = 4
//   features._1: InvertedResidual 16@16 -> 16@8 (stride 2: no add), block (Sequential),
//     block._0: CNA 16@16 -> 16@8 {conv dw16 s2, BN16@8, ReLU 16@8}                    = 4
//     block._1: SqueezeExcitation 16@8 {avgpool 16@8 -> 16@1, fc1 16->8, activation ReLU
//               8@1, fc2 8->16, scale_activation Hardsigmoid 16@1}                       = 6
//     block._2: CNA 16@8 -> 16@8 {conv 16->16 1x1, BN16@8}                              = 3
//   features._2: InvertedResidual 16@8 -> 24@4 (stride 2: no add), block,
//     block._0: CNA 16@8 -> 72@8 {conv 16->72, BN72@8, ReLU 72@8}                       = 4
//     block._1: CNA 72@8 -> 72@4 {conv dw72 s2, BN72@4, ReLU 72@4}                      = 4
//     block._2: CNA 72@4 -> 24@4 {conv 72->24, BN24@4}                                  = 3
//   features._3 and features._4: InvertedResidual 24@4 -> 24@4 (with the add), block,
//     block._0: CNA 24@4 -> 88@4 {conv 24->88, BN88@4, ReLU 88@4}                       = 4
//     block._1: CNA 88@4 -> 88@4 {conv dw88 s1, BN88@4, ReLU 88@4}                      = 4
//     block._2: CNA 88@4 -> 24@4 {conv 88->24, BN24@4}                                  = 3 (x2)
//   features._5: CNA 24@4 -> 144@4 {conv 24->144, BN144@4, Hardswish 144@4}             = 4
//   avgpool 144@4 -> 144@1, classifier (Sequential) {_0 linear 144->64, _1 Hardswish 1x64,
//   _2 linear 64->10} (the flatten is the root's own)                                   = 5
// 2 + 4 + (2 + 4 + 6 + 3) + (2 + 4 + 4 + 3) + 2 x (2 + 4 + 4 + 3) + 4 + 5 = 69.
// Merged, by the key: BN16@8 (block._0._1 and block._2._1 of features._1); BN24@4 (the three
// project BNs of features._2.._4); features._4 into features._3, and each of its CNAs, convs,
// BN88s and ReLU88s into features._3's (the dw CNA's BN88 and ReLU88 also into the expand
// CNA's). Sequentials never merge, so features._4.block stays. 69 instances minus 1 (BN16) minus
// 2 (BN24) minus 1 (features._4) minus 3 (CNAs) minus 3 (convs) minus 3 (BN88s) minus 3
// (ReLU88s) = 53.
// Before extraction recorded every module's class, CNAs got the name heuristic's "Sequential"
// (no ops, numbered children), so none merged; op-less InvertedResiduals got "Module"; the root
// got the model's name; and SqueezeExcitation's children a path through an extra "SELF" module:
// 70 instances, 57 unique.
TEST(ZooUniqueModules, MobileNetV3SliceKeysOnEachModulesOwnClass) {
  const zoo::ZooModel model = zoo::mobileNetV3Slice();
  const UniqueModules modules = uniqueModulesOf(model);
  expectRoot(modules, "MobileNetV3");
  EXPECT_EQ(modules.instances.size(), 69u);
  ASSERT_EQ(modules.modules.size(), 53u);

  auto expectClass = [&](const std::string& path, const std::string& class_name, bool container) {
    const ModuleInstance* instance = instanceAt(modules, path);
    ASSERT_NE(instance, nullptr) << path;
    EXPECT_EQ(instance->class_name, class_name) << path;
    EXPECT_EQ(instance->container, container) << path;
  };
  expectClass("features", "Sequential", true);
  expectClass("features._0", "Conv2dNormActivation", false);
  expectClass("features._1", "InvertedResidual", false);
  expectClass("features._1.block", "Sequential", true);
  expectClass("features._1.block._1", "SqueezeExcitation", false);
  expectClass("features._1.block._1.fc2", "Conv2d", false);
  expectClass("features._2", "InvertedResidual", false);
  expectClass("features._5", "Conv2dNormActivation", false);
  expectClass("classifier", "Sequential", true);

  // Each unique module's first instance, in order. The reference numbers SqueezeExcitation's
  // children in registration order (fc1, fc2, activation) where irscope, which sees calls and
  // not registrations, has them in call order (fc1, activation, fc2): those two are compared as
  // a pair.
  Paths first;
  for (const UniqueModule& module : modules.modules)
    first.push_back(module.occurrences.front());
  const std::string ir1 = "features._1.block.", ir2 = "features._2.block.",
                    ir3 = "features._3.block.";
  const Paths expected{"full_model",
                       "features",
                       "features._0",
                       "features._0._0",
                       "features._0._1",
                       "features._0._2",
                       "features._1",
                       "features._1.block",
                       ir1 + "_0",
                       ir1 + "_0._0",
                       ir1 + "_0._1",
                       ir1 + "_0._2",
                       ir1 + "_1",
                       ir1 + "_1.avgpool",
                       ir1 + "_1.fc1",
                       "(activation or fc2)",
                       "(fc2 or activation)",
                       ir1 + "_1.scale_activation",
                       ir1 + "_2",
                       ir1 + "_2._0",
                       "features._2",
                       "features._2.block",
                       ir2 + "_0",
                       ir2 + "_0._0",
                       ir2 + "_0._1",
                       ir2 + "_0._2",
                       ir2 + "_1",
                       ir2 + "_1._0",
                       ir2 + "_1._1",
                       ir2 + "_1._2",
                       ir2 + "_2",
                       ir2 + "_2._0",
                       ir2 + "_2._1",
                       "features._3",
                       "features._3.block",
                       ir3 + "_0",
                       ir3 + "_0._0",
                       ir3 + "_0._1",
                       ir3 + "_0._2",
                       ir3 + "_1",
                       ir3 + "_1._0",
                       ir3 + "_2",
                       ir3 + "_2._0",
                       "features._4.block",
                       "features._5",
                       "features._5._0",
                       "features._5._1",
                       "features._5._2",
                       "avgpool",
                       "classifier",
                       "classifier._0",
                       "classifier._1",
                       "classifier._2"};
  ASSERT_EQ(first.size(), expected.size());
  EXPECT_EQ((std::set<std::string>{first[15], first[16]}),
            (std::set<std::string>{ir1 + "_1.activation", ir1 + "_1.fc2"}));
  first[15] = expected[15];
  first[16] = expected[16];
  EXPECT_EQ(first, expected);

  EXPECT_EQ(uniqueWith(modules, "features._3").occurrences, (Paths{"features._3", "features._4"}));
  EXPECT_EQ(uniqueWith(modules, ir3 + "_0").occurrences,
            (Paths{ir3 + "_0", "features._4.block._0"}));
  EXPECT_EQ(
      uniqueWith(modules, ir3 + "_0._1").occurrences,
      (Paths{ir3 + "_0._1", ir3 + "_1._1", "features._4.block._0._1", "features._4.block._1._1"}));
  EXPECT_EQ(
      uniqueWith(modules, ir3 + "_0._2").occurrences,
      (Paths{ir3 + "_0._2", ir3 + "_1._2", "features._4.block._0._2", "features._4.block._1._2"}));
  EXPECT_EQ(uniqueWith(modules, ir1 + "_0._1").occurrences, (Paths{ir1 + "_0._1", ir1 + "_2._1"}));
  EXPECT_EQ(uniqueWith(modules, ir2 + "_2._1").occurrences,
            (Paths{ir2 + "_2._1", ir3 + "_2._1", "features._4.block._2._1"}));
  EXPECT_EQ(uniqueWith(modules, "features._4.block").occurrences, Paths{"features._4.block"});
  EXPECT_EQ(uniqueWith(modules, "features._1").occurrences, Paths{"features._1"});
  const ModuleInstance* squeeze = instanceAt(modules, ir1 + "_1");
  ASSERT_NE(squeeze, nullptr);
  EXPECT_EQ(squeeze->input_shapes, Paths{"1x16x8x8"});
  EXPECT_EQ(squeeze->output_shapes, Paths{"1x16x8x8"});
}

// Every zoo model has its test above; a new one needs its own hand count.
TEST(ZooUniqueModules, CoversTheWholeZoo) {
  std::set<std::string> names;
  for (const zoo::ZooModel& model : zoo::allModels())
    names.insert(model.name);
  EXPECT_EQ(names, (std::set<std::string>{"SelfAttention", "CrossAttention", "TransformerBlock",
                                          "SiameseEncoder", "MultiTaskHead", "RecurrentUnroll",
                                          "WeightTying", "DeepResNet", "DenseBlock"}));
}

} // namespace
} // namespace irscope::ir
