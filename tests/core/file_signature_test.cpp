// The one way irscope tells a file's kind: by its first bytes, on the fixtures and on crafted
// heads.
#include "core/file_signature.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope {
namespace {

std::filesystem::path fixture(const std::string& name) {
  return testing::dataDir() / "torch_ir" / name;
}

TEST(FileSignature, TellsTheFixturesApart) {
  EXPECT_EQ(fileSignature(fixture("DeepResNet.json")), FileSignature::Json);
  EXPECT_EQ(fileSignature(fixture("DeepResNet.in0.npy")), FileSignature::Npy);
  EXPECT_EQ(fileSignature(fixture("DeepResNet.safetensors")), FileSignature::Safetensors);
  EXPECT_EQ(fileSignature(fixture("DeepResNet.ts.pt")), FileSignature::Zip);
  EXPECT_EQ(fileSignature(fixture("DeepResNet.state_dict.pt")), FileSignature::Zip);
  EXPECT_EQ(fileSignature(fixture("no-such-file.json")), FileSignature::Missing);
  EXPECT_EQ(fileSignature(testing::dataDir()), FileSignature::Missing); // a folder
}

TEST(FileSignature, ReadsCraftedHeads) {
  using namespace std::string_view_literals;
  EXPECT_EQ(signatureOfBytes(""), FileSignature::Empty);
  EXPECT_EQ(signatureOfBytes("PK\x03\x04rest"sv), FileSignature::Zip);
  EXPECT_EQ(signatureOfBytes("PK\x05\x06"sv), FileSignature::Other); // an empty zip's end record
  EXPECT_EQ(signatureOfBytes("\x80\x02}q\x00"sv), FileSignature::Pickle);
  EXPECT_EQ(signatureOfBytes("\x80\x09"sv), FileSignature::Other); // no such protocol
  EXPECT_EQ(signatureOfBytes("\x93NUMPY\x01\x00"sv), FileSignature::Npy);
  EXPECT_EQ(signatureOfBytes("\x10\x00\x00\x00\x00\x00\x00\x00{\"a\":1}"sv),
            FileSignature::Safetensors);
  EXPECT_EQ(signatureOfBytes("\xEF\xBB\xBF \n\t{\"nodes\": []}"sv), FileSignature::Json);
  EXPECT_EQ(signatureOfBytes("[1, 2]"), FileSignature::Json);
  EXPECT_EQ(signatureOfBytes("hello"), FileSignature::Other);
}

} // namespace
} // namespace irscope
