// The built-in TTNN mapping and user mapping files: every op type of the fixtures and the
// examples is mapped, malformed files get one line naming the entry, and coverage counts.
#include "core/op_configuration.h"
#include "core/op_coverage.h"
#include "io/coverage_report.h"
#include "io/load_error.h"
#include "io/model_file.h"
#include "io/op_mapping_file.h"
#include "io/sha256.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <set>

namespace irscope::io {
namespace {

using testing::dataDir;

std::vector<std::filesystem::path> modelFiles() {
  std::vector<std::filesystem::path> files;
  for (const std::string& name : testing::torchIrFixtureNames())
    files.push_back(dataDir() / "torch_ir" / (name + ".json"));
  files.push_back(std::filesystem::path(IRSCOPE_SOURCE_DIR) / "resources/examples/resnet18.json");
  files.push_back(std::filesystem::path(IRSCOPE_SOURCE_DIR) /
                  "resources/examples/TransformerBlock.json");
  return files;
}

TEST(OpMappingFile, TheBuiltInTableMapsEveryOpTypeOfTheFixturesAndExamples) {
  const ir::OpMapping& mapping = defaultOpMapping();
  EXPECT_EQ(mapping.target, "TTNN");
  std::set<std::string> seen;
  for (const auto& file : modelFiles())
    for (const ir::Node& node : loadModelFile(file).nodes)
      if (!node.isGetItem())
        seen.insert(node.op_type);
  ASSERT_GT(seen.size(), 20u);
  for (const std::string& op : seen)
    EXPECT_NE(mapping.find(op), nullptr) << op << " has no entry";
  // And the torchvision classification models' ops beyond those.
  for (const char* op :
       {"aten.hardtanh_.default", "aten.hardswish_.default", "aten.hardsigmoid.default",
        "aten.silu_.default", "aten.sigmoid.default", "aten.mul.Tensor", "aten.mean.dim",
        "aten.chunk.default", "aten.roll.default", "aten.pad.default", "aten.index.Tensor",
        "aten.masked_fill.Scalar", "aten.stack.default", "aten.reshape.default"})
    EXPECT_NE(mapping.find(op), nullptr) << op;
}

std::string parseError(const std::string& json) {
  try {
    parseOpMapping(json, "mine.json");
  } catch (const LoadError& error) {
    return error.what();
  }
  return "no error";
}

std::string withEntry(const std::string& entry) {
  return R"({"format": "irscope-op-mapping", "version": 1, "target": "X", "ops": {"aten.relu.default": )" +
         entry + "}}";
}

TEST(OpMappingFile, AMalformedFileGetsOneLineNamingTheEntry) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "mine.json: JSON: not valid JSON"},
      {R"({"format": "other", "version": 1})",
       "mine.json: format: expected \"irscope-op-mapping\""},
      {withEntry(R"({"targets": ["x"], "status": "done"})"),
       "ops[\"aten.relu.default\"].status: \"done\" is not converted"},
      {withEntry(R"({"status": "converted"})"),
       "ops[\"aten.relu.default\"].targets: a converted or decomposed op needs its target ops"},
      {withEntry(
           R"({"targets": ["x"], "status": "converted", "requires": [{"value": "input0.shap", "eq": 1}]})"),
       "ops[\"aten.relu.default\"].requires[0].value: \"input0.shap\""},
      {withEntry(
           R"({"targets": ["x"], "status": "converted", "requires": [{"value": "input0.rank", "eqq": 1}]})"),
       "ops[\"aten.relu.default\"].requires[0].eqq: unknown key"},
      {withEntry(
           R"({"targets": ["x"], "status": "converted", "requires": [{"value": "input0.rank"}]})"),
       "ops[\"aten.relu.default\"].requires[0]: has no predicate"},
      {withEntry(
           R"({"targets": ["x"], "status": "converted", "requires": [{"value": "input0.rank", "lt": "4"}]})"),
       "requires[0].lt: expected a number"},
      {withEntry(
           R"({"targets": ["x"], "status": "converted", "requires": [{"value": "input0.rank", "any_of": [{"eq": 1}, {"multiple_of": 0}]}]})"),
       "requires[0].any_of[1].multiple_of: expected a non-zero number"},
      {withEntry(R"({"targets": ["x"], "status": "converted", "colour": "red"})"),
       "ops[\"aten.relu.default\"].colour: unknown key"},
  };
  for (const auto& [json, expected] : cases) {
    const std::string message = parseError(json);
    EXPECT_EQ(message.rfind("mine.json: ", 0), 0u) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message << "\nexpected: " << expected;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(OpMappingFile, ResNet18sCoverage) {
  const ir::Graph graph =
      loadModelFile(std::filesystem::path(IRSCOPE_SOURCE_DIR) / "resources/examples/resnet18.json");
  std::vector<ir::ModelConfigurations> models{
      {"resnet18.json", &graph, ir::collectConfigurations(graph)}};
  const ir::CoverageReport report = ir::coverageOf(models, defaultOpMapping());
  auto op = [&](const std::string& name) -> const ir::OpCoverage& {
    for (const ir::OpCoverage& entry : report.ops)
      if (entry.op == name)
        return entry;
    throw std::runtime_error("no " + name);
  };
  // One stem pool on 64 channels: converted. The head's global pool (7x7 -> 1x1) has no ttnn
  // op and falls back, with the node's own values in the reason.
  EXPECT_EQ(op("aten.max_pool2d.default").converted, 1u);
  const ir::OpCoverage& global = op("aten.adaptive_avg_pool2d.default");
  ASSERT_EQ(global.fallback, 1u);
  EXPECT_EQ(global.configurations[0].reason,
            "adaptive_avg_pool2d: [1, 1] output size; only an identity pool (output size = input "
            "H,W) is removed; ttnn has no adaptive pooling");
  EXPECT_EQ(global.completed(), "✘");
  // Totals add up, and nothing in resnet18 is unmapped.
  size_t variations = 0;
  for (const ir::OpCoverage& entry : report.ops)
    variations += entry.converted + entry.removed + entry.fallback + entry.unmapped;
  EXPECT_EQ(report.totals.variations, variations);
  EXPECT_EQ(report.totals.unmapped, 0u);
  EXPECT_EQ(report.totals.nodes, graph.nodes.size());

  // A user's mapping overrides an entry: pools now need 128 channels.
  ir::OpMapping mine = defaultOpMapping();
  mine.override(parseOpMapping(
      R"({"format": "irscope-op-mapping", "version": 1, "target": "TTNN", "ops": {
          "aten.max_pool2d.default": {"targets": ["ttnn.max_pool2d"], "status": "converted",
            "requires": [{"value": "input0.shape[-3]", "multiple_of": 128, "label": "channels",
                          "because": "needs a multiple of 128"}]}}})",
      "mine.json"));
  const ir::CoverageReport overridden = ir::coverageOf(models, mine);
  for (const ir::OpCoverage& entry : overridden.ops)
    if (entry.op == "aten.max_pool2d.default") {
      ASSERT_EQ(entry.fallback, 1u);
      EXPECT_EQ(entry.configurations[0].reason, "max_pool2d: 64 channels; needs a multiple of 128");
      // The JSON report names the configuration by its hash.
      const Json json = coverageJson(overridden, mine.target);
      bool found = false;
      for (const Json& item : json["operations"])
        if (item["op"] == entry.op) {
          EXPECT_EQ(item["fallbacks"][0]["config_hash"],
                    sha256Hex(entry.configurations[0].configuration->text));
          found = true;
        }
      EXPECT_TRUE(found);
    }
}

TEST(OpMappingFile, ConfigurationsOfSeveralModelsAggregate) {
  const ir::Graph a = loadModelFile(dataDir() / "torch_ir" / "DeepResNet.json");
  const ir::Graph b = loadModelFile(dataDir() / "torch_ir" / "DeepResNet.json");
  std::vector<ir::ModelConfigurations> one{{"a", &a, ir::collectConfigurations(a)}};
  std::vector<ir::ModelConfigurations> two{{"a", &a, ir::collectConfigurations(a)},
                                           {"b", &b, ir::collectConfigurations(b)}};
  const auto single = ir::coverageOf(one, defaultOpMapping());
  const auto twice = ir::coverageOf(two, defaultOpMapping());
  // The same model twice: the same variations, twice the nodes.
  EXPECT_EQ(twice.totals.variations, single.totals.variations);
  EXPECT_EQ(twice.totals.nodes, 2 * single.totals.nodes);
  EXPECT_EQ(twice.models.size(), 2u);
}

} // namespace
} // namespace irscope::io
