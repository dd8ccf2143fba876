// Extraction of the TorchScript files that PyTorch 2.6 traced, checked against what the Python
// tools wrote for the same models: the torch_ir JSON, the outputs and the weights.
#include "core/topology.h"
#include "core/torch/state_dict.h"
#include "core/torch/torchscript_extraction.h"
#include "core/validation.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "tests/support/test_files.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::dataDir;

std::filesystem::path fixture(const std::string& file) {
  return dataDir() / "torch_ir" / file;
}

std::vector<std::string> tracedFixtures() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dataDir() / "torch_ir")) {
    const std::string file = entry.path().filename().string();
    if (file.size() > 6 && file.substr(file.size() - 6) == ".ts.pt")
      names.push_back(file.substr(0, file.size() - 6));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::filesystem::path> numbered(const std::string& model, const std::string& kind) {
  std::vector<std::filesystem::path> files;
  for (int i = 0; std::filesystem::exists(fixture(model + "." + kind + std::to_string(i) + ".npy"));
       ++i)
    files.push_back(fixture(model + "." + kind + std::to_string(i) + ".npy"));
  return files;
}

Extraction extractFixture(const std::string& model, bool keep_weights = false) {
  ExtractionOptions options;
  for (const auto& file : numbered(model, "in"))
    options.input_values.push_back(io::readNpy(file));
  options.keep_weight_data = keep_weights;
  return extractTorchScript(fixture(model + ".ts.pt"), options);
}

std::vector<float> floats(const ir::TensorData& data) {
  std::vector<float> values(data.bytes.size() / sizeof(float));
  std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
  return values;
}

// The keys irscope adds to torch_ir's: where each op sits, which op a trace recorded, and every
// module's class.
ir::Graph withoutIrscopeKeys(ir::Graph graph) {
  for (ir::Node& node : graph.nodes) {
    node.module_path.clear();
    node.module_type.clear();
    node.attrs.erase("_original_op");
  }
  graph.pytorch_version.clear();
  graph.module_classes.clear();
  return graph;
}

TEST(TorchScriptFixtures, EveryTraceIsFound) {
  EXPECT_EQ(tracedFixtures().size(), 8u);
}

TEST(TorchScriptFixtures, ExtractToTheTorchIrJsonThatPythonWrote) {
  for (const std::string& model : tracedFixtures()) {
    SCOPED_TRACE(model);
    const Extraction extraction = extractFixture(model);
    const ir::Graph expected = io::readTorchIrFile(fixture(model + ".json"));
    EXPECT_EQ(withoutIrscopeKeys(extraction.graph), withoutIrscopeKeys(expected));
    EXPECT_EQ(extraction.graph.pytorch_version, torchVersion());
  }
}

TEST(TorchScriptFixtures, ValidateAndMatchTheOutputsOfPyTorch) {
  for (const std::string& model : tracedFixtures()) {
    SCOPED_TRACE(model);
    const Extraction extraction = extractFixture(model);
    const ir::Graph& graph = extraction.graph;
    EXPECT_TRUE(ir::validate(graph, ir::buildTopology(graph)).empty());
    const auto expected_files = numbered(model, "out");
    ASSERT_EQ(graph.outputs.size(), expected_files.size());
    ASSERT_EQ(extraction.outputs.size(), expected_files.size());
    for (size_t i = 0; i < expected_files.size(); ++i) {
      const ir::TensorData expected = io::readNpy(expected_files[i]);
      EXPECT_EQ(graph.outputs[i].shape, expected.shape);
      EXPECT_EQ(graph.outputs[i].dtype, expected.dtype);
      const auto got = floats(extraction.outputs[i]);
      const auto want = floats(expected);
      ASSERT_EQ(got.size(), want.size());
      for (size_t k = 0; k < got.size(); ++k)
        EXPECT_NEAR(got[k], want[k], 1e-4 + 1e-4 * std::fabs(want[k])) << "element " << k;
    }
  }
}

TEST(TorchScriptFixtures, WeightsEqualTheSafetensorsPythonWrote) {
  const Extraction extraction = extractFixture("DeepResNet", true);
  const io::SafetensorsFile expected = io::readSafetensors(fixture("DeepResNet.safetensors"));
  ASSERT_EQ(extraction.weight_data.size(), expected.tensors.size());
  std::map<std::string, ir::TensorData> by_name(expected.tensors.begin(), expected.tensors.end());
  for (const auto& [name, data] : extraction.weight_data) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(by_name.count(name));
    EXPECT_EQ(data, by_name.at(name));
  }
}

TEST(TorchScriptFixtures, ModulePathsComeFromTheInlinedCalls) {
  const ir::Graph graph = extractFixture("DeepResNet").graph;
  std::map<std::string, std::pair<std::string, std::string>> scope;
  for (const ir::Node& node : graph.nodes)
    scope[node.name] = {node.module_path, node.module_type};
  using Scope = std::pair<std::string, std::string>;
  EXPECT_EQ(scope["conv2d"], Scope("conv1", "Conv2d"));
  EXPECT_EQ(scope["conv2d_1"], Scope("res_block1.conv1", "Conv2d"));
  EXPECT_EQ(scope["batch_norm_6"], Scope("res_block3.bn2", "BatchNorm2d"));
  // The residual add is the block's own code, not a submodule's.
  EXPECT_EQ(scope["add"], Scope("res_block1", "ResidualBlock"));
  EXPECT_EQ(scope["linear"], Scope("fc", "Linear"));
  // Each block calls its ReLU twice; the second call is a group of its own.
  EXPECT_EQ(scope["relu_1"], Scope("res_block1.relu", "ReLU"));
  EXPECT_EQ(scope["relu_2"], Scope("res_block1.relu@2", "ReLU"));
  EXPECT_EQ(scope["flatten"], Scope("flatten", "Flatten"));
}

TEST(TorchScriptFixtures, StateDictsReadAsTheSafetensorsPythonWrote) {
  for (const std::string& model : tracedFixtures()) {
    SCOPED_TRACE(model);
    const auto state_dict = readStateDict(fixture(model + ".state_dict.pt"));
    const io::SafetensorsFile expected = io::readSafetensors(fixture(model + ".safetensors"));
    std::map<std::string, ir::TensorData> by_name(expected.tensors.begin(), expected.tensors.end());
    ASSERT_EQ(state_dict.size(), by_name.size());
    for (const auto& [name, data] : state_dict) {
      ASSERT_TRUE(by_name.count(name)) << name;
      EXPECT_EQ(data, by_name.at(name)) << name;
    }
  }
}

} // namespace
} // namespace irscope::torchscript

namespace irscope::torchscript {
namespace {

TEST(DescribeInputs, NamesForwardsInputsAndGuessesFromTheOpsThatReadThem) {
  const auto image = describeInputs(testing::dataDir() / "torch_ir" / "DeepResNet.ts.pt");
  ASSERT_EQ(image.size(), 1u);
  EXPECT_EQ(image[0].name, "x");
  EXPECT_EQ(image[0].type, "Tensor");
  ASSERT_TRUE(image[0].guess);
  EXPECT_EQ(image[0].guess->shape, (ir::Shape{1, 3, 224, 224})); // conv1 takes 3 channels

  // query is first read by aten::size, which says nothing; q_proj's linear says 64 features.
  const auto attention = describeInputs(testing::dataDir() / "torch_ir" / "CrossAttention.ts.pt");
  ASSERT_EQ(attention.size(), 2u);
  EXPECT_EQ(attention[1].name, "context");
  ASSERT_TRUE(attention[0].guess);
  EXPECT_EQ(attention[0].guess->shape, (ir::Shape{1, 64}));
}

} // namespace
} // namespace irscope::torchscript
