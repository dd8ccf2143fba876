// torch.export archives (.pt2) written by PyTorch 2.6 must read as the IR that the Python
// torch_ir package extracted from the same models (tests/data/torch_ir/NAME.json), node for
// node, plus what torch_ir leaves out: module paths and classes, and source lines.
#include "core/validation.h"
#include "io/exported_program.h"
#include "io/exported_program_graph.h"
#include "io/load_error.h"
#include "io/torch_ir_reader.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::io {
namespace {

using testing::dataDir;

const std::vector<std::string> kArchives = {"CrossAttention", "DeepResNet",       "DenseBlock",
                                            "MultiTaskHead",  "RecurrentUnroll",  "SelfAttention",
                                            "SiameseEncoder", "TransformerBlock", "WeightTying"};

std::filesystem::path archive(const std::string& name) {
  return dataDir() / "pt2" / (name + ".pt2");
}

class Pt2Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Pt2Fixture, IsRecognisedAsAnArchive) {
  EXPECT_TRUE(isExportedProgramArchive(archive(GetParam())));
  EXPECT_FALSE(isExportedProgramArchive(dataDir() / "torch_ir" / (GetParam() + ".ts.pt")));
  EXPECT_FALSE(isExportedProgramArchive(dataDir() / "torch_ir" / (GetParam() + ".json")));
}

TEST_P(Pt2Fixture, GivesTorchIrsGraphNodeForNode) {
  const ir::Graph read = readExportedProgram(archive(GetParam()));
  const ir::Graph expected = readTorchIrFile(dataDir() / "torch_ir" / (GetParam() + ".json"));
  EXPECT_EQ(read.model_name, expected.model_name);
  EXPECT_EQ(read.pytorch_version, expected.pytorch_version);
  EXPECT_EQ(read.inputs, expected.inputs);
  EXPECT_EQ(read.outputs, expected.outputs);
  EXPECT_EQ(read.weights, expected.weights);
  EXPECT_EQ(read.weight_name_mapping, expected.weight_name_mapping);
  EXPECT_EQ(read.constants, expected.constants);
  ASSERT_EQ(read.nodes.size(), expected.nodes.size());
  for (size_t i = 0; i < read.nodes.size(); ++i) {
    // torch_ir writes no module paths or source lines; everything else must agree.
    ir::Node node = read.nodes[i];
    node.module_path.clear();
    node.module_type.clear();
    node.stack_trace.clear();
    EXPECT_EQ(node.name, expected.nodes[i].name);
    EXPECT_EQ(node.op_type, expected.nodes[i].op_type) << node.name;
    EXPECT_EQ(node.inputs, expected.nodes[i].inputs) << node.name;
    EXPECT_EQ(node.outputs, expected.nodes[i].outputs) << node.name;
    EXPECT_EQ(node.attrs, expected.nodes[i].attrs) << node.name;
    EXPECT_EQ(node, expected.nodes[i]) << node.name;
  }
  const auto problems = ir::validate(read, ir::buildTopology(read));
  for (const ir::Problem& problem : problems)
    ADD_FAILURE() << ir::describe(problem);
}

TEST_P(Pt2Fixture, KeepsModulesAndSourceLines) {
  const ir::Graph graph = readExportedProgram(archive(GetParam()));
  ASSERT_TRUE(graph.module_classes.count(""));
  // The root is the model's own class, from the zoo's Python package.
  const std::string& root = graph.module_classes.at("");
  EXPECT_EQ(root.substr(0, 13), "tests.models.") << root;
  EXPECT_EQ(root.substr(root.rfind('.') + 1), GetParam());
  for (const ir::Node& node : graph.nodes) {
    EXPECT_NE(node.stack_trace.find("File \"/src/tests/models/"), std::string::npos)
        << node.name << ": " << node.stack_trace;
    const std::string path = node.module_path.substr(0, node.module_path.find('@'));
    ASSERT_TRUE(graph.module_classes.count(path)) << node.name << " in " << node.module_path;
    const std::string& qualified = graph.module_classes.at(path);
    EXPECT_EQ(node.module_type, qualified.substr(qualified.rfind('.') + 1)) << node.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Archives, Pt2Fixture, ::testing::ValuesIn(kArchives));

TEST(Pt2Modules, DeepResNetPathsAndClassesAreTheModelsOwn) {
  const ir::Graph graph = readExportedProgram(archive("DeepResNet"));
  EXPECT_EQ(graph.nodes.front().module_path, "conv1");
  EXPECT_EQ(graph.nodes.front().module_type, "Conv2d");
  EXPECT_EQ(graph.module_classes.at("conv1"), "torch.nn.modules.conv.Conv2d");
  EXPECT_EQ(graph.module_classes.at("res_block1"), "tests.models.skip_connections.ResidualBlock");
  EXPECT_EQ(graph.module_classes.at("res_block1.bn2"), "torch.nn.modules.batchnorm.BatchNorm2d");
  EXPECT_EQ(graph.nodes.front().stack_trace,
            "  File \"/src/tests/models/skip_connections.py\", line 64, in forward\n"
            "    x = self.relu(self.bn1(self.conv1(x)))\n");
}

TEST(Pt2Modules, RepeatedCallsAreNumberedAsExtractionNumbersThem) {
  // RecurrentUnroll calls its cell and activation five times each.
  const ir::Graph graph = readExportedProgram(archive("RecurrentUnroll"));
  std::vector<std::string> paths;
  for (const ir::Node& node : graph.nodes)
    paths.push_back(node.module_path);
  const std::vector<std::string> expected = {"cell",   "activation",   "cell@2", "activation@2",
                                             "cell@3", "activation@3", "cell@4", "activation@4",
                                             "cell@5", "activation@5"};
  EXPECT_EQ(paths, expected);
}

TEST(Pt2Modules, SequentialChildrenKeepTheirContainer) {
  const ir::Graph graph = readExportedProgram(archive("WeightTying"));
  EXPECT_EQ(graph.module_classes.at("transform"), "torch.nn.modules.container.Sequential");
  EXPECT_EQ(graph.module_classes.at("transform.0"), "torch.nn.modules.linear.Linear");
  EXPECT_EQ(graph.nodes[1].module_path, "transform.0");
  // The tied output projection runs in the root's own forward.
  EXPECT_EQ(graph.nodes.back().module_path, "");
}

// --- The exported program's JSON, edited: each hostile or unsupported form gets one line. ---

std::string programOf(const std::string& name) {
  // The fixtures are stored uncompressed, so the JSON is a contiguous run of the file.
  const std::string bytes = testing::readText(archive(name));
  const size_t start = bytes.find("{\"graph_module\"");
  const size_t end = bytes.find("PK", start);
  return bytes.substr(start, bytes.rfind('}', end) - start + 1);
}

std::string loadProblem(const std::string& json) {
  try {
    graphFromExportedProgram(json, "model.pt2", "model");
  } catch (const LoadError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("model.pt2: ", 0), 0u) << message;
    return message;
  }
  ADD_FAILURE() << "read without an error";
  return "";
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

TEST(Pt2Program, TheUneditedProgramReads) {
  EXPECT_EQ(graphFromExportedProgram(programOf("DeepResNet"), "x", "DeepResNet").nodes.size(), 27u);
}

TEST(Pt2Program, AnUnknownSchemaMajorVersionIsRefused) {
  std::string json = programOf("DeepResNet");
  replaceOnce(json, "\"schema_version\": {\"major\": 8", "\"schema_version\": {\"major\": 9");
  EXPECT_NE(loadProblem(json).find("schema 9.2; irscope reads schema 8.x"), std::string::npos);
}

TEST(Pt2Program, ANodeNamingATensorThatDoesNotExistIsRefused) {
  std::string json = programOf("DeepResNet");
  // The first conv reads "x"; make it read a tensor nobody declared.
  replaceOnce(json, "\"arg\": {\"as_tensor\": {\"name\": \"x\"}}",
              "\"arg\": {\"as_tensor\": {\"name\": \"ghost\"}}");
  EXPECT_NE(loadProblem(json).find("tensor 'ghost', which tensor_values does not have"),
            std::string::npos);
}

TEST(Pt2Program, ANodeReadingATensorProducedLaterIsRefused) {
  std::string json = programOf("DeepResNet");
  replaceOnce(json, "\"arg\": {\"as_tensor\": {\"name\": \"x\"}}",
              "\"arg\": {\"as_tensor\": {\"name\": \"relu\"}}");
  EXPECT_NE(loadProblem(json).find("reads tensor 'relu', which no earlier node produces"),
            std::string::npos);
}

TEST(Pt2Program, DynamicShapesAreRefusedAsTorchIrRefusesThem) {
  std::string json = programOf("DeepResNet");
  replaceOnce(json, "\"sizes\": [{\"as_int\": 1}",
              "\"sizes\": [{\"as_expr\": {\"expr_str\": \"s0\"}}");
  EXPECT_NE(loadProblem(json).find("dynamic shape"), std::string::npos);
}

TEST(Pt2Program, TruncatedJsonIsRefused) {
  const std::string json = programOf("DeepResNet");
  EXPECT_NE(loadProblem(json.substr(0, json.size() / 2)).find("exported program: invalid JSON"),
            std::string::npos);
}

TEST(Pt2Program, AHigherOrderArgumentIsRefusedByKind) {
  std::string json = programOf("DeepResNet");
  replaceOnce(json, "{\"name\": \"stride\", \"arg\": {\"as_ints\": [1, 1]}",
              "{\"name\": \"stride\", \"arg\": {\"as_graph\": {\"name\": \"g\"}}");
  EXPECT_NE(loadProblem(json).find("argument of kind as_graph"), std::string::npos);
}

TEST(Pt2Program, NotAnExportedProgramIsSaidSo) {
  EXPECT_NE(loadProblem("{\"nodes\": []}").find("has no schema_version"), std::string::npos);
}

} // namespace
} // namespace irscope::io
