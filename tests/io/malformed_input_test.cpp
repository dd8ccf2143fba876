// Bad input of every kind gets a one-line LoadError that names the file and the problem.
#include "io/load_error.h"
#include "io/model_file.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <fstream>
#include <gtest/gtest.h>

namespace irscope::io {
namespace {

using testing::TempDir;
using testing::writeText;

// The message of the LoadError that opening `path` throws, or "" when it opens.
std::string openError(const std::filesystem::path& path) {
  try {
    openModel(path);
  } catch (const LoadError& error) {
    return error.what();
  }
  return "";
}

void expectOneLineError(const std::string& message, const std::filesystem::path& path,
                        const std::string& expected_part) {
  ASSERT_FALSE(message.empty()) << "no error for " << path;
  EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find(expected_part), std::string::npos) << message;
}

const std::string kValid = writeTorchIrJson([] {
  irscope::testing::GraphBuilder b("valid");
  b.input("x", {1, 4});
  const std::string w = b.weight("fc.weight", {4, 4});
  b.op("linear", "aten.linear.default", {"x", w}, {1, 4});
  b.op("relu", "aten.relu.default", {"linear"}, {1, 4});
  b.output("relu");
  return b.build();
}());

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

struct Case {
  const char* name;
  std::string content;
  const char* expected;
};

class MalformedInput : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedInput, GivesOneLineErrorNamingTheFile) {
  TempDir dir;
  const auto path = dir / (std::string(GetParam().name) + ".json");
  writeText(path, GetParam().content);
  expectOneLineError(openError(path), path, GetParam().expected);
}

const Case kCases[] = {
    {"empty", "", "file is empty"},
    {"whitespace", "  \n ", "invalid JSON"},
    {"truncated", kValid.substr(0, kValid.size() / 2), "the file looks truncated"},
    {"binary", std::string("\x00\x01\x02\xff\xfe garbage", 13), "invalid JSON"},
    {"non_utf8", replaced(kValid, "\"valid\"", "\"va\xc3\x28lid\""), "invalid JSON"},
    {"json_array", "[1, 2, 3]", "top level: expected an object, got a list"},
    {"other_json", R"({"hello": "world"})", "is this a torch_ir IR file?"},
    {"missing_nodes", replaced(kValid, "\"nodes\"", "\"nodez\""), "missing required key \"nodes\""},
    {"missing_dtype", replaced(kValid, "\"dtype\": \"float32\"", "\"dtipe\": \"float32\""),
     "graph_inputs[0]: missing required key \"dtype\""},
    {"shape_as_string",
     replaced(kValid, "\"shape\": [\n        1,\n        4\n      ]", "\"shape\": \"1x4\""),
     "graph_inputs[0].shape: expected a list of integers, got a string"},
    {"negative_dim", replaced(kValid, "\"shape\": [\n        1,", "\"shape\": [\n        -1,"),
     "graph_inputs[0].shape[0]: negative dimension -1"},
    {"float_dims",
     replaced(kValid, "\"shape\": [\n        1,\n        4\n      ]", "\"shape\": [1e18, 1e18]"),
     "graph_inputs[0].shape[0]: expected an integer dimension, got 1e+18"},
    {"overflowing_dims",
     replaced(kValid, "\"shape\": [\n        1,\n        4\n      ]",
              "\"shape\": [1000000000000000000, 1000000000000000000]"),
     "has more elements than fit in 64 bits"},
    {"dim_beyond_int64",
     replaced(kValid, "\"shape\": [\n        1,", "\"shape\": [\n        18446744073709551615,"),
     "dimension 18446744073709551615 is too large"},
    {"op_type_number", replaced(kValid, "\"op_type\": \"aten.relu.default\"", "\"op_type\": 7"),
     "nodes[1].op_type: expected a string, got an integer"},
    {"attrs_list", replaced(kValid, "\"attrs\": {}\n    }\n  ]", "\"attrs\": []\n    }\n  ]"),
     "nodes[1].attrs: expected an object, got a list"},
    {"dangling_producer",
     replaced(kValid, "\"producer_node\": \"linear\"", "\"producer_node\": \"ghost\""),
     "node 'relu': input 0 'linear': producer 'ghost' is neither a node nor a graph input"},
    {"missing_weight", replaced(kValid, "\"name\": \"fc.weight\"", "\"name\": \"fc.other\""),
     "node 'linear': input 1 'p_fc_weight': weight_name_mapping maps it to 'fc.weight'"},
    {"cycle", replaced(kValid, "\"producer_node\": \"x\"", "\"producer_node\": \"relu\""),
     "nodes form a cycle"},
    {"duplicate_names",
     replaced(kValid, "\"name\": \"relu\",\n      \"op_type\"",
              "\"name\": \"linear\",\n      \"op_type\""),
     "node name is used twice"},
    {"nesting_bomb", std::string(200000, '['), "JSON nests deeper than 256 levels"},
};

INSTANTIATE_TEST_SUITE_P(Cases, MalformedInput, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MalformedInput, ValidBaselineOpens) {
  TempDir dir;
  writeText(dir / "ok.json", kValid);
  EXPECT_EQ(openError(dir / "ok.json"), "");
}

TEST(MalformedInput, ReportsShapeMismatchWithoutRefusingTheFile) {
  TempDir dir;
  const auto path = dir / "mismatch.json";
  Json json = Json::parse(kValid);
  json["nodes"][1]["inputs"][0]["shape"] = {1, 5}; // relu's record of linear's output
  writeText(path, json.dump(2));
  const OpenedModel model = openModel(path);
  ASSERT_EQ(model.problems.size(), 1u);
  EXPECT_NE(model.problems[0].message.find("recorded as [1, 5] float32"), std::string::npos);
}

TEST(MalformedInput, RefusesFilesOverOneGibibyteWithoutReadingThem) {
  TempDir dir;
  const auto path = dir / "bomb.json";
  writeText(path, std::string(100000, '['));
  std::filesystem::resize_file(path, (uint64_t{1} << 30) + (uint64_t{100} << 20)); // sparse
  expectOneLineError(openError(path), path, "irscope reads IR JSON files of up to 1 GiB");
}

TEST(MalformedInput, RefusesWhatIsNotARegularFile) {
  TempDir dir;
  expectOneLineError(openError(dir.path()), dir.path(), "is a directory");
  expectOneLineError(openError(dir / "absent.json"), dir / "absent.json", "no such file");
  expectOneLineError(openError("/dev/zero"), "/dev/zero", "is not a regular file");
}

TEST(MalformedInput, NamesPyTorchArchivesAndPickles) {
  TempDir dir;
  writeText(dir / "model.pt", std::string("PK\x03\x04rest", 8));
  expectOneLineError(openError(dir / "model.pt"), dir / "model.pt", "is a zip archive");
  writeText(dir / "old.pt", std::string("\x80\x02}q\x00", 5));
  expectOneLineError(openError(dir / "old.pt"), dir / "old.pt", "is a Python pickle");
}

TEST(MalformedInput, LimitsTheMessageOfManyStructuralProblemsToOneLine) {
  TempDir dir;
  const auto path = dir / "many.json";
  std::string text =
      replaced(kValid, "\"producer_node\": \"linear\"", "\"producer_node\": \"ghost\"");
  text = replaced(text, "\"producer_node\": \"x\"", "\"producer_node\": \"ghost2\"");
  writeText(path, text);
  expectOneLineError(openError(path), path, "(and 1 more; `irscope-cli validate` lists them)");
}

} // namespace
} // namespace irscope::io
