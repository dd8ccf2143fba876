// Inputs that fuzzing and the mutation tests found to break a reader's promise (one-line
// message of the documented type, memory in proportion to the file), each checked directly.
// The inputs themselves are in tests/data/fuzz_regressions/, replayed by fuzz_smoke.*.
#include "core/input_spec.h"
#include "core/torch/extraction_error.h"
#include "core/torch/state_dict.h"
#include "io/exported_program.h"
#include "io/load_error.h"
#include "io/npy.h"
#include "io/op_mapping_file.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "layout/layout_cache.h"
#include "tests/support/test_files.h"

#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/resource.h>

namespace irscope::testing {
namespace {

long peakRssMb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::filesystem::path regression(const std::string& harness, const std::string& name) {
  return dataDir() / "fuzz_regressions" / harness / name;
}

void expectOneLine(const std::string& message, const std::string& prefix) {
  EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
  EXPECT_GT(message.size(), prefix.size()) << message;
}

// A PT2 weights config entry with raw bytes and no tensor_meta: the reader asked a
// default-constructed simdjson element for its type, and crashed.
TEST(ReaderRegression, Pt2RawWeightWithoutTensorMetaIsRefused) {
  const auto file = regression("pt2", "config_without_tensor_meta.pt2");
  try {
    io::readExportedProgramWeights(file);
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), file.string() + ": ");
    EXPECT_NE(std::string(error.what()).find("stores raw bytes but has no tensor_meta"),
              std::string::npos)
        << error.what();
  }
}

// Control characters that a file or a user wrote come back as escapes, not as line breaks.
TEST(ReaderRegression, NpyDtypeWithNewlineGivesOneLine) {
  const auto file = regression("npy", "descr_with_newline.npy");
  try {
    io::readNpy(file);
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), file.string() + ": ");
    EXPECT_NE(std::string(error.what()).find("'<f\\n4'"), std::string::npos) << error.what();
  }
}

TEST(ReaderRegression, SafetensorsNameWithNewlineGivesOneLine) {
  TempDir dir;
  const std::string header = R"({"a\nb":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})";
  std::string bytes(8, '\0');
  bytes[0] = static_cast<char>(header.size());
  writeBytes(dir / "w.safetensors", bytes + header + std::string(4, '\0'));
  try {
    io::readSafetensors(dir / "w.safetensors");
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), (dir / "w.safetensors").string() + ": ");
    EXPECT_NE(std::string(error.what()).find("tensor 'a\\nb'"), std::string::npos) << error.what();
  }
}

TEST(ReaderRegression, TorchIrKeyWithNewlineGivesOneLine) {
  try {
    io::parseTorchIrJson(R"({"nodes": [], "weight_name_mapping": {"p\nq": 3}})", "m.json");
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), "m.json: ");
    EXPECT_NE(std::string(error.what()).find("weight_name_mapping.p\\nq: expected a string"),
              std::string::npos)
        << error.what();
  }
}

TEST(ReaderRegression, OpMappingWithNewlineGivesOneLine) {
  const auto file = regression("op_mapping", "value_with_newline.json");
  try {
    io::readOpMappingFile(file);
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), file.string() + ": ");
  }
}

// nlohmann's parser throws out_of_range, not parse_error, for a number beyond a double; it
// escaped parseOpMapping, which caught only parse_error.
TEST(ReaderRegression, OpMappingNumberBeyondDoubleIsALoadError) {
  const auto file = regression("op_mapping", "number_overflow.json");
  try {
    io::readOpMappingFile(file);
    FAIL() << "read";
  } catch (const io::LoadError& error) {
    expectOneLine(error.what(), file.string() + ": ");
    EXPECT_NE(std::string(error.what()).find("out of range"), std::string::npos) << error.what();
  }
}

// A NUL in the text cut what() short after "input shape '"; a newline broke the line.
TEST(ReaderRegression, InputSpecWithControlCharactersGivesOneLine) {
  for (const std::string& text : {std::string("\0x3", 3), std::string("1x\n3"),
                                  readBytes(regression("input_spec", "nul.txt"))}) {
    try {
      ir::parseInputSpec(text);
      FAIL() << "parsed";
    } catch (const std::invalid_argument& error) {
      expectOneLine(error.what(), "input shape '");
      EXPECT_GT(std::strlen(error.what()), std::string("input shape '").size() + text.size());
    }
  }
}

// "torch.torch.int64" passed as the dtype "torch.int64" (one prefix stripped, then dtypeSize
// stripped the other), which formatInputSpec then wrote as text that parses to another spec.
TEST(ReaderRegression, InputSpecRefusesADoubledTorchPrefix) {
  EXPECT_THROW(ir::parseInputSpec(readBytes(regression("input_spec", "double_torch_prefix.txt"))),
               std::invalid_argument);
  EXPECT_THROW(ir::parseInputSpec("1x3:torch.torch.int64"), std::invalid_argument);
  EXPECT_EQ(ir::parseInputSpec("1x3:torch.int64").dtype, "int64");
  EXPECT_EQ(ir::parseInputSpec("1x3:torch.float").dtype, "float32");
}

// A cache file whose count of boxes is just under the reader's item limit (2^26) made it
// allocate and zero 2 GiB before finding the file holds 32 bytes of them.
TEST(ReaderRegression, LayoutCacheCountBeyondTheFileAllocatesNothing) {
  TempDir dir;
  layout::BoxLayout stored;
  stored.boxes.resize(1);
  layout::LayoutCache(dir.path()).store(7, stored, true);
  std::filesystem::path file;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    file = entry.path();
  ASSERT_FALSE(file.empty());
  std::string bytes = readBytes(file);
  const size_t count_at = sizeof(uint32_t) + sizeof(layout::Rect);
  uint64_t count = 0;
  ASSERT_GT(bytes.size(), count_at + sizeof count);
  std::memcpy(&count, bytes.data() + count_at, sizeof count);
  ASSERT_EQ(count, 1u) << "the cache file's layout changed; update this test";
  count = (uint64_t{1} << 26) - 1;
  std::memcpy(bytes.data() + count_at, &count, sizeof count);
  writeBytes(file, bytes);

  layout::BoxGraph graph;
  graph.boxes.resize(1);
  const long before = peakRssMb();
  EXPECT_FALSE(layout::LayoutCache(dir.path()).find(7, graph, true));
  EXPECT_LT(peakRssMb() - before, 64) << "reading a " << bytes.size() << "-byte file";
}

// A pickle string whose length field says 4 GiB: libtorch's unpickler allocated it before
// finding the pickle holds 200 bytes.
TEST(ReaderRegression, StateDictStringLongerThanThePickleAllocatesNothing) {
  const auto file = regression("state_dict", "huge_binunicode.pt");
  torchscript::readStateDict(dataDir() / "torch_ir" /
                             "RecurrentUnroll.state_dict.pt"); // loads libtorch
  const long before = peakRssMb();
  try {
    torchscript::readStateDict(file);
    FAIL() << "read";
  } catch (const torchscript::ExtractionError& error) {
    expectOneLine(error.what(), file.string() + ": ");
  }
  EXPECT_LT(peakRssMb() - before, 256);
}

} // namespace
} // namespace irscope::testing
