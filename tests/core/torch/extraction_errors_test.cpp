// Every kind of wrong input gets one line that names the file and the problem, and no crash.
#include "core/torch/extraction_error.h"
#include "core/torch/state_dict.h"
#include "core/torch/torchscript_extraction.h"
#include "tests/models/model_zoo.h"
#include "tests/support/test_files.h"

#include <caffe2/serialize/inline_container.h>
#include <fstream>
#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::TempDir;
namespace zoo = testing::zoo;

std::filesystem::path fixture(const std::string& file) {
  return testing::dataDir() / "torch_ir" / file;
}

// The one-line message extraction fails with; fails the test if extraction succeeds.
std::string failure(const std::filesystem::path& file, std::vector<ir::InputSpec> inputs) {
  ExtractionOptions options;
  options.input_specs = std::move(inputs);
  try {
    extractTorchScript(file, options);
  } catch (const ExtractionError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind(file.string() + ": ", 0), 0u) << message;
    return message;
  }
  ADD_FAILURE() << "extracting " << file << " succeeded";
  return {};
}

const std::vector<ir::InputSpec> kImage = {{{1, 3, 32, 32}, "float32"}};

// A zip in PyTorch's layout (archive/<record>) holding the given records.
void writeArchive(const std::filesystem::path& path,
                  const std::vector<std::pair<std::string, std::string>>& records) {
  caffe2::serialize::PyTorchStreamWriter writer(path.string());
  for (const auto& [name, data] : records)
    writer.writeRecord(name, data.data(), data.size());
  writer.writeEndOfFile();
}

// Rewrites a TorchScript file with one text replacement applied to its code.
void patchCode(const std::filesystem::path& from, const std::filesystem::path& to,
               const std::string& find, const std::string& replace) {
  caffe2::serialize::PyTorchStreamReader reader(from.string());
  std::vector<std::pair<std::string, std::string>> records;
  bool patched = false;
  for (const std::string& name : reader.getAllRecords()) {
    auto [data, size] = reader.getRecord(name);
    std::string bytes(static_cast<const char*>(data.get()), size);
    if (name.rfind("code/", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".py") {
      for (size_t at = bytes.find(find); at != std::string::npos; at = bytes.find(find, at + 1)) {
        bytes.replace(at, find.size(), replace);
        patched = true;
      }
    }
    records.emplace_back(name, bytes);
  }
  ASSERT_TRUE(patched) << find << " not found in " << from;
  writeArchive(to, records);
}

TEST(ExtractionErrors, StateDictSaysHowToSaveTorchScript) {
  const std::string message = failure(fixture("DeepResNet.state_dict.pt"), kImage);
  EXPECT_NE(message.find("state_dict"), std::string::npos) << message;
  EXPECT_NE(message.find("torch.jit.save"), std::string::npos) << message;
}

TEST(ExtractionErrors, PickledModuleNamesItsClass) {
  const TempDir directory;
  const auto path = directory.path() / "pickled.pt";
  // What torch.save(model) writes for a class Net in a script: GLOBAL '__main__ Net'.
  writeArchive(path, {{"data.pkl", std::string("\x80\x02"
                                               "c__main__\nNet\nq\x00)\x81q\x01.",
                                               20)},
                      {"version", "3\n"}});
  const std::string message = failure(path, kImage);
  EXPECT_NE(message.find("pickled Python nn.Module (__main__.Net"), std::string::npos) << message;
  EXPECT_NE(message.find("torch.jit.save"), std::string::npos) << message;
}

TEST(ExtractionErrors, ZipThatIsNotTorchScript) {
  const TempDir directory;
  const auto path = directory.path() / "notes.pt";
  writeArchive(path, {{"notes.txt", "hello"}});
  EXPECT_NE(failure(path, kImage).find("zip archive but not a PyTorch file"), std::string::npos);
}

TEST(ExtractionErrors, TruncatedFile) {
  const TempDir directory;
  const auto path = directory.path() / "truncated.pt";
  std::ifstream in(fixture("DeepResNet.ts.pt"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  testing::writeText(path, bytes.substr(0, bytes.size() / 2));
  EXPECT_NE(failure(path, kImage).find("truncated"), std::string::npos);
}

TEST(ExtractionErrors, NotAPyTorchFileAtAll) {
  EXPECT_NE(failure(fixture("DeepResNet.json"), kImage).find("not a PyTorch file"),
            std::string::npos);
  EXPECT_NE(failure(fixture("no-such-model.pt"), kImage).find("no such file"), std::string::npos);
}

TEST(ExtractionErrors, UnknownOperatorIsNamed) {
  const TempDir directory;
  const auto good = zoo::saveModel(zoo::recurrentUnroll(), directory.path());
  const auto bad = directory.path() / "future.pt";
  patchCode(good, bad, "torch.tanh(", "torch.tanh_from_the_future(");
  const std::string message = failure(bad, {{{1, 32}, "float32"}});
  EXPECT_NE(message.find("aten::tanh_from_the_future"), std::string::npos) << message;
}

TEST(ExtractionErrors, ForwardThatRaisesQuotesTheModel) {
  const TempDir directory;
  torch::jit::Module module("__torch__.Checked");
  module.define("def forward(self, x):\n"
                "    assert x.size(1) == 3, \"expected 3 channels\"\n"
                "    return torch.relu(x)\n");
  const auto path = directory.path() / "checked.pt";
  module.save(path.string());
  const std::string message = failure(path, {{{1, 4, 8, 8}, "float32"}});
  EXPECT_NE(message.find("raised"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 3 channels"), std::string::npos) << message;
}

TEST(ExtractionErrors, ShapeThatDoesNotFitQuotesLibtorch) {
  const std::string message = failure(fixture("DeepResNet.ts.pt"), {{{1, 4, 32, 32}, "float32"}});
  EXPECT_NE(message.find("1x4x32x32"), std::string::npos) << message;
  EXPECT_NE(message.find("conv1"), std::string::npos) << message;
  EXPECT_NE(message.find("expected input[1, 4, 32, 32] to have 3 channels"), std::string::npos)
      << message;
}

TEST(ExtractionErrors, WrongNumberOfInputs) {
  const std::string message = failure(fixture("CrossAttention.ts.pt"), {{{1, 16, 64}, "float32"}});
  EXPECT_NE(message.find("forward takes 2 inputs (query: Tensor, context: Tensor)"),
            std::string::npos)
      << message;
  EXPECT_NE(failure(fixture("CrossAttention.ts.pt"), {}).find("needs example inputs"),
            std::string::npos);
}

TEST(ExtractionErrors, StateDictReaderRefusesTorchScript) {
  try {
    readStateDict(fixture("DeepResNet.ts.pt"));
    ADD_FAILURE() << "a TorchScript file read as a state_dict";
  } catch (const ExtractionError& error) {
    EXPECT_NE(std::string(error.what()).find("is a TorchScript model, not a state_dict"),
              std::string::npos);
  }
}

} // namespace
} // namespace irscope::torchscript
