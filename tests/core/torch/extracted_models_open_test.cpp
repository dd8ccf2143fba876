// The "done when" of TorchScript extraction, checked through the real command line: every traced
// fixture and every zoo model extracts to IR that validates and opens in info and render.
#include "core/torch/torchscript_extraction.h"
#include "io/npy.h"
#include "io/torch_ir_writer.h"
#include "tests/models/model_zoo.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::TempDir;
namespace zoo = testing::zoo;

int runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args).exit_code;
}

void expectOpensInTheCli(const ir::Graph& graph, const TempDir& directory) {
  const std::string json = (directory.path() / (graph.model_name + ".json")).string();
  const std::string svg = (directory.path() / (graph.model_name + ".svg")).string();
  io::writeTorchIrFile(graph, json);
  EXPECT_EQ(runCli({"validate", json}), 0) << graph.model_name;
  EXPECT_EQ(runCli({"info", "--json", json}), 0) << graph.model_name;
  EXPECT_EQ(runCli({"render", json, "-o", svg}), 0) << graph.model_name;
  EXPECT_GT(std::filesystem::file_size(svg), 1000u) << graph.model_name;
}

TEST(ExtractedModels, EveryFixtureAndZooModelOpensInInfoAndRender) {
  const TempDir directory;
  for (const auto& entry : std::filesystem::directory_iterator(testing::dataDir() / "torch_ir")) {
    const std::string file = entry.path().filename().string();
    if (file.size() < 6 || file.substr(file.size() - 6) != ".ts.pt")
      continue;
    const std::string model = file.substr(0, file.size() - 6);
    ExtractionOptions options;
    for (int i = 0; std::filesystem::exists(entry.path().parent_path() /
                                            (model + ".in" + std::to_string(i) + ".npy"));
         ++i)
      options.input_values.push_back(
          io::readNpy(entry.path().parent_path() / (model + ".in" + std::to_string(i) + ".npy")));
    expectOpensInTheCli(extractTorchScript(entry.path(), options).graph, directory);
  }
  for (const zoo::ZooModel& model : zoo::allModels()) {
    ExtractionOptions options;
    for (size_t i = 0; i < model.input_shapes.size(); ++i)
      options.input_specs.push_back({model.input_shapes[i], model.input_dtypes[i]});
    options.model_name = "zoo_" + model.name;
    expectOpensInTheCli(extractTorchScript(zoo::saveModel(model, directory.path()), options).graph,
                        directory);
  }
}

TEST(ExtractedModels, MultiOutputOpsAreReadThroughGetitems) {
  const TempDir directory;
  const zoo::ZooModel model = zoo::transformerEncoder(2, 64, 128, 4);
  ExtractionOptions options;
  options.input_specs = {{{1, 8, 64}, "float32"}};
  const ir::Graph graph =
      extractTorchScript(zoo::saveModel(model, directory.path()), options).graph;
  // Each layer chunks its input projection into q, k and v.
  std::vector<const ir::Node*> chunks;
  std::vector<const ir::Node*> getitems;
  for (const ir::Node& node : graph.nodes) {
    if (node.op_type == "aten.chunk.default")
      chunks.push_back(&node);
    if (node.isGetItem())
      getitems.push_back(&node);
  }
  ASSERT_EQ(chunks.size(), 2u);
  ASSERT_EQ(getitems.size(), 6u);
  EXPECT_EQ(chunks[0]->outputs.size(), 3u);
  EXPECT_EQ(chunks[0]->outputs[1].name, chunks[0]->name + "_1");
  EXPECT_EQ(chunks[0]->outputs[1].shape, (ir::Shape{1, 8, 64}));
  for (int k = 0; k < 3; ++k) {
    const ir::Node& getitem = *getitems[k];
    EXPECT_EQ(getitem.attrs.at("index"), k);
    ASSERT_EQ(getitem.inputs.size(), 3u);
    EXPECT_EQ(getitem.inputs[k].producer_node, chunks[0]->name);
    EXPECT_EQ(getitem.inputs[k].producer_output_idx, k);
    EXPECT_EQ(getitem.outputs.at(0).shape, (ir::Shape{1, 8, 64}));
  }
}

} // namespace
} // namespace irscope::torchscript
