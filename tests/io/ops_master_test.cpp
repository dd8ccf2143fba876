// The operations master file (seed 003, v2): configurations counted independently of the code
// under test, config_hash against hand-written json.dumps text, merging (idempotent, counts kept
// at their maximum, other models adding executions), hostile files, and the analyzer's output.
#include "io/load_error.h"
#include "io/ops_master.h"
#include "io/sha256.h"
#include "io/torch_ir_reader.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace irscope::io {
namespace {

using testing::dataDir;
using testing::readText;
using testing::TempDir;
using testing::writeText;

std::filesystem::path fixture(const std::string& name) {
  return dataDir() / "torch_ir" / (name + ".json");
}

std::vector<std::filesystem::path> allModels() {
  std::vector<std::filesystem::path> files;
  for (const std::string& name : testing::torchIrFixtureNames())
    files.push_back(fixture(name));
  files.push_back(dataDir() / ".." / ".." / "resources" / "examples" / "resnet18.json");
  return files;
}

// Per op, the distinct configurations and the node count, read straight from the file's JSON
// (not through irscope's reader): a configuration is the inputs' [shape, dtype] pairs and the
// attrs that do not start with "_", as one canonical (key-sorted) dump.
struct IndependentCount {
  std::map<std::string, std::set<std::string>> configurations;
  std::map<std::string, int64_t> nodes;
};

void countIndependently(const std::filesystem::path& file, IndependentCount& count) {
  const OpsJson model = OpsJson::parse(readText(file));
  for (const OpsJson& node : model["nodes"]) {
    const std::string op = node["op_type"];
    if (op == "<built-in function getitem>")
      continue;
    OpsJson key = OpsJson::object();
    key["inputs"] = OpsJson::array();
    for (const OpsJson& input : node["inputs"])
      key["inputs"].push_back(OpsJson::array({input["shape"], input["dtype"]}));
    key["attrs"] = OpsJson::object();
    for (const auto& [name, value] : node["attrs"].items())
      if (name[0] != '_')
        key["attrs"][name] = value;
    count.configurations[op].insert(key.dump());
    ++count.nodes[op];
  }
}

OpsJson masterOf(const std::vector<std::filesystem::path>& files, const OpsJson* existing = nullptr,
                 OpsMasterChanges* changes = nullptr) {
  std::vector<OpsModel> models;
  for (const auto& file : files)
    models.emplace_back(file.string(), readTorchIrFile(file));
  return buildOpsMaster(models, existing, "2024-01-02 03:04:05", changes);
}

void expectMatchesIndependentCount(const OpsJson& master, const IndependentCount& count,
                                   const std::string& what) {
  const OpsJson& operations = master["operations"];
  ASSERT_EQ(operations.size(), count.configurations.size()) << what;
  size_t total = 0;
  std::set<int64_t> ids;
  for (const auto& [op, expected] : count.configurations) {
    ASSERT_TRUE(operations.contains(op)) << what << " " << op;
    const OpsJson& configurations = operations[op]["configurations"];
    EXPECT_EQ(configurations.size(), expected.size()) << what << " " << op;
    int64_t nodes = 0;
    for (const OpsJson& configuration : configurations) {
      ids.insert(configuration["config_id"].get<int64_t>());
      for (const OpsJson& execution : configuration["executions"]) {
        nodes += execution["count"].get<int64_t>();
        EXPECT_TRUE(execution["machine_info"].is_null());
        EXPECT_TRUE(execution["trace_uid"].is_null());
      }
    }
    EXPECT_EQ(nodes, count.nodes.at(op)) << what << " " << op;
    EXPECT_EQ(master["metadata"]["operations_summary"][op], expected.size()) << what << " " << op;
    total += expected.size();
  }
  EXPECT_EQ(master["metadata"]["unique_operations"], count.configurations.size()) << what;
  EXPECT_EQ(master["metadata"]["total_configurations"], total) << what;
  // config_id: 1, 2, ..., total, each once.
  EXPECT_EQ(ids.size(), total) << what;
  EXPECT_EQ(*ids.begin(), 1) << what;
  EXPECT_EQ(*ids.rbegin(), static_cast<int64_t>(total)) << what;
}

TEST(OpsMaster, ConfigurationsOfEveryFixtureMatchAnIndependentCount) {
  for (const auto& file : allModels()) {
    IndependentCount count;
    countIndependently(file, count);
    const OpsJson master = masterOf({file});
    expectMatchesIndependentCount(master, count, file.string());
    EXPECT_EQ(master["metadata"]["models"], OpsJson::array({file.string()}));
    EXPECT_EQ(master["metadata"]["last_updated"], "2024-01-02 03:04:05");
  }
}

TEST(OpsMaster, AllFixturesTogetherMatchTheUnionOfTheirConfigurations) {
  IndependentCount count;
  for (const auto& file : allModels())
    countIndependently(file, count);
  expectMatchesIndependentCount(masterOf(allModels()), count, "all fixtures");
}

TEST(OpsMaster, SelfAttentionsLinearsAreOneConfigurationOfFourNodes) {
  // Read off the fixture: q, k, v and out projections all take [1, 16, 64] through 64x64.
  const OpsJson master = masterOf({fixture("SelfAttention")});
  const OpsJson& linear = master["operations"]["aten.linear.default"]["configurations"];
  ASSERT_EQ(linear.size(), 1u);
  EXPECT_EQ(linear[0]["executions"][0]["count"], 4);
  const OpsJson expected = OpsJson::parse(R"({
    "arg0": {"type": "torch.Tensor", "shape": [1, 16, 64], "dtype": "torch.float32"},
    "arg1": {"type": "torch.Tensor", "shape": [64, 64], "dtype": "torch.float32"},
    "arg2": {"type": "torch.Tensor", "shape": [64], "dtype": "torch.float32"}})");
  EXPECT_EQ(linear[0]["arguments"], expected);
  // transpose.int: (1,2) on [1,16,4,16] three times, (-2,-1) and (1,2) on [1,4,16,16] once.
  EXPECT_EQ(master["operations"]["aten.transpose.int"]["configurations"].size(), 3u);
}

TEST(OpsMaster, ConfigHashIsSha256OfPythonsJsonDumpsText) {
  testing::GraphBuilder b("tiny");
  b.input("x", {2, 3});
  const std::string w = b.weight("ln.weight", {3});
  Json ln_attrs = Json::object();
  ln_attrs["normalized_shape"] = Json::array({3});
  ln_attrs["eps"] = 1e-05;
  ln_attrs["_bookkeeping"] = 7; // not an argument
  b.op("ln", "aten.layer_norm.default", {"x", w}, {2, 3}, ln_attrs);
  Json mul_attrs = Json::object();
  mul_attrs["other"] = 2.0;
  b.op("mul", "aten.mul.Tensor", {"ln"}, {2, 3}, mul_attrs);
  b.output("mul");
  const OpsJson master = buildOpsMaster({{"tiny.json", b.build()}}, nullptr, "x");

  // Written by hand as json.dumps(..., sort_keys=True) lays it out: ", " and ": ", 1e-05, 2.0.
  const std::string ln_text =
      R"({"arguments": {"arg0": {"dtype": "torch.float32", "shape": [2, 3], "type": )"
      R"("torch.Tensor"}, "arg1": {"dtype": "torch.float32", "shape": [3], "type": )"
      R"("torch.Tensor"}, "eps": 1e-05, "normalized_shape": [3]}, "operation": )"
      R"("aten.layer_norm.default"})";
  const std::string mul_text =
      R"({"arguments": {"arg0": {"dtype": "torch.float32", "shape": [2, 3], "type": )"
      R"("torch.Tensor"}, "other": 2.0}, "operation": "aten.mul.Tensor"})";
  const OpsJson& ln = master["operations"]["aten.layer_norm.default"]["configurations"][0];
  const OpsJson& mul = master["operations"]["aten.mul.Tensor"]["configurations"][0];
  EXPECT_EQ(ln["config_hash"], sha256Hex(ln_text));
  EXPECT_EQ(mul["config_hash"], sha256Hex(mul_text));
  // The same texts hashed by Python's hashlib.
  EXPECT_EQ(ln["config_hash"], "d8a7470ed4a6399dd50f2104525f6742697aff10b48b833065482c708d1f743e");
  EXPECT_EQ(mul["config_hash"], "214775bc936d269f52ba567a73dfbe281ce1f65e7583e0f77836d73dcb0d2fb7");
  EXPECT_FALSE(ln["arguments"].contains("_bookkeeping"));
}

TEST(OpsMaster, MergingTheSameModelAgainLeavesTheFileByteIdentical) {
  TempDir dir;
  const auto file = dir / "master.json";
  writeText(file, opsMasterText(masterOf({fixture("DeepResNet")})));
  const std::string before = readText(file);

  const OpsJson read = readOpsMaster(file);
  EXPECT_EQ(opsMasterText(read), before); // reading and writing back changes nothing
  OpsMasterChanges changes;
  std::vector<OpsModel> again{
      {fixture("DeepResNet").string(), readTorchIrFile(fixture("DeepResNet"))}};
  const OpsJson merged = buildOpsMaster(again, &read, "2099-12-31 23:59:59", &changes);
  EXPECT_FALSE(changes.changed);
  EXPECT_EQ(changes.new_configurations, 0u);
  EXPECT_EQ(changes.new_executions, 0u);
  writeText(file, opsMasterText(merged));
  EXPECT_EQ(readText(file), before);
  EXPECT_EQ(merged["metadata"]["last_updated"], "2024-01-02 03:04:05");
}

TEST(OpsMaster, MergingAnotherModelAddsExecutionsAndConfigurationsOnly) {
  const OpsJson first = masterOf({fixture("SelfAttention")});
  OpsMasterChanges changes;
  const OpsJson merged = masterOf({fixture("CrossAttention")}, &first, &changes);
  EXPECT_TRUE(changes.changed);

  IndependentCount count;
  countIndependently(fixture("SelfAttention"), count);
  countIndependently(fixture("CrossAttention"), count);
  expectMatchesIndependentCount(merged, count, "SelfAttention + CrossAttention");
  EXPECT_EQ(merged["metadata"]["models"], OpsJson::array({fixture("SelfAttention").string(),
                                                          fixture("CrossAttention").string()}));

  // Every configuration of the first master is still there, same id, same hash, same arguments,
  // its SelfAttention execution unchanged; new ones come after the largest id.
  const int64_t largest = first["metadata"]["total_configurations"].get<int64_t>();
  for (const auto& [op, entry] : first["operations"].items()) {
    const OpsJson& now = merged["operations"][op]["configurations"];
    for (size_t i = 0; i < entry["configurations"].size(); ++i) {
      const OpsJson& was = entry["configurations"][i];
      EXPECT_EQ(now[i]["config_id"], was["config_id"]);
      EXPECT_EQ(now[i]["config_hash"], was["config_hash"]);
      EXPECT_EQ(now[i]["arguments"], was["arguments"]);
      EXPECT_EQ(now[i]["executions"][0], was["executions"][0]);
    }
  }
  size_t added = 0;
  for (const auto& [op, entry] : merged["operations"].items())
    for (const OpsJson& configuration : entry["configurations"])
      if (configuration["config_id"].get<int64_t>() > largest) {
        ++added;
        ASSERT_EQ(configuration["executions"].size(), 1u);
        EXPECT_EQ(configuration["executions"][0]["source"], fixture("CrossAttention").string());
      }
  EXPECT_EQ(added, changes.new_configurations);
  EXPECT_GT(changes.new_executions, changes.new_configurations); // some configurations shared
}

TEST(OpsMaster, TheSameGraphFromAnotherSourceAddsAnExecutionToEachConfiguration) {
  const ir::Graph graph = readTorchIrFile(fixture("WeightTying"));
  const OpsJson first = buildOpsMaster({{"a.json", graph}}, nullptr, "t0");
  const OpsJson both = buildOpsMaster({{"b.json", graph}}, &first, "t1");
  EXPECT_EQ(both["metadata"]["total_configurations"], first["metadata"]["total_configurations"]);
  EXPECT_EQ(both["metadata"]["models"], OpsJson::array({"a.json", "b.json"}));
  EXPECT_EQ(both["metadata"]["last_updated"], "t1");
  for (const auto& [op, entry] : both["operations"].items())
    for (const OpsJson& configuration : entry["configurations"]) {
      ASSERT_EQ(configuration["executions"].size(), 2u) << op;
      EXPECT_EQ(configuration["executions"][0]["source"], "a.json");
      EXPECT_EQ(configuration["executions"][1]["source"], "b.json");
      EXPECT_EQ(configuration["executions"][0]["count"], configuration["executions"][1]["count"]);
    }
}

TEST(OpsMaster, ASourceSeenAgainKeepsTheLargerCount) {
  testing::GraphBuilder b("relus");
  b.input("x", {4});
  b.op("r1", "aten.relu.default", {"x"}, {4});
  const ir::Graph one = b.build();
  b.op("r2", "aten.relu.default", {"r1"}, {4});
  b.op("r3", "aten.relu.default", {"r2"}, {4});
  const ir::Graph three = b.build();

  const auto countOf = [](const OpsJson& master) {
    const OpsJson& configurations = master["operations"]["aten.relu.default"]["configurations"];
    EXPECT_EQ(configurations.size(), 1u);
    EXPECT_EQ(configurations[0]["executions"].size(), 1u);
    return configurations[0]["executions"][0]["count"].get<int64_t>();
  };
  const OpsJson first = buildOpsMaster({{"m.json", one}}, nullptr, "t0");
  EXPECT_EQ(countOf(first), 1);
  const OpsJson raised = buildOpsMaster({{"m.json", three}}, &first, "t1");
  EXPECT_EQ(countOf(raised), 3);
  EXPECT_EQ(raised["metadata"]["last_updated"], "t1");
  OpsMasterChanges changes;
  const OpsJson kept = buildOpsMaster({{"m.json", one}}, &raised, "t2", &changes);
  EXPECT_EQ(countOf(kept), 3);
  EXPECT_FALSE(changes.changed);
  EXPECT_EQ(kept, raised);
}

TEST(OpsMaster, KeepsWhatItDoesNotKnowInAnExistingMaster) {
  const OpsJson existing = parseOpsMaster(R"({
    "operations": {"ttnn.add": {"configurations": [{
      "config_id": 41, "config_hash": "abc", "sweep_source_hash": "s",
      "arguments": {"arg0": {"type": "ttnn.Tensor", "original_shape": [1, 32]}},
      "executions": [{"source": "models/x.py", "count": 2, "trace_uid": "u",
                      "machine_info": {"board_type": "Wormhole", "device_series": "n300",
                                       "card_count": 1}}]}]}},
    "metadata": {"models": ["models/x.py"], "trace_run_ids": [7], "last_updated": "old"}})",
                                          "m.json");
  const OpsJson merged = masterOf({fixture("WeightTying")}, &existing);
  EXPECT_EQ(merged["operations"]["ttnn.add"], existing["operations"]["ttnn.add"]);
  EXPECT_EQ(merged["metadata"]["trace_run_ids"], OpsJson::array({7}));
  EXPECT_EQ(merged["metadata"]["models"][0], "models/x.py");
  // New ids count on from the file's largest.
  std::set<int64_t> ids;
  for (const auto& [op, entry] : merged["operations"].items())
    for (const OpsJson& configuration : entry["configurations"])
      ids.insert(configuration["config_id"].get<int64_t>());
  EXPECT_EQ(*ids.begin(), 41);
  EXPECT_EQ(*std::next(ids.begin()), 42);
}

struct Malformed {
  const char* name;
  std::string text;
  const char* expected;
};

const std::string kConfig =
    R"({"config_id": 1, "config_hash": "h", "arguments": {}, "executions": []})";

std::string withFourth(const std::string& fourth) {
  return R"({"operations": {"aten.relu.default": {"configurations": [)" + kConfig + ", " + kConfig +
         ", " + kConfig + ", " + fourth + "]}}}";
}

class MalformedMaster : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedMaster, IsRejectedInOneLineNamingTheFileAndThePath) {
  TempDir dir;
  const auto file = dir / "master.json";
  writeText(file, GetParam().text);
  std::string message;
  try {
    readOpsMaster(file);
  } catch (const LoadError& error) {
    message = error.what();
  }
  ASSERT_FALSE(message.empty()) << "accepted";
  EXPECT_EQ(message.rfind(file.string() + ": ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
}

const std::string kRelu = R"(operations["aten.relu.default"].configurations[3])";

INSTANTIATE_TEST_SUITE_P(
    Files, MalformedMaster,
    ::testing::Values(
        Malformed{"Empty", "", "file is empty"},
        Malformed{"NotJson", "{\"operations\": {", "invalid JSON"},
        Malformed{"Deep", std::string(5000, '[') + std::string(5000, ']'), "nests deeper"},
        Malformed{"List", "[]", "expected an object"},
        Malformed{"NoOperations", R"({"metadata": {}})", R"(missing required key "operations")"},
        Malformed{"OperationsList", R"({"operations": []})",
                  "operations: expected an object, got a list"},
        Malformed{"OpNotObject", R"({"operations": {"aten.relu.default": 3}})",
                  R"(operations["aten.relu.default"]: expected an object, got an integer)"},
        Malformed{"NoConfigurations", R"({"operations": {"aten.relu.default": {}}})",
                  R"(operations["aten.relu.default"]: missing required key "configurations")"},
        Malformed{"ArgumentsList",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": [],
                                 "executions": []})"),
                  R"(operations["aten.relu.default"].configurations[3].arguments: expected an )"
                  R"(object, got a list)"},
        Malformed{"ConfigIdString",
                  withFourth(R"({"config_id": "4", "config_hash": "h", "arguments": {},
                                 "executions": []})"),
                  "configurations[3].config_id: expected an integer, got a string"},
        Malformed{"ConfigIdZero",
                  withFourth(R"({"config_id": 0, "config_hash": "h", "arguments": {},
                                 "executions": []})"),
                  "configurations[3].config_id: expected an integer of at least 1, got 0"},
        Malformed{"ConfigIdFloat",
                  withFourth(R"({"config_id": 1.5, "config_hash": "h", "arguments": {},
                                 "executions": []})"),
                  "config_id: expected an integer, got a non-integer number"},
        Malformed{"NoHash", withFourth(R"({"config_id": 4, "arguments": {}, "executions": []})"),
                  R"(configurations[3]: missing required key "config_hash")"},
        Malformed{"ExecutionsObject",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": {}})"),
                  "configurations[3].executions: expected a list, got an object"},
        Malformed{"SourceNumber",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": [{"source": 1, "count": 1}]})"),
                  "configurations[3].executions[0].source: expected a string, got an integer"},
        Malformed{"NegativeCount",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": [{"source": "m", "count": -1}]})"),
                  "executions[0].count: expected an integer of at least 0, got -1"},
        Malformed{"HugeCount", withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": [{"source": "m", "count": 18446744073709551615}]})"),
                  "executions[0].count: expected an integer, got one too large"},
        Malformed{"MachineInfoString",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": [{"source": "m", "count": 1,
                                                 "machine_info": "n300"}]})"),
                  "executions[0].machine_info: expected an object, got a string"},
        Malformed{"TraceUidNumber",
                  withFourth(R"({"config_id": 4, "config_hash": "h", "arguments": {},
                                 "executions": [{"source": "m", "count": 1, "trace_uid": 5}]})"),
                  "executions[0].trace_uid: expected a string or null, got an integer"},
        Malformed{"MetadataList", R"({"operations": {}, "metadata": []})",
                  "metadata: expected an object, got a list"},
        Malformed{"ModelsNumbers", R"({"operations": {}, "metadata": {"models": [1]}})",
                  "metadata.models[0]: expected a string, got an integer"},
        Malformed{"QuoteInOpName", R"({"operations": {"a\"b": []}})",
                  R"(operations["a\"b"]: expected an object, got a list)"}),
    [](const ::testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });

TEST(OpsMaster, MissingFileIsALoadError) {
  TempDir dir;
  EXPECT_THROW(readOpsMaster(dir / "absent.json"), LoadError);
}

TEST(OpsMasterFormat, TensorsAsAnalyzeOperationsPrintsThem) {
  EXPECT_EQ(formatOpsArgument(OpsJson::parse(
                R"({"type": "torch.Tensor", "shape": [1, 16, 64], "dtype": "torch.float32"})")),
            "Tensor(shape=[1, 16, 64], dtype=FLOAT32)");
  EXPECT_EQ(formatOpsArgument(OpsJson::parse(
                R"({"type": "torch.Tensor", "shape": [], "dtype": "torch.bfloat16"})")),
            "Tensor(shape=[], dtype=BFLOAT16)");
  // reference_formats.md §3.1's ttnn.Tensor, printed as §3.2 describes.
  const OpsJson ttnn = OpsJson::parse(R"({
    "type": "ttnn.Tensor", "original_shape": [1, 1, 32, 896],
    "original_dtype": "DataType.BFLOAT16", "layout": "Layout.TILE",
    "memory_config": {"memory_layout": "TensorMemoryLayout.WIDTH_SHARDED",
      "buffer_type": "BufferType.L1",
      "shard_spec": {"grid": [{"start": {"x": 0, "y": 0}, "end": {"x": 7, "y": 2}}],
                     "shape": [32, 32], "orientation": "ROW_MAJOR"}}})");
  EXPECT_EQ(formatOpsArgument(ttnn),
            "Tensor(shape=[1, 1, 32, 896], dtype=BFLOAT16, memory=L1_WIDTH_SHARDED, "
            "shard(shard_shape=[32, 32], grid=[(0,0)→(7,2)], orientation=ROW_MAJOR))");
}

TEST(OpsMasterFormat, OtherValues) {
  EXPECT_EQ(formatOpsArgument(OpsJson(1e-05)), "1e-05");
  EXPECT_EQ(formatOpsArgument(OpsJson(4.0)), "4.0");
  EXPECT_EQ(formatOpsArgument(OpsJson(-1)), "-1");
  EXPECT_EQ(formatOpsArgument(OpsJson(true)), "True");
  EXPECT_EQ(formatOpsArgument(OpsJson("mean")), "\"mean\"");
  EXPECT_EQ(formatOpsArgument(OpsJson::parse("[1, 16, 4, 16]")), "[1, 16, 4, 16]");
  EXPECT_EQ(formatOpsArgument(OpsJson::parse(R"([[1], [2], [3], [4]])")), "List(4 items)");
  EXPECT_EQ(formatOpsArgument(OpsJson::parse(R"({"a": 1, "b": [2]})")), "{a: 1, b: [2]}");
  EXPECT_EQ(formatOpsArgument(OpsJson::parse(R"({"a": 1, "b": 2, "c": 3, "d": 4})")),
            "Dict(4 keys)");
}

TEST(OpsMasterQuery, FindsExactThenAtenDefaultThenSubstrings) {
  const OpsJson master = parseOpsMaster(R"({"operations": {
      "aten.add.Tensor": {"configurations": []}, "aten.add_.Tensor": {"configurations": []},
      "aten.addmm.default": {"configurations": []}, "aten.relu.default": {"configurations": []},
      "aten.relu_.default": {"configurations": []}}})",
                                        "m.json");
  using V = std::vector<std::string>;
  EXPECT_EQ(findOperations(master, "aten.relu_.default"), V{"aten.relu_.default"});
  EXPECT_EQ(findOperations(master, "relu"), V{"aten.relu.default"});
  EXPECT_EQ(findOperations(master, "ADD"), (V{"aten.add.Tensor", "aten.addmm.default"}));
  EXPECT_EQ(findOperations(master, "add_"), V{"aten.add_.Tensor"});
  EXPECT_EQ(findOperations(master, "conv"), V{});
}

TEST(OpsMasterQuery, CategoriesGoByFamilyForAtenAndByNamespaceForTtnn) {
  EXPECT_EQ(opsCategory("aten.conv2d.default"), "convolution");
  EXPECT_EQ(opsCategory("aten.linear.default"), "matmul / linear");
  EXPECT_EQ(opsCategory("ttnn.add"), "core");
  EXPECT_EQ(opsCategory("ttnn::experimental::matmul"), "experimental");
  EXPECT_EQ(opsCategory("<built-in function getitem>"), "other");
}

TEST(OpsMasterSweep, OneVectorPerConfigurationKeyedByItsHash) {
  const OpsJson master = masterOf({fixture("SelfAttention")});
  const OpsJson vectors = sweepVectors(master, "aten.transpose.int");
  EXPECT_EQ(vectors["operation"], "aten.transpose.int");
  const OpsJson& configurations = master["operations"]["aten.transpose.int"]["configurations"];
  ASSERT_EQ(vectors["vectors"].size(), configurations.size());
  for (const OpsJson& configuration : configurations) {
    const OpsJson& vector = vectors["vectors"][configuration["config_hash"].get<std::string>()];
    EXPECT_EQ(vector["config_id"], configuration["config_id"]);
    EXPECT_EQ(vector["arguments"], configuration["arguments"]);
  }
  EXPECT_THROW(sweepVectors(master, "aten.nothing.default"), std::invalid_argument);
}

} // namespace
} // namespace irscope::io
