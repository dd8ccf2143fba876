// npy and safetensors files written by numpy and the safetensors package: read them, check them
// against the IR JSON of the same model, and write them back byte for byte.
#include "core/dtype.h"
#include "io/load_error.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "tests/support/test_files.h"

#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace irscope::io {
namespace {

using testing::dataDir;
using testing::readText;
using testing::TempDir;
using testing::writeText;

std::filesystem::path fixture(const std::string& file) {
  return dataDir() / "torch_ir" / file;
}

std::string loadError(const std::function<void()>& read) {
  try {
    read();
  } catch (const LoadError& error) {
    return error.what();
  }
  return "";
}

std::vector<std::filesystem::path> filesEndingWith(const std::string& suffix) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dataDir() / "torch_ir")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Npy, ReadsGoldenInputsWithTheShapesTheIrDeclares) {
  const TensorData input = readNpy(fixture("DeepResNet.in0.npy"));
  const ir::Graph graph = readTorchIrFile(fixture("DeepResNet.json"));
  EXPECT_EQ(input.dtype, graph.inputs[0].dtype);
  EXPECT_EQ(input.shape, graph.inputs[0].shape);
  EXPECT_EQ(input.bytes.size(), 1u * 3 * 32 * 32 * 4);
  const TensorData output = readNpy(fixture("DeepResNet.out0.npy"));
  EXPECT_EQ(output.shape, graph.outputs[0].shape);
}

TEST(Npy, ReadsTokenIdsAsInt64InTheEmbeddingsRange) {
  const TensorData ids = readNpy(fixture("WeightTying.in0.npy"));
  EXPECT_EQ(ids.dtype, "int64");
  EXPECT_EQ(ids.shape, (ir::Shape{1, 16}));
  for (size_t i = 0; i < 16; ++i) {
    int64_t id = 0;
    std::memcpy(&id, ids.bytes.data() + 8 * i, 8);
    EXPECT_GE(id, 0);
    EXPECT_LT(id, 100); // WeightTying's embedding has 100 rows
  }
}

TEST(Npy, WritesEveryFixtureBackByteForByte) {
  const auto files = filesEndingWith(".npy");
  ASSERT_GE(files.size(), 20u);
  for (const auto& file : files) {
    const std::string written = npyBytes(readNpy(file));
    EXPECT_TRUE(written == readText(file)) << file << ": " << written.size() << " bytes written";
  }
}

TEST(Npy, WritesScalarsAndVectorsAsNumpyDoes) {
  TensorData vector{"float32", {3}, std::vector<std::byte>(12)};
  EXPECT_NE(npyBytes(vector).find("'shape': (3,), }"), std::string::npos);
  TensorData scalar{"int64", {}, std::vector<std::byte>(8)};
  const std::string bytes = npyBytes(scalar);
  EXPECT_NE(bytes.find("'shape': (), }"), std::string::npos);
  EXPECT_EQ((bytes.size() - 8) % 64, 0u); // data starts on a 64-byte boundary
  TempDir dir;
  writeNpy(scalar, dir / "s.npy");
  EXPECT_EQ(readNpy(dir / "s.npy"), scalar);
}

TEST(Npy, RefusesWhatItCannotReadWithOneLine) {
  TempDir dir;
  const std::string good = readText(fixture("DeepResNet.out0.npy"));
  auto check = [&](const std::string& name, const std::string& content,
                   const std::string& expected) {
    writeText(dir / name, content);
    const std::string message = loadError([&] { readNpy(dir / name); });
    EXPECT_EQ(message.rfind((dir / name).string() + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  };
  check("empty.npy", "", "not a .npy file");
  check("text.npy", "hello world", "not a .npy file");
  check("truncated.npy", good.substr(0, good.size() - 7), "file is truncated");
  check("trailing.npy", good + "xx", "data past the end");
  // A header that claims 40 GB in a file of a few hundred bytes is refused before allocating.
  std::string huge = good;
  const size_t shape = huge.find("'shape': (");
  huge.replace(shape, huge.find(')', shape) - shape + 1, "'shape': (10000000000,)");
  check("huge.npy", huge, "the file holds");
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  check("fortran.npy", fortran, "Fortran order");
  std::string big = good;
  big.replace(big.find("<f4"), 3, ">f4");
  check("big.npy", big, "big-endian");
  std::string complex = good;
  complex.replace(complex.find("<f4"), 3, "<c8");
  check("complex.npy", complex, "unsupported array dtype '<c8'");
  EXPECT_NE(loadError([&] { readNpy(dir / "absent.npy"); }).find("no such file"),
            std::string::npos);
}

TEST(TensorFiles, RefuseWhatIsNotARegularFile) {
  TempDir dir;
  EXPECT_NE(loadError([&] { readNpy(dir.path()); }).find("is a directory, not a file"),
            std::string::npos);
  EXPECT_NE(loadError([&] { readSafetensors(dir.path()); }).find("is a directory, not a file"),
            std::string::npos);
  EXPECT_NE(
      loadError([&] { readSafetensors("/dev/zero"); }).find("/dev/zero: is not a regular file"),
      std::string::npos);
}

TEST(Safetensors, HoldsExactlyTheWeightsTheIrNames) {
  for (const char* model : {"DeepResNet", "WeightTying", "TransformerBlock", "SiameseEncoder"}) {
    const SafetensorsFile weights = readSafetensors(fixture(std::string(model) + ".safetensors"));
    const ir::Graph graph = readTorchIrFile(fixture(std::string(model) + ".json"));
    std::map<std::string, ir::Shape> expected;
    for (const ir::Weight& weight : graph.weights)
      expected[weight.name] = weight.shape; // a tied weight is listed twice, stored once
    std::map<std::string, ir::Shape> actual;
    for (const auto& [name, tensor] : weights.tensors) {
      actual[name] = tensor.shape;
      EXPECT_EQ(tensor.bytes.size(),
                static_cast<size_t>(*ir::elementCount(tensor.shape)) * *ir::dtypeSize(tensor.dtype))
          << name;
    }
    EXPECT_EQ(actual, expected) << model;
  }
}

TEST(Safetensors, KeepsInt64Buffers) {
  const SafetensorsFile weights = readSafetensors(fixture("DeepResNet.safetensors"));
  const auto steps =
      std::find_if(weights.tensors.begin(), weights.tensors.end(),
                   [](const auto& t) { return t.first == "bn1.num_batches_tracked"; });
  ASSERT_NE(steps, weights.tensors.end());
  EXPECT_EQ(steps->second.dtype, "int64");
  EXPECT_EQ(steps->second.shape, ir::Shape{});
}

TEST(Safetensors, WritesEveryFixtureBackByteForByte) {
  const auto files = filesEndingWith(".safetensors");
  ASSERT_EQ(files.size(), 9u);
  for (const auto& file : files) {
    const std::string written = safetensorsBytes(readSafetensors(file));
    const std::string original = readText(file);
    EXPECT_TRUE(written == original)
        << file << ": wrote " << written.size() << " bytes, header " << written.substr(8, 200)
        << "\n  expected " << original.substr(8, 200);
  }
}

TEST(Safetensors, RoundTripsMetadataAndOtherDtypes) {
  SafetensorsFile file;
  file.metadata["format"] = "pt";
  file.tensors.push_back({"a.half", {"bfloat16", {2, 2}, std::vector<std::byte>(8, std::byte{7})}});
  file.tensors.push_back({"b.ids", {"int32", {3}, std::vector<std::byte>(12, std::byte{1})}});
  file.tensors.push_back({"c.mask", {"bool", {4}, std::vector<std::byte>(4, std::byte{1})}});
  TempDir dir;
  writeSafetensors(file, dir / "w.safetensors");
  const SafetensorsFile back = readSafetensors(dir / "w.safetensors");
  EXPECT_EQ(back.metadata, file.metadata);
  ASSERT_EQ(back.tensors.size(), 3u);
  for (const auto& [name, tensor] : file.tensors) {
    const auto it = std::find_if(back.tensors.begin(), back.tensors.end(),
                                 [&](const auto& t) { return t.first == name; });
    ASSERT_NE(it, back.tensors.end()) << name;
    EXPECT_EQ(it->second, tensor) << name;
  }
}

TEST(Safetensors, RefusesMalformedFilesWithOneLine) {
  TempDir dir;
  const std::string good = readText(fixture("RecurrentUnroll.safetensors"));
  uint64_t header_size = 0;
  std::memcpy(&header_size, good.data(), 8);
  const std::string header = good.substr(8, header_size);
  auto withHeader = [&](std::string changed) {
    changed.resize(header.size(), ' '); // keep the layout
    return good.substr(0, 8) + changed + good.substr(8 + header.size());
  };
  auto check = [&](const std::string& name, const std::string& content,
                   const std::string& expected) {
    writeText(dir / name, content);
    const std::string message = loadError([&] { readSafetensors(dir / name); });
    EXPECT_EQ(message.rfind((dir / name).string() + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  };
  check("empty.safetensors", "", "too short");
  check("json.safetensors", std::string("{\"a\": 1}") + std::string(40, ' '),
        "not a safetensors file");
  check("truncated.safetensors", good.substr(0, good.size() - 100), "file is truncated");
  check("trailing.safetensors", good + "junk", "bytes after the last tensor");
  std::string bad_dtype = header;
  bad_dtype.replace(bad_dtype.find("\"F32\""), 5, "\"Q4\" ");
  check("dtype.safetensors", withHeader(bad_dtype), "unknown dtype \"Q4\"");
  std::string bad_shape = header;
  bad_shape.replace(bad_shape.find("[32,32]"), 7, "[32,16]");
  check("shape.safetensors", withHeader(bad_shape), "do not hold [32, 16] float32");
  std::string not_json = header;
  not_json[0] = '[';
  check("notjson.safetensors", withHeader(not_json), "header is not valid JSON");
  // A bare number is not a shape, even when it would iterate as one dimension of the right size.
  std::string number_shape = header;
  number_shape.replace(number_shape.find("[32],"), 5, "32,  ");
  check("numbershape.safetensors", withHeader(number_shape), "bad shape 32");
}

} // namespace
} // namespace irscope::io
