// io::loadModel, the one door every command and the app open models through: the kind is told
// by content, each kind brings its weights and inputs, and a file that is no model says what
// it is in one line.
#include "io/exported_program.h"
#include "io/load_error.h"
#include "io/model_source.h"
#include "tests/support/test_files.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>

namespace irscope::io {
namespace {

namespace fs = std::filesystem;
using testing::dataDir;
using testing::TempDir;
using testing::writeText;
using Weights = ModelSourceOptions::Weights;

fs::path fixture(const std::string& file) {
  return dataDir() / "torch_ir" / file;
}

fs::path exportedFixture() {
  return dataDir() / "pt2" / "RecurrentUnroll.pt2";
}

// The one-line message loading `path` fails with, or "" when it loads.
std::string loadError(const fs::path& path, ModelSourceOptions options = {}) {
  try {
    loadModel(path, options);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

void expectOneLineError(const std::string& message, const fs::path& path,
                        const std::string& expected_part) {
  ASSERT_FALSE(message.empty()) << "no error for " << path;
  EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find(expected_part), std::string::npos) << message;
}

TEST(ModelSource, TellsTheKindByContentNotByName) {
  TempDir dir;
  // torch_ir JSON called .pt is still JSON; TorchScript called .json is still TorchScript.
  fs::copy_file(fixture("RecurrentUnroll.json"), dir / "ir.pt");
  fs::copy_file(fixture("RecurrentUnroll.ts.pt"), dir / "scripted.json");
  EXPECT_EQ(modelKindOf(dir / "ir.pt"), ModelKind::TorchIrJson);
  EXPECT_EQ(modelKindOf(dir / "scripted.json"), ModelKind::TorchScript);
}

TEST(ModelSource, SaysWhatAFileIsWhenItIsNoModel) {
  TempDir dir;
  writeText(dir / "notes.pt", "these are my notes, not a model\n");
  const std::string text_pt = loadError(dir / "notes.pt");
  expectOneLineError(text_pt, dir / "notes.pt", "is not a PyTorch file");
  EXPECT_EQ(text_pt.find("JSON at line"), std::string::npos) << text_pt;

  writeText(dir / "empty.json", "");
  expectOneLineError(loadError(dir / "empty.json"), dir / "empty.json", "is empty");
  writeText(dir / "old.pt", std::string("\x80\x02}q\x00", 5));
  expectOneLineError(loadError(dir / "old.pt"), dir / "old.pt", "legacy");
  expectOneLineError(loadError(fixture("RecurrentUnroll.in0.npy")),
                     fixture("RecurrentUnroll.in0.npy"), "is a NumPy .npy array");
  expectOneLineError(loadError(fixture("RecurrentUnroll.safetensors")),
                     fixture("RecurrentUnroll.safetensors"), "weights only");
  expectOneLineError(loadError(dir / "absent.json"), dir / "absent.json", "no such file");
  expectOneLineError(loadError(dir.path()), dir.path(), "is a directory");
}

TEST(ModelSource, SaysAStateDictHoldsWeightsOnlyAndHowToSaveAModel) {
  ModelSourceOptions options;
  options.inputs.specs = {ir::parseInputSpec("1x32")};
  const std::string message = loadError(fixture("RecurrentUnroll.state_dict.pt"), options);
  expectOneLineError(message, fixture("RecurrentUnroll.state_dict.pt"), "weights only");
  EXPECT_NE(message.find("torch.jit.save"), std::string::npos) << message;
}

TEST(ModelSource, SaysWhichInputsOfATorchScriptModelNeedAShape) {
  const std::string message = loadError(fixture("RecurrentUnroll.ts.pt"));
  expectOneLineError(message, fixture("RecurrentUnroll.ts.pt"), "--input-shape");
  EXPECT_NE(message.find("x: Tensor"), std::string::npos) << message;
}

TEST(ModelSource, ReadsIrJsonWithTheWeightsBesideIt) {
  ModelSourceOptions options;
  options.want_weights = Weights::Required;
  options.want_inputs = true;
  const ModelSource source = loadModel(fixture("RecurrentUnroll.json"), options);
  EXPECT_EQ(source.kind, ModelKind::TorchIrJson);
  EXPECT_EQ(source.model.graph.nodes.size(), 10u); // RecurrentUnroll.info.json's num_nodes
  EXPECT_EQ(source.weights_file, fixture("RecurrentUnroll.safetensors").string());
  ASSERT_EQ(source.weights.size(), 2u);
  ASSERT_EQ(source.inputs.size(), 1u);
  EXPECT_EQ(source.inputs[0].shape, (std::vector<int64_t>{1, 32}));
  EXPECT_TRUE(source.outputs.empty());
}

TEST(ModelSource, AsksForWeightsOnlyWhenTheyAreRequired) {
  TempDir dir;
  fs::copy_file(fixture("RecurrentUnroll.json"), dir / "alone.json");
  ModelSourceOptions options;
  options.want_weights = Weights::IfFound;
  EXPECT_TRUE(loadModel(dir / "alone.json", options).weights.empty());
  options.want_weights = Weights::Required;
  expectOneLineError(loadError(dir / "alone.json", options), dir / "alone.json",
                     "no weights given, and no alone.safetensors beside it");
  options.weights = fixture("RecurrentUnroll.safetensors");
  EXPECT_EQ(loadModel(dir / "alone.json", options).weights.size(), 2u);
}

TEST(ModelSource, RunsTorchScriptAndHandsOverItsWeightsInputsAndOutputs) {
  ModelSourceOptions options;
  options.inputs.npy_files = {fixture("RecurrentUnroll.in0.npy").string()};
  options.want_weights = Weights::Required;
  options.want_inputs = true;
  const ModelSource source = loadModel(fixture("RecurrentUnroll.ts.pt"), options);
  EXPECT_EQ(source.kind, ModelKind::TorchScript);
  EXPECT_EQ(source.weights_file, fixture("RecurrentUnroll.ts.pt").string());
  // The state_dict Python saved for the model, by name and shape.
  const NamedTensors python = readWeightsFile(fixture("RecurrentUnroll.safetensors"));
  std::map<std::string, std::vector<int64_t>> expected, extracted;
  for (const auto& [name, tensor] : python)
    expected[name] = tensor.shape;
  for (const auto& [name, tensor] : source.weights)
    extracted[name] = tensor.shape;
  EXPECT_EQ(extracted, expected);
  ASSERT_EQ(source.inputs.size(), 1u);
  EXPECT_EQ(source.inputs[0].shape, (std::vector<int64_t>{1, 32}));
  ASSERT_EQ(source.outputs.size(), 1u);
  EXPECT_EQ(source.outputs[0].shape, (std::vector<int64_t>{1, 32}));
}

TEST(ModelSource, GuessesTorchScriptInputShapesOnlyWhenAskedTo) {
  ModelSourceOptions options;
  options.guess_input_shapes = true;
  const ModelSource source = loadModel(fixture("RecurrentUnroll.ts.pt"), options);
  EXPECT_TRUE(source.input_shapes_guessed);
  ASSERT_EQ(source.inputs.size(), 1u);
  EXPECT_EQ(source.inputs[0].shape.back(), 32); // the first linear's in_features
}

TEST(ModelSource, GivenWeightsOverrideTheModelsOwn) {
  ModelSourceOptions options;
  options.inputs.specs = {ir::parseInputSpec("1x32")};
  options.weights = fixture("RecurrentUnroll.state_dict.pt");
  options.want_weights = Weights::Required;
  const ModelSource source = loadModel(fixture("RecurrentUnroll.ts.pt"), options);
  EXPECT_EQ(source.weights_file, fixture("RecurrentUnroll.state_dict.pt").string());
  EXPECT_EQ(source.weights.size(), 2u);
}

// torch.export archives: these run once io/exported_program.cpp reads them.
TEST(ModelSource, ReadsATorchExportArchiveWithItsWeightsAndExampleInputs) {
  if (!isExportedProgramArchive(exportedFixture()))
    GTEST_SKIP() << "io/exported_program.cpp cannot read .pt2 archives yet";
  ModelSourceOptions options;
  options.want_weights = Weights::Required;
  options.want_inputs = true;
  const ModelSource source = loadModel(exportedFixture(), options);
  EXPECT_EQ(source.kind, ModelKind::ExportedProgram);
  EXPECT_EQ(source.weights_file, exportedFixture().string());
  EXPECT_EQ(source.weights.size(), 2u);
  ASSERT_EQ(source.inputs.size(), 1u);
  EXPECT_EQ(source.inputs[0].shape, (std::vector<int64_t>{1, 32}));
  // Inputs given win over the archive's examples.
  options.inputs.specs = {ir::parseInputSpec("2x32")};
  EXPECT_EQ(loadModel(exportedFixture(), options).inputs.at(0).shape,
            (std::vector<int64_t>{2, 32}));
}

} // namespace
} // namespace irscope::io
