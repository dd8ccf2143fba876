// A plan prepared once and run many times, and the plans of sub-IRs prepared from their graph's
// plan, give what executeIr gives, byte for byte, and carry nothing from one run to the next.
#include "core/subgraph.h"
#include "core/topology.h"
#include "core/torch/extraction_error.h"
#include "core/torch/ir_execution.h"
#include "core/torch/repeated_runs.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <cstring>
#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::dataDir;
using testing::GraphBuilder;

std::filesystem::path fixture(const std::string& file) {
  return dataDir() / "torch_ir" / file;
}

std::vector<ir::TensorData> numberedInputs(const std::string& model) {
  std::vector<ir::TensorData> tensors;
  for (int i = 0;; ++i) {
    const auto path = fixture(model + ".in" + std::to_string(i) + ".npy");
    if (!std::filesystem::exists(path))
      return tensors;
    tensors.push_back(io::readNpy(path));
  }
}

ir::TensorData floatTensor(ir::Shape shape, std::vector<float> values) {
  ir::TensorData data{"float32", std::move(shape), {}};
  data.bytes.resize(values.size() * sizeof(float));
  std::memcpy(data.bytes.data(), values.data(), data.bytes.size());
  return data;
}

std::vector<float> floats(const ir::TensorData& data) {
  std::vector<float> values(data.bytes.size() / sizeof(float));
  std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
  return values;
}

void expectSameBytes(const std::vector<ir::TensorData>& actual,
                     const std::vector<ir::TensorData>& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].dtype, expected[i].dtype) << what << " output " << i;
    EXPECT_EQ(actual[i].shape, expected[i].shape) << what << " output " << i;
    EXPECT_TRUE(actual[i].bytes == expected[i].bytes) << what << " output " << i;
  }
}

// Every float32 input with each value doubled: other inputs of the same shapes.
std::vector<ir::TensorData> doubled(std::vector<ir::TensorData> inputs) {
  for (ir::TensorData& input : inputs)
    if (input.dtype == "float32") {
      std::vector<float> values = floats(input);
      for (float& value : values)
        value *= 2;
      input = floatTensor(input.shape, values);
    }
  return inputs;
}

TEST(PreparedIr, RunsEveryFixtureAsExecuteIrDoesOnEveryCallWhateverRanBefore) {
  size_t fixtures = 0;
  for (const std::string& name : testing::torchIrFixtureNames()) {
    if (!std::filesystem::exists(fixture(name + ".safetensors")))
      continue;
    ++fixtures;
    const ir::Graph graph = io::readTorchIrFile(fixture(name + ".json"));
    const NamedTensors weights = io::readSafetensors(fixture(name + ".safetensors")).tensors;
    const std::vector<ir::TensorData> inputs = numberedInputs(name);
    const std::vector<ir::TensorData> other = doubled(inputs);
    const ExecutionResult once = executeIr(graph, weights, inputs, {});
    const ExecutionResult other_once = executeIr(graph, weights, other, {});
    const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, {});
    expectSameBytes(runPreparedIr(*plan, weights, inputs, {}).outputs, once.outputs, name);
    expectSameBytes(runPreparedIr(*plan, weights, other, {}).outputs, other_once.outputs,
                    name + " (other inputs)");
    const ExecutionResult again = runPreparedIr(*plan, weights, inputs, {});
    expectSameBytes(again.outputs, once.outputs, name + " (third call)");
    EXPECT_EQ(again.execution_order, once.execution_order) << name;
  }
  EXPECT_GE(fixtures, 9u);
}

// The module analysis prepares its graph once in float32 and each sub-IR in bfloat16 from it.
TEST(PreparedIr, SubIrsPreparedFromTheirGraphsPlanRunAsWhenPreparedAlone) {
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const NamedTensors weights = io::readSafetensors(fixture("DeepResNet.safetensors")).tensors;
  const ir::Topology topology = ir::buildTopology(graph);
  const std::shared_ptr<const PreparedIr> whole = prepareIr(graph, {});
  ExecutionOptions bfloat16;
  bfloat16.dtype = "bfloat16";
  const auto& order = topology.topological_order;
  ASSERT_GE(order.size(), 6u);
  size_t parts = 0;
  for (size_t first = 0; first + 3 <= order.size(); first += 2) {
    const ir::Subgraph part =
        ir::cutSubgraph(graph, topology, {order[first], order[first + 1], order[first + 2]});
    std::vector<ir::InputSpec> specs;
    for (const ir::Tensor& input : part.graph.inputs)
      specs.push_back({input.shape, input.dtype});
    const std::vector<ir::TensorData> inputs = randomInputs(specs, first);
    const std::string what = "nodes from " + graph.nodes[order[first]].name;
    const ExecutionResult alone = executeIr(part.graph, weights, inputs, bfloat16);
    const std::shared_ptr<const PreparedIr> plan = prepareIr(part.graph, bfloat16, whole.get());
    expectSameBytes(runPreparedIr(*plan, weights, inputs, bfloat16).outputs, alone.outputs, what);
    ++parts;
  }
  EXPECT_GE(parts, 3u);
  // Preparing the sub-IRs left the whole graph's float32 plan as it was.
  const std::vector<ir::TensorData> inputs = numberedInputs("DeepResNet");
  expectSameBytes(runPreparedIr(*whole, weights, inputs, {}).outputs,
                  executeIr(graph, weights, inputs, {}).outputs, "DeepResNet after sub-IRs");
}

// The app's Run keeps one plan per dtype for its document: two runs on other inputs, and a run in
// another dtype in between, give what one-shot runs give.
TEST(PreparedIr, RepeatedRunsGiveWhatOneShotRunsGive) {
  for (const std::string name : {"DeepResNet", "SelfAttention", "MultiTaskHead"}) {
    const ir::Graph graph = io::readTorchIrFile(fixture(name + ".json"));
    const NamedTensors weights = io::readSafetensors(fixture(name + ".safetensors")).tensors;
    const std::vector<ir::TensorData> inputs = numberedInputs(name);
    const std::vector<ir::TensorData> other = doubled(inputs);
    ExecutionOptions bfloat16;
    bfloat16.dtype = "bfloat16";
    RepeatedRuns runs;
    expectSameBytes(runs.run(graph, weights, inputs, {}).outputs,
                    executeIr(graph, weights, inputs, {}).outputs, name);
    expectSameBytes(runs.run(graph, weights, other, bfloat16).outputs,
                    executeIr(graph, weights, other, bfloat16).outputs, name + " in bfloat16");
    expectSameBytes(runs.run(graph, weights, other, {}).outputs,
                    executeIr(graph, weights, other, {}).outputs, name + " (other inputs)");
    // A copy of the graph, as a relayout makes one, is prepared for itself.
    const ir::Graph copy = graph;
    expectSameBytes(runs.run(copy, weights, inputs, {}).outputs,
                    executeIr(copy, weights, inputs, {}).outputs, name + " (a copy)");
  }
}

// With weights_fixed, a plan casts each weight once and keeps the cast; weights that are other
// objects (another state_dict) are cast afresh, so each set gives its own results.
TEST(PreparedIr, FixedWeightsAreCastOnceAndOtherWeightsAfresh) {
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const NamedTensors weights = io::readSafetensors(fixture("DeepResNet.safetensors")).tensors;
  NamedTensors halved = weights;
  for (auto& [name, data] : halved)
    if (data.dtype == "float32") {
      std::vector<float> values = floats(data);
      for (float& value : values)
        value /= 2;
      data = floatTensor(data.shape, values);
    }
  const std::vector<ir::TensorData> inputs = numberedInputs("DeepResNet");
  ExecutionOptions fixed;
  fixed.dtype = "bfloat16";
  fixed.weights_fixed = true;
  ExecutionOptions plain;
  plain.dtype = "bfloat16";
  const std::vector<ir::TensorData> expected = executeIr(graph, weights, inputs, plain).outputs;
  const std::vector<ir::TensorData> expected_halved =
      executeIr(graph, halved, inputs, plain).outputs;
  ASSERT_FALSE(expected[0].bytes == expected_halved[0].bytes);
  const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, fixed);
  expectSameBytes(runPreparedIr(*plan, weights, inputs, fixed).outputs, expected, "first run");
  expectSameBytes(runPreparedIr(*plan, weights, inputs, fixed).outputs, expected, "second run");
  expectSameBytes(runPreparedIr(*plan, halved, inputs, fixed).outputs, expected_halved,
                  "other weights");
  // A sub-IR plan cut from it shares the casts, and gives what it gives prepared alone.
  const ir::Topology topology = ir::buildTopology(graph);
  const auto& order = topology.topological_order;
  const ir::Subgraph part = ir::cutSubgraph(graph, topology, {order[0], order[1], order[2]});
  std::vector<ir::InputSpec> specs;
  for (const ir::Tensor& input : part.graph.inputs)
    specs.push_back({input.shape, input.dtype});
  const std::vector<ir::TensorData> part_inputs = randomInputs(specs, 7);
  expectSameBytes(
      runPreparedIr(*prepareIr(part.graph, fixed, plan.get()), halved, part_inputs, fixed).outputs,
      executeIr(part.graph, halved, part_inputs, plain).outputs, "sub-IR");
}

// c + x with add_, which writes into c: a plan keeps its constants, so each run gets its own.
TEST(PreparedIr, AnInPlaceOpOnAConstantDoesNotCarryIntoTheNextRun) {
  GraphBuilder b;
  b.input("x", {4});
  ir::Graph& graph = b.graph();
  graph.constants.push_back({"_tensor_constant0", Json::parse("[1, 2, 3, 4]"), "float32", {}});
  graph.weight_name_mapping.emplace_back("c__tensor_constant0", "_tensor_constant0");
  ir::Node add;
  add.name = "add_";
  add.op_type = "aten.add_.Tensor";
  add.inputs = {{"c__tensor_constant0", {4}, "float32", {}, {}, {}}, graph.inputs[0]};
  add.inputs[1].producer_node = "x";
  add.inputs[1].producer_output_idx = 0;
  add.outputs = {{"add_", {4}, "float32", {}, {}, {}}};
  graph.nodes.push_back(add);
  graph.outputs = {{"add_", {4}, "float32", {}, {}, {}}};
  const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, {});
  const ir::TensorData ones = floatTensor({4}, {1, 1, 1, 1});
  for (int call = 0; call < 3; ++call)
    EXPECT_EQ(floats(runPreparedIr(*plan, {}, {ones}, {}).outputs[0]),
              (std::vector<float>{2, 3, 4, 5}))
        << "call " << call;
}

// relu_ on a graph input writes into the run's copy of it, never into the caller's bytes, both
// when the input is kept in its dtype and when the run casts it.
TEST(PreparedIr, AnInPlaceOpOnAnInputLeavesTheCallersBytesAlone) {
  GraphBuilder b;
  const auto x = b.input("x", {4});
  b.output(b.op("relu_", "aten.relu_.default", {x}, {4}));
  const ir::Graph graph = b.build();
  const ir::TensorData input = floatTensor({4}, {-1, 2, -3, 4});
  for (const std::string dtype : {"", "float32", "bfloat16"}) {
    ExecutionOptions options;
    options.dtype = dtype;
    const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, options);
    const ExecutionResult result = runPreparedIr(*plan, {}, {input}, options);
    EXPECT_EQ(floats(input), (std::vector<float>{-1, 2, -3, 4})) << "dtype '" << dtype << "'";
    EXPECT_EQ(result.outputs[0].dtype, dtype == "bfloat16" ? "bfloat16" : "float32");
  }
}

std::string failureOf(const std::function<void()>& work) {
  try {
    work();
  } catch (const ExtractionError& error) {
    return error.what();
  }
  return "no error";
}

TEST(PreparedIr, ChecksTheWeightsAndInputsOfEveryRunAsExecuteIrDoes) {
  const ir::Graph graph = io::readTorchIrFile(fixture("WeightTying.json"));
  const NamedTensors weights = io::readSafetensors(fixture("WeightTying.safetensors")).tensors;
  const std::vector<ir::TensorData> inputs = numberedInputs("WeightTying");
  ExecutionOptions options;
  options.model_file = "model.json";
  options.weights_file = "weights.safetensors";
  const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, options);
  runPreparedIr(*plan, weights, inputs, options); // a good run first

  NamedTensors missing = weights;
  missing.pop_back();
  const std::string expected = failureOf([&] { executeIr(graph, missing, inputs, options); });
  EXPECT_NE(expected.find("is missing"), std::string::npos) << expected;
  EXPECT_EQ(failureOf([&] { runPreparedIr(*plan, missing, inputs, options); }), expected);

  NamedTensors reshaped = weights;
  reshaped[0].second.shape.push_back(1);
  EXPECT_EQ(failureOf([&] { runPreparedIr(*plan, reshaped, inputs, options); }),
            failureOf([&] { executeIr(graph, reshaped, inputs, options); }));
  EXPECT_EQ(failureOf([&] { runPreparedIr(*plan, weights, {}, options); }),
            failureOf([&] { executeIr(graph, weights, {}, options); }));
}

TEST(PreparedIr, RefusesARunInAnotherDtypeThanItWasPreparedFor) {
  const ir::Graph graph = testing::makeSmallResidualGraph();
  const std::shared_ptr<const PreparedIr> plan = prepareIr(graph, {});
  ExecutionOptions bfloat16;
  bfloat16.dtype = "bfloat16";
  bfloat16.model_file = "model.json";
  const std::string message = failureOf([&] { runPreparedIr(*plan, {}, {}, bfloat16); });
  EXPECT_EQ(message.rfind("model.json: ", 0), 0u) << message;
  EXPECT_NE(message.find("prepared for dtype ''"), std::string::npos) << message;
}

} // namespace
} // namespace irscope::torchscript
