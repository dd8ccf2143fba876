// The PT2 archive layout of PyTorch >= 2.7, in archives written to the spec by
// tests/data/pt2/make_pt2_archive.py from the PyTorch 2.6 fixture DeepResNet.pt2: they must read
// to the 2.6 fixture's graph and to the weights torch_ir saved for the same model, bit for bit.
// Then hostile archives, each refused in one line that starts with the file's name.
#include "io/exported_program.h"
#include "io/load_error.h"
#include "io/safetensors.h"
#include "io/zip_archive.h"
#include "tests/support/handmade_zip.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <map>
#include <sys/resource.h>

namespace irscope::io {
namespace {

using testing::dataDir;
using testing::readText;
using testing::TempDir;

std::filesystem::path pt2(const std::string& name) {
  return dataDir() / "pt2" / (name + ".pt2");
}

const std::vector<std::string> kLayouts = {"Pt2LayoutDeflated", "Pt2LayoutLegacy"};

class Pt2Layout : public ::testing::TestWithParam<std::string> {};

TEST_P(Pt2Layout, ReadsToThePyTorch26FixturesGraph) {
  ASSERT_TRUE(isExportedProgramArchive(pt2(GetParam())));
  const ir::Graph read = readExportedProgram(pt2(GetParam()));
  const ir::Graph expected = readExportedProgram(pt2("DeepResNet"));
  // The model is named after its file in both layouts.
  EXPECT_EQ(read.model_name, GetParam());
  EXPECT_EQ(read.pytorch_version, expected.pytorch_version);
  EXPECT_EQ(read.inputs, expected.inputs);
  EXPECT_EQ(read.outputs, expected.outputs);
  EXPECT_EQ(read.weights, expected.weights);
  EXPECT_EQ(read.weight_name_mapping, expected.weight_name_mapping);
  EXPECT_EQ(read.constants, expected.constants);
  EXPECT_EQ(read.module_classes, expected.module_classes);
  ASSERT_EQ(read.nodes.size(), 27u);
  ASSERT_EQ(read.nodes.size(), expected.nodes.size());
  for (size_t i = 0; i < read.nodes.size(); ++i)
    EXPECT_EQ(read.nodes[i], expected.nodes[i]) << read.nodes[i].name;
}

// The 2.6 fixture's own weights too: the same torch.save bytes as the legacy layout's, through
// the torch plugin (nn.Parameters included).
class Pt2Weights : public ::testing::TestWithParam<std::string> {};

TEST_P(Pt2Weights, EqualTorchIrsSafetensorsBitForBit) {
  const SafetensorsFile expected =
      readSafetensors(dataDir() / "torch_ir" / "DeepResNet.safetensors");
  std::map<std::string, ir::TensorData> read;
  for (auto& [name, tensor] : readExportedProgramWeights(pt2(GetParam())))
    EXPECT_TRUE(read.emplace(name, std::move(tensor)).second) << "twice: " << name;
  ASSERT_EQ(expected.tensors.size(), 51u);
  for (const auto& [name, tensor] : expected.tensors) {
    const auto found = read.find(name);
    ASSERT_NE(found, read.end()) << name;
    EXPECT_EQ(found->second.dtype, tensor.dtype) << name;
    EXPECT_EQ(found->second.shape, tensor.shape) << name;
    EXPECT_TRUE(found->second.bytes == tensor.bytes) << name << " differs";
    read.erase(found);
  }
  // The deflated archive also holds one pickled constant, which the legacy one does not.
  if (GetParam() == "Pt2LayoutDeflated") {
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read.begin()->first, "example_input");
  } else {
    EXPECT_TRUE(read.empty());
  }
}

TEST_P(Pt2Layout, ExampleInputsAreThePyTorch26Fixtures) {
  const auto inputs = readExportedProgramExampleInputs(pt2(GetParam()));
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs, readExportedProgramExampleInputs(pt2("DeepResNet")));
  EXPECT_EQ(inputs[0].shape, (ir::Shape{1, 3, 32, 32}));
}

INSTANTIATE_TEST_SUITE_P(Archives, Pt2Layout, ::testing::ValuesIn(kLayouts));
INSTANTIATE_TEST_SUITE_P(Archives, Pt2Weights,
                         ::testing::Values("DeepResNet", "Pt2LayoutDeflated", "Pt2LayoutLegacy"));

TEST(Pt2LayoutFixture, IsDeflatedAndZip64UnderARootFolderAsItClaims) {
  // What make_pt2_archive.py promises, so that the tests above read what they say they read.
  const ZipArchive zip = ZipArchive::openFile(pt2("Pt2LayoutDeflated"));
  ASSERT_GT(zip.entries().size(), 50u);
  for (const ZipEntry& entry : zip.entries()) {
    EXPECT_TRUE(entry.deflated) << entry.name;
    EXPECT_EQ(entry.name.rfind("Pt2LayoutDeflated/", 0), 0u) << entry.name;
  }
  const std::string bytes = readText(pt2("Pt2LayoutDeflated"));
  EXPECT_NE(bytes.find(std::string("PK\x06\x06", 4)), std::string::npos) << "no ZIP64 end record";
  EXPECT_NE(bytes.find(std::string("PK\x06\x07", 4)), std::string::npos) << "no ZIP64 locator";
}

TEST(Pt2LayoutFixture, SharedAndTransposedStoragesGatherToTheirOwnValues) {
  // bn1.running_var is 32 elements into the file it shares with bn1.running_mean; fc.weight
  // reads its [10, 32] values from its transpose's storage with strides [1, 10].
  const SafetensorsFile expected =
      readSafetensors(dataDir() / "torch_ir" / "DeepResNet.safetensors");
  std::map<std::string, ir::TensorData> read;
  for (auto& [name, tensor] : readExportedProgramWeights(pt2("Pt2LayoutDeflated")))
    read[name] = std::move(tensor);
  for (const auto& [name, tensor] : expected.tensors)
    if (name == "bn1.running_var" || name == "fc.weight") {
      ASSERT_TRUE(read.count(name)) << name;
      EXPECT_TRUE(read.at(name).bytes == tensor.bytes) << name;
    }
  // The mean and the variance differ, so reading the shared file at offset 0 for both would fail.
  EXPECT_FALSE(read.at("bn1.running_var").bytes == read.at("bn1.running_mean").bytes);
}

// --- Hostile archives: every one refused with one line that starts with the file's name. ---

long peakRssMb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

class HostileArchive : public ::testing::Test {
protected:
  // The problem readExportedProgram (or, with `weights`, readExportedProgramWeights) gives for
  // `bytes` written as a .pt2 file; fails the test unless it is one line naming the file.
  std::string problemOf(const std::string& bytes, bool weights = false) {
    const std::filesystem::path file = dir_ / "hostile.pt2";
    testing::writeText(file, bytes);
    try {
      if (weights)
        readExportedProgramWeights(file);
      else
        readExportedProgram(file);
    } catch (const LoadError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
      EXPECT_EQ(message.rfind(file.string() + ": ", 0), 0u) << message;
      return message;
    }
    ADD_FAILURE() << "read without an error";
    return "";
  }

  TempDir dir_;
};

std::string program() {
  return ZipArchive::openFile(pt2("DeepResNet")).read("serialized_exported_program.json", 1 << 20);
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// A PT2-layout archive under "m/" with this model JSON and these extra entries.
std::string pt2Archive(const std::string& model_json,
                       std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"m/archive_format", "pt2"}, {"m/archive_version", "0"}, {"m/models/model.json", model_json}};
  for (auto& entry : extra)
    entries.push_back(std::move(entry));
  return testing::storedZip(entries);
}

TEST_F(HostileArchive, TheHandmadeArchiveReadsUnedited) {
  // The hostile archives below are this one with one thing changed.
  testing::writeText(dir_ / "fine.pt2", pt2Archive(program()));
  EXPECT_EQ(readExportedProgram(dir_ / "fine.pt2").nodes.size(), 27u);
}

TEST_F(HostileArchive, AnEntryNamedOutsideTheArchive) {
  for (const std::string name : {"m/../x", "/abs", "../x"})
    EXPECT_NE(problemOf(pt2Archive(program(), {{name, "x"}})).find("points outside the archive"),
              std::string::npos)
        << name;
}

TEST_F(HostileArchive, SizesThatDisagree) {
  testing::HandmadeZipEntry entry{"m/archive_format", "pt2"};
  entry.central_size = 5; // the local header says 3
  const std::string directory_and_header_disagree = testing::handmadeZip({entry});
  EXPECT_NE(problemOf(directory_and_header_disagree).find("damaged"), std::string::npos);

  testing::HandmadeZipEntry stored{"m/archive_format", "pt2"};
  stored.local_size = stored.central_size = 9; // stored, yet 3 bytes for 9
  EXPECT_NE(problemOf(testing::handmadeZip({stored})).find("declares 9 bytes but stores 3"),
            std::string::npos);

  const std::string whole = pt2Archive(program());
  EXPECT_NE(problemOf(whole.substr(0, whole.size() / 2)).find("not a zip archive"),
            std::string::npos);
}

TEST_F(HostileArchive, ACompressionBombIsRefusedBeforeAnythingIsAllocated) {
  testing::HandmadeZipEntry bomb{"m/models/model.json", std::string(100, '\0')};
  bomb.method = 8;
  bomb.local_size = bomb.central_size = 0xFFFFFFF0; // 4 GiB from 100 bytes
  const long before = peakRssMb();
  const std::string problem = problemOf(testing::handmadeZip({{"m/archive_format", "pt2"}, bomb}));
  EXPECT_NE(problem.find("would inflate 100 bytes to 4294967280 (a compression bomb?)"),
            std::string::npos)
      << problem;
  EXPECT_LT(peakRssMb() - before, 64);
}

TEST_F(HostileArchive, AnUnknownCompressionMethod) {
  // PPMd, which libzip does not inflate. (99 would be WinZip's AES, which libzip calls damaged
  // without its extra field.)
  testing::HandmadeZipEntry entry{"m/models/model.json", program()};
  entry.method = 98;
  EXPECT_NE(problemOf(testing::handmadeZip({{"m/archive_format", "pt2"}, entry}))
                .find("uses compression method 98"),
            std::string::npos);
}

TEST_F(HostileArchive, AnUnknownSchemaMajorVersion) {
  std::string json = program();
  replaceOnce(json, "\"schema_version\": {\"major\": 8", "\"schema_version\": {\"major\": 9");
  const std::string problem = problemOf(pt2Archive(json));
  EXPECT_NE(problem.find("m/models/model.json: uses torch.export schema 9.2"), std::string::npos)
      << problem;
}

TEST_F(HostileArchive, ANodeNamingATensorThatDoesNotExist) {
  std::string json = program();
  replaceOnce(json, "\"arg\": {\"as_tensor\": {\"name\": \"x\"}}",
              "\"arg\": {\"as_tensor\": {\"name\": \"ghost\"}}");
  EXPECT_NE(problemOf(pt2Archive(json)).find("tensor 'ghost', which tensor_values does not have"),
            std::string::npos);
}

TEST_F(HostileArchive, AnotherArchiveVersionOrFormat) {
  EXPECT_NE(problemOf(testing::storedZip(
                          {{"m/archive_format", "pt3"}, {"m/models/model.json", program()}}))
                .find("archive_format says 'pt3'"),
            std::string::npos);
  EXPECT_NE(problemOf(testing::storedZip({{"m/archive_format", "pt2"},
                                          {"m/archive_version", "1"},
                                          {"m/models/model.json", program()}}))
                .find("PT2 archive of version '1'"),
            std::string::npos);
}

// --- The weights config: every size and name in it is hostile. ---

std::string weightsConfig(const std::string& name, const std::string& meta,
                          const std::string& path = "weight_0", bool pickled = false) {
  return R"({"config": {")" + name + R"(": {"path_name": ")" + path +
         R"(", "is_param": true, "use_pickle": )" + (pickled ? "true" : "false") +
         R"(, "tensor_meta": )" + meta + "}}}";
}

std::string tensorMeta(int dtype, const std::string& sizes, const std::string& strides,
                       int64_t offset = 0) {
  return R"({"dtype": )" + std::to_string(dtype) + R"(, "sizes": )" + sizes +
         R"(, "requires_grad": true, "device": {"type": "cpu"}, "strides": )" + strides +
         R"(, "storage_offset": {"as_int": )" + std::to_string(offset) + R"(}, "layout": 7})";
}

std::string withWeights(const std::string& config, const std::string& file_bytes) {
  return pt2Archive(program(), {{"m/data/weights/model_weights_config.json", config},
                                {"m/data/weights/weight_0", file_bytes}});
}

TEST_F(HostileArchive, AConfigThatReadsBackIsTheBaseline) {
  // Four float32s in a 2x2 view transposed: the reader must gather [a, c, b, d].
  const std::string file("\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\x04\x00\x00\x00", 16);
  testing::writeText(
      dir_ / "ok.pt2",
      withWeights(weightsConfig("w", tensorMeta(4, R"([{"as_int": 2}, {"as_int": 2}])",
                                                R"([{"as_int": 1}, {"as_int": 2}])")),
                  file));
  const auto weights = readExportedProgramWeights(dir_ / "ok.pt2");
  ASSERT_EQ(weights.size(), 1u);
  EXPECT_EQ(weights[0].second.dtype, "int32");
  const std::string gathered(reinterpret_cast<const char*>(weights[0].second.bytes.data()),
                             weights[0].second.bytes.size());
  EXPECT_EQ(gathered,
            std::string("\x01\x00\x00\x00\x03\x00\x00\x00\x02\x00\x00\x00\x04\x00\x00\x00", 16));
}

TEST_F(HostileArchive, ViewsReachingBeyondTheirFileAreRefusedBeforeAllocating) {
  const long before = peakRssMb();
  const std::string four_bytes(4, '\0');
  EXPECT_NE(problemOf(withWeights(weightsConfig("w", tensorMeta(7, R"([{"as_int": 1099511627776}])",
                                                                R"([{"as_int": 1}])")),
                                  four_bytes),
                      true)
                .find("reaches 4398046511104 bytes of m/data/weights/weight_0, which holds 4"),
            std::string::npos);
  EXPECT_NE(problemOf(withWeights(weightsConfig("w", tensorMeta(7, R"([{"as_int": 1}])",
                                                                R"([{"as_int": 1}])", 1)),
                                  four_bytes),
                      true)
                .find("reaches 8 bytes"),
            std::string::npos);
  // A stride of 0 repeats one element 2^40 times: within the file, but not into memory.
  EXPECT_NE(problemOf(withWeights(weightsConfig("w", tensorMeta(7, R"([{"as_int": 1099511627776}])",
                                                                R"([{"as_int": 0}])")),
                                  four_bytes),
                      true)
                .find("repeats the elements of m/data/weights/weight_0"),
            std::string::npos);
  // Sizes whose product or extent overflows 64 bits.
  EXPECT_NE(
      problemOf(withWeights(weightsConfig("w", tensorMeta(7,
                                                          R"([{"as_int": 4294967296},
                                                                    {"as_int": 4294967296}])",
                                                          R"([{"as_int": 0}, {"as_int": 0}])")),
                            four_bytes),
                true)
          .find("more elements than fit in 64 bits"),
      std::string::npos);
  EXPECT_LT(peakRssMb() - before, 64);
}

TEST_F(HostileArchive, ConfigsNamingWhatIsNotThere) {
  const std::string meta = tensorMeta(7, R"([{"as_int": 1}])", R"([{"as_int": 1}])");
  const std::string four_bytes(4, '\0');
  EXPECT_NE(problemOf(withWeights(weightsConfig("w", meta, "weight_9"), four_bytes), true)
                .find("names m/data/weights/weight_9, which the archive does not have"),
            std::string::npos);
  EXPECT_NE(
      problemOf(withWeights(weightsConfig("w", meta, "../../models/model.json"), four_bytes), true)
          .find("is not a file name in m/data/weights/"),
      std::string::npos);
  EXPECT_NE(problemOf(withWeights(weightsConfig("w", tensorMeta(99, R"([{"as_int": 1}])",
                                                                R"([{"as_int": 1}])")),
                                  four_bytes),
                      true)
                .find("dtype 99 is a dtype irscope does not read"),
            std::string::npos);
  EXPECT_NE(
      problemOf(withWeights(weightsConfig("w", tensorMeta(7, R"([{"as_expr": {"expr_str": "s0"}}])",
                                                          R"([{"as_int": 1}])")),
                            four_bytes),
                true)
          .find("not a concrete integer"),
      std::string::npos);
  EXPECT_NE(problemOf(withWeights("{\"config\": [", four_bytes), true).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(problemOf(pt2Archive(program()), true).find("has no weights for model 'model'"),
            std::string::npos);
}

TEST_F(HostileArchive, ARawWeightWithoutTensorMeta) {
  // Found by the mutation tests: this crashed the reader (tests/data/fuzz_regressions/pt2/).
  const std::string config =
      R"({"config": {"w": {"path_name": "weight_0", "is_param": true, "use_pickle": false}}})";
  EXPECT_NE(problemOf(withWeights(config, std::string(4, '\0')), true)
                .find("config['w'] stores raw bytes but has no tensor_meta"),
            std::string::npos);
}

TEST_F(HostileArchive, APickledWeightThatIsNotATorchSaveFile) {
  const std::string meta = tensorMeta(7, R"([{"as_int": 1}])", R"([{"as_int": 1}])");
  const std::string problem =
      problemOf(withWeights(weightsConfig("w", meta, "weight_0", true), "not a zip"), true);
  EXPECT_NE(problem.find(": m/data/weights/weight_0: "), std::string::npos) << problem;
  // Named once: the plugin's message already starts with the file.
  EXPECT_EQ(problem.find("hostile.pt2", problem.find("hostile.pt2") + 1), std::string::npos)
      << problem;
}

TEST_F(HostileArchive, ALegacyWeightsFileThatIsNotATorchSaveFile) {
  const std::string problem =
      problemOf(pt2Archive(program(), {{"m/data/weights/model.pt", "not a zip"}}), true);
  EXPECT_NE(problem.find(": m/data/weights/model.pt: "), std::string::npos) << problem;
  EXPECT_EQ(problem.find("hostile.pt2", problem.find("hostile.pt2") + 1), std::string::npos)
      << problem;
}

} // namespace
} // namespace irscope::io
