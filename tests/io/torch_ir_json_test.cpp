#include "io/load_error.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"
#include "tests/support/graph_builder.h"
#include "tests/support/torch_ir_loader_rules.h"

#include <functional>
#include <gtest/gtest.h>

namespace irscope::io {
namespace {

// A minimal file with the given node attrs and extra keys spliced in.
std::string minimalIr(const std::string& attrs, const std::string& node_extra = "",
                      const std::string& top_extra = "") {
  return R"({"model_name": "m", "pytorch_version": "2.6.0",
    "graph_inputs": [{"name": "x", "shape": [2], "dtype": "float32"}],
    "graph_outputs": [{"name": "y", "shape": [2], "dtype": "float32"}],
    "weights": [], "weight_name_mapping": {},
    "nodes": [{"name": "y", "op_type": "aten.relu.default",
      "inputs": [{"name": "x", "shape": [2], "dtype": "float32", "producer_node": "x", "producer_output_idx": 0}],
      "outputs": [{"name": "y", "shape": [2], "dtype": "float32"}],
      "attrs": )" +
         attrs + node_extra + "}]" + top_extra + "}";
}

TEST(TorchIrJson, NumbersKeepTheirType) {
  const ir::Graph graph = parseTorchIrJson(
      minimalIr(R"({"eps": 1e-05, "n": 3, "one": 1.0, "big": 18446744073709551615, "neg": -7,
                    "tiny": 1e-300, "list": [1, 2.5, true, null, "torch.float32"]})"),
      "m.json");
  const Json& attrs = graph.nodes[0].attrs;
  EXPECT_TRUE(attrs["n"].is_number_integer());
  EXPECT_TRUE(attrs["one"].is_number_float());
  EXPECT_TRUE(attrs["big"].is_number_unsigned());
  const std::string written = writeTorchIrJson(graph);
  EXPECT_NE(written.find("\"eps\": 1e-05"), std::string::npos) << written;
  EXPECT_NE(written.find("\"n\": 3,"), std::string::npos);
  EXPECT_NE(written.find("\"one\": 1.0,"), std::string::npos);
  EXPECT_NE(written.find("\"big\": 18446744073709551615"), std::string::npos);
  EXPECT_NE(written.find("\"tiny\": 1e-300"), std::string::npos);
  EXPECT_NE(written.find("\"torch.float32\""), std::string::npos);
}

TEST(TorchIrJson, KeepsAttrKeyOrderAndNestedValues) {
  const ir::Graph graph =
      parseTorchIrJson(minimalIr(R"({"z": {"b": [[1]], "a": {}}, "a": []})"), "m.json");
  EXPECT_EQ(graph.nodes[0].attrs.dump(), R"({"z":{"b":[[1]],"a":{}},"a":[]})");
}

TEST(TorchIrJson, KeepsUnknownKeysAndReadsModulePath) {
  const std::string text =
      minimalIr("{}", R"(, "module_path": "layer1.0.conv1", "module_type": "Conv2d", "note": [1])",
                R"(, "producer_tool": {"name": "other"})");
  const ir::Graph graph = parseTorchIrJson(text, "m.json");
  EXPECT_EQ(graph.nodes[0].module_path, "layer1.0.conv1");
  EXPECT_EQ(graph.nodes[0].module_type, "Conv2d");
  EXPECT_EQ(graph.nodes[0].extra, Json({{"note", {1}}}));
  EXPECT_EQ(graph.extra["producer_tool"]["name"], "other");
  EXPECT_EQ(Json::parse(writeTorchIrJson(graph)), Json::parse(text));
}

TEST(TorchIrJson, RoundTripsGetItemConstantsAndModulePaths) {
  testing::GraphBuilder b("with_extras");
  b.input("x", {2, 2});
  ir::Graph graph = b.build();
  graph.constants.push_back({"c_table", Json::parse("[[1.5, 2], [3, 4]]"), "float32", {}});
  ir::Node split;
  split.name = "split";
  split.op_type = "aten.split.Tensor";
  split.module_path = "encoder.split";
  split.module_type = "Splitter";
  split.attrs = Json{{"split_size", 1}, {"dim", 0}};
  split.inputs.push_back({"x", {2, 2}, "float32", "x", 0, {}});
  split.inputs.push_back({"c_table", {2, 2}, "float32", {}, {}, {}});
  split.outputs.push_back({"split_0", {1, 2}, "float32", {}, {}, {}});
  split.outputs.push_back({"split_1", {1, 2}, "float32", {}, {}, {}});
  graph.nodes.push_back(split);
  ir::Node getitem;
  getitem.name = "getitem";
  getitem.op_type = "<built-in function getitem>";
  getitem.attrs = Json{{"index", 1}};
  getitem.inputs.push_back({"split_0", {1, 2}, "float32", "split", 0, {}});
  getitem.inputs.push_back({"split_1", {1, 2}, "float32", "split", 1, {}});
  getitem.outputs.push_back({"getitem", {1, 2}, "float32", {}, {}, {}});
  graph.nodes.push_back(getitem);
  graph.outputs.push_back({"getitem", {1, 2}, "float32", {}, {}, {}});

  const std::string written = writeTorchIrJson(graph);
  EXPECT_EQ(parseTorchIrJson(written, "w.json"), graph);
  const Json json = Json::parse(written);
  EXPECT_EQ(json["constants"]["c_table"]["dtype"], "float32");
  EXPECT_EQ(json["nodes"][0]["module_path"], "encoder.split");
  // torch_ir's key order, with the constants last.
  std::vector<std::string> keys;
  for (const auto& item : json.items())
    keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"model_name", "pytorch_version", "graph_inputs",
                                            "graph_outputs", "weights", "weight_name_mapping",
                                            "nodes", "constants"}));
}

TEST(TorchIrJson, OmitsEmptyConstantsAndModuleKeysLikeTorchIr) {
  testing::GraphBuilder b;
  b.input("x", {1});
  b.op("y", "aten.relu.default", {"x"}, {1});
  const std::string written = writeTorchIrJson(b.build());
  EXPECT_EQ(written.find("constants"), std::string::npos);
  EXPECT_EQ(written.find("module_path"), std::string::npos);
}

// module_classes is irscope's own top-level key: Python torch_ir's IR.load reads only the keys
// it knows, so the file must keep those as IR.to_dict writes them, with module_classes after.
TEST(TorchIrJson, ModuleClassesRoundTripAndLeaveTheFileLoadableByTorchIr) {
  testing::GraphBuilder b("classes");
  b.input("x", {1, 4});
  b.op("y", "aten.relu.default", {"x"}, {1, 4});
  ir::Graph graph = b.build();
  graph.nodes[0].module_path = "block.act";
  graph.nodes[0].module_type = "ReLU";
  graph.constants.push_back({"c", Json::parse("[1.0]"), "float32", {}});
  graph.module_classes = {{"", "torchvision.models.mobilenetv3.MobileNetV3"},
                          {"block", "torchvision.ops.misc.Conv2dNormActivation"},
                          {"block.act", "torch.nn.modules.activation.ReLU"}};
  const std::string written = writeTorchIrJson(graph);
  EXPECT_EQ(parseTorchIrJson(written, "w.json"), graph);
  const Json json = Json::parse(written);
  EXPECT_EQ(testing::torchIrLoaderViolations(json), std::vector<std::string>{});
  std::vector<std::string> keys;
  for (const auto& item : json.items())
    keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"model_name", "pytorch_version", "graph_inputs",
                                            "graph_outputs", "weights", "weight_name_mapping",
                                            "nodes", "constants", "module_classes"}));
  EXPECT_EQ(json["module_classes"][""], "torchvision.models.mobilenetv3.MobileNetV3");
  EXPECT_EQ(json["module_classes"]["block"], "torchvision.ops.misc.Conv2dNormActivation");
}

// The rules themselves: each of these would break IR.load or the files' shape.
TEST(TorchIrJson, LoaderRulesRejectWhatIrLoadCouldNotRead) {
  const Json good = Json::parse(minimalIr("{}", "", R"(, "module_classes": {"": "Net"})"));
  ASSERT_EQ(testing::torchIrLoaderViolations(good), std::vector<std::string>{});
  auto violations = [&](const std::function<void(Json&)>& change) {
    Json file = good;
    change(file);
    return testing::torchIrLoaderViolations(file).size();
  };
  EXPECT_EQ(violations([](Json& f) { f.erase("weights"); }), 1u);
  EXPECT_EQ(violations([](Json& f) { f["graph_inputs"][0]["shape"] = Json{"2"}; }), 1u);
  EXPECT_EQ(violations([](Json& f) { f["nodes"][0].erase("op_type"); }), 1u);
  EXPECT_EQ(violations([](Json& f) { f["nodes"][0]["module_classes"] = Json::object(); }), 1u);
  EXPECT_EQ(violations([](Json& f) { f["module_classes"][""] = 3; }), 1u);
  // module_classes before the keys torch_ir writes, and nodes before weights.
  EXPECT_GE(violations([](Json& f) {
              Json moved = Json::object();
              moved["module_classes"] = f["module_classes"];
              for (const auto& [key, value] : f.items())
                if (key != "module_classes")
                  moved[key] = value;
              f = moved;
            }),
            1u);
  EXPECT_EQ(violations([](Json& f) {
              const Json weights = f["weights"];
              f.erase("weights");
              f["weights"] = weights;
            }),
            2u); // after weight_name_mapping and nodes, and after module_classes
}

TEST(TorchIrJson, KeepsRepeatedMappingKeysSoValidationCanReportThem) {
  std::string text = minimalIr("{}");
  const std::string mapping = R"("weight_name_mapping": {})";
  text.replace(text.find(mapping), mapping.size(),
               R"("weight_name_mapping": {"p_a": "a", "p_a": "b"})");
  const ir::Graph graph = parseTorchIrJson(text, "m.json");
  ASSERT_EQ(graph.weight_name_mapping.size(), 2u);
  EXPECT_NE(writeTorchIrJson(graph).find(R"("p_a": "b")"), std::string::npos);
}

TEST(TorchIrJson, WritesNonAsciiAsEscapesLikePython) {
  testing::GraphBuilder b("modèle");
  const std::string written = writeTorchIrJson(b.build());
  EXPECT_NE(written.find(R"("mod\u00e8le")"), std::string::npos) << written;
  EXPECT_EQ(parseTorchIrJson(written, "w.json").model_name, "modèle");
}

} // namespace
} // namespace irscope::io
