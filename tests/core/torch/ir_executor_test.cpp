// The executor against what torch_ir's Python executor computed for the same files, against the
// models themselves, and on hand-built graphs that exercise each way an argument reaches an op.
#include "core/tensor_values.h"
#include "core/torch/extraction_error.h"
#include "core/torch/ir_execution.h"
#include "core/torch/state_dict.h"
#include "core/torch/torchscript_extraction.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "tests/models/model_zoo.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace irscope::torchscript {
namespace {

using testing::dataDir;
using testing::GraphBuilder;

std::filesystem::path fixture(const std::string& file) {
  return dataDir() / "torch_ir" / file;
}

std::vector<ir::TensorData> numbered(const std::string& model, const std::string& kind) {
  std::vector<ir::TensorData> tensors;
  for (int i = 0;; ++i) {
    const auto path = fixture(model + "." + kind + std::to_string(i) + ".npy");
    if (!std::filesystem::exists(path))
      return tensors;
    tensors.push_back(io::readNpy(path));
  }
}

std::vector<float> floats(const ir::TensorData& data) {
  EXPECT_EQ(data.dtype, "float32");
  std::vector<float> values(data.bytes.size() / sizeof(float));
  std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
  return values;
}

ir::TensorData floatTensor(ir::Shape shape, std::vector<float> values) {
  ir::TensorData data{"float32", std::move(shape), {}};
  data.bytes.resize(values.size() * sizeof(float));
  std::memcpy(data.bytes.data(), values.data(), data.bytes.size());
  return data;
}

// max |a - b| <= atol + rtol * |b|, element by element.
void expectAllClose(const ir::TensorData& actual, const ir::TensorData& expected, double tolerance,
                    const std::string& what) {
  ASSERT_EQ(actual.shape, expected.shape) << what;
  const std::vector<float> a = floats(actual);
  const std::vector<float> b = floats(expected);
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_LE(std::fabs(a[i] - b[i]), tolerance + tolerance * std::fabs(b[i]))
        << what << " element " << i;
}

std::vector<std::string> fixturesWithWeights() {
  std::vector<std::string> names;
  for (const std::string& name : testing::torchIrFixtureNames())
    if (std::filesystem::exists(fixture(name + ".safetensors")))
      names.push_back(name);
  return names;
}

TEST(IrExecutor, EveryFixtureMatchesTorchIrsOwnExecutionWithEitherWeightsFile) {
  const std::vector<std::string> names = fixturesWithWeights();
  ASSERT_GE(names.size(), 9u);
  for (const std::string& name : names) {
    const ir::Graph graph = io::readTorchIrFile(fixture(name + ".json"));
    const std::vector<ir::TensorData> inputs = numbered(name, "in");
    const std::vector<ir::TensorData> expected = numbered(name, "irout");
    ASSERT_FALSE(expected.empty()) << name;
    for (const bool state_dict : {false, true}) {
      const NamedTensors weights =
          state_dict ? readStateDict(fixture(name + ".state_dict.pt"))
                     : io::readSafetensors(fixture(name + ".safetensors")).tensors;
      const ExecutionResult result = executeIr(graph, weights, inputs, {});
      ASSERT_EQ(result.outputs.size(), expected.size()) << name;
      for (size_t i = 0; i < expected.size(); ++i)
        expectAllClose(result.outputs[i], expected[i], 1e-5,
                       name + (state_dict ? " (state_dict)" : " (safetensors)") + " output " +
                           std::to_string(i));
      EXPECT_FALSE(result.first_non_finite) << name;
    }
  }
}

TEST(IrExecutor, ReproducesEveryZooModelFromItsOwnExtraction) {
  // Scripted models: loops unrolled, div.Scalar, tied weights, several inputs and outputs.
  for (const testing::zoo::ZooModel& model : testing::zoo::allModels()) {
    const testing::TempDir dir;
    const auto path = testing::zoo::saveModel(model, dir.path());
    ExtractionOptions options;
    for (size_t i = 0; i < model.input_shapes.size(); ++i)
      options.input_specs.push_back({model.input_shapes[i], model.input_dtypes[i]});
    options.seed = 7;
    options.keep_weight_data = true;
    const Extraction extraction = extractTorchScript(path, options);
    const ExecutionResult result =
        executeIr(extraction.graph, extraction.weight_data, extraction.inputs, {});
    ASSERT_EQ(result.outputs.size(), extraction.outputs.size()) << model.name;
    for (size_t i = 0; i < result.outputs.size(); ++i)
      expectAllClose(result.outputs[i], extraction.outputs[i], 1e-5, model.name);
  }
}

TEST(IrExecutor, ReportsEveryNodeOutputWithStatisticsInExecutionOrder) {
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const auto weights = io::readSafetensors(fixture("DeepResNet.safetensors")).tensors;
  ExecutionOptions options;
  options.statistics = true;
  std::vector<std::string> seen;
  options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
    EXPECT_EQ(values.shape, graph.nodes[node].outputs[output].shape);
    seen.push_back(graph.nodes[node].outputs[output].name);
  };
  const ExecutionResult result = executeIr(graph, weights, numbered("DeepResNet", "in"), options);
  ASSERT_EQ(seen.size(), graph.nodes.size());
  ASSERT_EQ(result.statistics.size(), graph.nodes.size());
  // The last node is the output; its statistics agree with the output's values.
  const ir::TensorStatistics& last = result.statistics.back().statistics;
  const std::vector<float> out = floats(result.outputs[0]);
  EXPECT_EQ(last.count, static_cast<int64_t>(out.size()));
  EXPECT_FLOAT_EQ(last.max, *std::max_element(out.begin(), out.end()));
  // After a relu nothing is negative.
  for (const NodeOutputStatistics& entry : result.statistics)
    if (graph.nodes[entry.node].op_type == "aten.relu.default") {
      EXPECT_GE(entry.statistics.min, 0.0) << graph.nodes[entry.node].name;
    }
}

TEST(IrExecutor, RunsInBfloat16AndStaysNearFloat32) {
  const ir::Graph graph = io::readTorchIrFile(fixture("TransformerBlock.json"));
  const auto weights = io::readSafetensors(fixture("TransformerBlock.safetensors")).tensors;
  const auto inputs = numbered("TransformerBlock", "in");
  ExecutionOptions options;
  options.dtype = "bfloat16";
  const ExecutionResult low = executeIr(graph, weights, inputs, options);
  ASSERT_EQ(low.outputs[0].dtype, "bfloat16");
  const ExecutionResult full = executeIr(graph, weights, inputs, {});
  // bfloat16 keeps 8 bits of mantissa: about 2 significant digits.
  const std::vector<float> reference = floats(full.outputs[0]);
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    uint16_t bits;
    std::memcpy(&bits, low.outputs[0].bytes.data() + 2 * i, 2);
    const uint32_t widened = uint32_t(bits) << 16;
    float value;
    std::memcpy(&value, &widened, 4);
    worst = std::max(worst, double(std::fabs(value - reference[i])));
  }
  EXPECT_GT(worst, 0.0);  // it really ran in bfloat16
  EXPECT_LT(worst, 0.25); // and still computed the same function
}

TEST(IrExecutor, RunsInFloat16ThroughOpsLibtorchHasNoHalfKernelFor) {
  // conv2d, batch_norm, relu (clamp_min) and linear (addmm) have no float16 CPU kernel in
  // libtorch 1.13; the run still happens, in float16 storage.
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const auto weights = io::readSafetensors(fixture("DeepResNet.safetensors")).tensors;
  const auto inputs = numbered("DeepResNet", "in");
  ExecutionOptions options;
  options.dtype = "float16";
  std::vector<std::string> dtypes;
  options.on_output = [&](size_t, size_t, const ir::TensorData& values) {
    dtypes.push_back(values.dtype);
  };
  const ExecutionResult low = executeIr(graph, weights, inputs, options);
  ASSERT_EQ(low.outputs[0].dtype, "float16");
  for (const std::string& dtype : dtypes)
    EXPECT_EQ(dtype, "float16"); // no float32 leaks out of an op computed wider
  const std::vector<float> reference = floats(executeIr(graph, weights, inputs, {}).outputs[0]);
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    uint16_t bits;
    std::memcpy(&bits, low.outputs[0].bytes.data() + 2 * i, 2);
    worst = std::max(worst, double(std::fabs(ir::float16ToFloat(bits) - reference[i])));
  }
  EXPECT_GT(worst, 0.0);  // rounded to float16 along the way
  EXPECT_LT(worst, 0.05); // 11 bits of mantissa: closer than bfloat16
}

TEST(IrExecutor, AnOutputThatIsAConstantIsExtractedAsAValidIrAndRuns) {
  // ConstantOutput returns x * scale and a tensor attribute, arange(3.0), that no input touches.
  ExtractionOptions options;
  options.input_specs = {{{4}, "float32"}};
  options.keep_weight_data = true;
  const Extraction extraction =
      extractTorchScript(testing::dataDir() / "torchscript" / "ConstantOutput.ts.pt", options);
  ASSERT_EQ(extraction.notes.size(), 1u);
  EXPECT_NE(extraction.notes[0].find("output 1 does not depend on the inputs"), std::string::npos)
      << extraction.notes[0];
  ASSERT_EQ(extraction.graph.outputs.size(), 2u);
  const ExecutionResult result =
      executeIr(extraction.graph, extraction.weight_data, extraction.inputs, {});
  ASSERT_EQ(result.outputs.size(), 2u);
  EXPECT_EQ(floats(result.outputs[1]), (std::vector<float>{0, 1, 2}));
}

TEST(IrExecutor, CancelsBetweenNodes) {
  const ir::Graph graph = io::readTorchIrFile(fixture("DeepResNet.json"));
  const auto weights = io::readSafetensors(fixture("DeepResNet.safetensors")).tensors;
  ExecutionOptions options;
  size_t calls = 0;
  options.progress = [&](size_t done, size_t total) {
    EXPECT_EQ(total, graph.nodes.size());
    calls = done;
    return done < 5;
  };
  EXPECT_THROW(executeIr(graph, weights, numbered("DeepResNet", "in"), options),
               ExecutionCancelled);
  EXPECT_EQ(calls, 5u);
}

// --- Bad input: one line naming the file at fault -------------------------------------------

std::string failureOf(const ir::Graph& graph, const NamedTensors& weights,
                      const std::vector<ir::TensorData>& inputs) {
  ExecutionOptions options;
  options.model_file = "model.json";
  options.weights_file = "weights.safetensors";
  options.input_files = {"in0.npy"};
  try {
    executeIr(graph, weights, inputs, options);
  } catch (const ExtractionError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << "no error";
  return "";
}

struct WeightTyingCase {
  ir::Graph graph = io::readTorchIrFile(fixture("WeightTying.json"));
  NamedTensors weights = io::readSafetensors(fixture("WeightTying.safetensors")).tensors;
  std::vector<ir::TensorData> inputs = numbered("WeightTying", "in");
};

TEST(IrExecutorErrors, MissingWeightNamesTheWeightsFileTheWeightAndAConsumer) {
  WeightTyingCase c;
  const std::string missing = c.weights.back().first;
  c.weights.pop_back();
  const std::string message = failureOf(c.graph, c.weights, c.inputs);
  EXPECT_EQ(message.rfind("weights.safetensors: ", 0), 0u) << message;
  EXPECT_NE(message.find("'" + missing + "' is missing"), std::string::npos) << message;
  EXPECT_NE(message.find("read by node"), std::string::npos) << message;
}

TEST(IrExecutorErrors, WronglyShapedWeight) {
  WeightTyingCase c;
  c.weights[0].second.shape.push_back(1);
  const std::string message = failureOf(c.graph, c.weights, c.inputs);
  EXPECT_EQ(message.rfind("weights.safetensors: weight '" + c.weights[0].first + "'", 0), 0u)
      << message;
  EXPECT_NE(message.find("graph expects"), std::string::npos) << message;
}

TEST(IrExecutorErrors, WrongInputCountDtypeOrShape) {
  WeightTyingCase c;
  std::string message = failureOf(c.graph, c.weights, {});
  EXPECT_EQ(message.rfind("model.json: takes 1 input (", 0), 0u) << message;
  EXPECT_NE(message.find("0 were given"), std::string::npos) << message;

  std::vector<ir::TensorData> wrong_dtype = c.inputs;
  wrong_dtype[0].dtype = wrong_dtype[0].dtype == "int64" ? "float64" : "int64";
  message = failureOf(c.graph, c.weights, wrong_dtype);
  EXPECT_EQ(message.rfind("in0.npy: input 0", 0), 0u) << message;
  EXPECT_NE(message.find("but the IR expects " + c.inputs[0].dtype), std::string::npos) << message;

  std::vector<ir::TensorData> wrong_shape = c.inputs;
  wrong_shape[0].shape.push_back(1);
  message = failureOf(c.graph, c.weights, wrong_shape);
  EXPECT_NE(message.find("has shape"), std::string::npos) << message;
}

TEST(IrExecutorErrors, AnOpLibtorchCannotResolveFailsBeforeAnythingRuns) {
  WeightTyingCase c;
  c.graph.nodes.back().op_type = "aten.tanh_from_the_future.default";
  std::string message = failureOf(c.graph, c.weights, c.inputs);
  EXPECT_EQ(message, "model.json: node " + c.graph.nodes.back().name +
                         ": op aten.tanh_from_the_future.default is unknown to libtorch 1.13.0");
  c.graph.nodes.back().op_type = "aten.add.NoSuchOverload";
  message = failureOf(c.graph, c.weights, c.inputs);
  EXPECT_NE(message.find("libtorch has the overloads"), std::string::npos) << message;
  EXPECT_NE(message.find("Tensor"), std::string::npos) << message;
  c.graph.nodes.back().op_type = "tanh";
  message = failureOf(c.graph, c.weights, c.inputs);
  EXPECT_NE(message.find("not of the form aten.<op>.<overload>"), std::string::npos) << message;
}

TEST(IrExecutorErrors, AnAttrOfTheWrongTypeNamesTheArgument) {
  GraphBuilder b;
  const auto x = b.input("x", {2, 3});
  b.output(b.op("sum", "aten.sum.dim_IntList", {x}, {2}, {{"dim", "one"}}));
  const std::string message = failureOf(b.build(), {}, {floatTensor({2, 3}, {1, 2, 3, 4, 5, 6})});
  EXPECT_EQ(message, "model.json: node sum: op aten.sum.dim_IntList, argument 'dim': expected an "
                     "integer, got \"one\"");
}

TEST(IrExecutorErrors, AFailingOpNamesTheNodeAndLibtorchsReason) {
  GraphBuilder b;
  const auto x = b.input("x", {2, 3});
  const auto y = b.input("y", {4, 5});
  b.output(b.op("mm", "aten.mm.default", {x, y}, {2, 5}));
  ExecutionOptions options;
  options.model_file = "model.json";
  try {
    executeIr(b.build(), {},
              {floatTensor({2, 3}, std::vector<float>(6, 1)),
               floatTensor({4, 5}, std::vector<float>(20, 1))},
              options);
    FAIL();
  } catch (const ExtractionError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("model.json: node mm (aten.mm.default) failed: ", 0), 0u) << message;
    EXPECT_NE(message.find("cannot be multiplied"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

// --- Every way an argument reaches an op ------------------------------------------------------

TEST(IrExecutorArguments, ScalarOperandsListsMasksDtypesAndConstants) {
  GraphBuilder b;
  const auto x = b.input("x", {2, 3});
  // A scalar operand in attrs (torch_ir: x / 2.0), kept as a wrapped number, so float32 stays.
  const auto half = b.op("div", "aten.div.Tensor", {x}, {2, 3}, {{"other", 2.0}});
  // A Scalar argument with a default, given.
  const auto added = b.op("add", "aten.add.Tensor", {half, x}, {2, 3}, {{"alpha", 3}});
  // A tensor list sized by _tensor_list_sizes, then an int attr.
  const auto joined = b.op("cat", "aten.cat.default", {added, x, half}, {2, 9},
                           {{"_tensor_list_sizes", {3}}, {"dim", 1}});
  // A dtype by torch's spelling.
  const auto as_half =
      b.op("to", "aten._to_copy.default", {joined}, {2, 9}, {{"dtype", "torch.float64"}});
  // An int[] argument.
  const auto summed = b.op("sum", "aten.sum.dim_IntList", {as_half}, {2}, {{"dim", {1}}});
  b.output(summed);
  const ir::TensorData input = floatTensor({2, 3}, {1, 2, 3, 4, 5, 6});
  const ExecutionResult result = executeIr(b.build(), {}, {input}, {});
  ASSERT_EQ(result.outputs[0].dtype, "float64");
  double row[2];
  std::memcpy(row, result.outputs[0].bytes.data(), sizeof(row));
  // Row 0 of x is 1, 2, 3 (sum 6): 3 + 18 for add, 6 for x, 3 for div.
  EXPECT_DOUBLE_EQ(row[0], 30.0);
  EXPECT_DOUBLE_EQ(row[1], 75.0); // 4, 5, 6 (sum 15): 7.5 + 45, 15, 7.5
}

TEST(IrExecutorArguments, OptionalTensorListsGetTheirNonesBackFromTheMask) {
  GraphBuilder b;
  const auto x = b.input("x", {3, 4});
  const auto index = b.input("index", {2}, "int64");
  // x[:, index]: indices = [None, index], one tensor passed.
  b.output(b.op("picked", "aten.index.Tensor", {x, index}, {3, 2},
                {{"_tensor_list_sizes", {1}}, {"_tensor_list_none_masks", {{true, false}}}}));
  ir::TensorData indices{"int64", {2}, {}};
  const int64_t picked[2] = {3, 0};
  indices.bytes.resize(sizeof(picked));
  std::memcpy(indices.bytes.data(), picked, sizeof(picked));
  const ExecutionResult result =
      executeIr(b.build(), {},
                {floatTensor({3, 4}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}), indices}, {});
  EXPECT_EQ(floats(result.outputs[0]), (std::vector<float>{3, 0, 13, 10, 23, 20}));
}

TEST(IrExecutorArguments, GraphConstantsAndGetItemsOfMultiOutputOps) {
  GraphBuilder b;
  const auto x = b.input("x", {2, 4});
  ir::Graph& graph = b.graph();
  graph.constants.push_back(
      {"_tensor_constant0", Json::parse("[[1, 2, 3, 4], [5, 6, 7, 8]]"), "float32", {}});
  graph.weight_name_mapping.emplace_back("c__tensor_constant0", "_tensor_constant0");
  ir::Node add;
  add.name = "add";
  add.op_type = "aten.add.Tensor";
  add.inputs = {graph.inputs[0], {"c__tensor_constant0", {2, 4}, "float32", {}, {}, {}}};
  add.inputs[0].producer_node = "x";
  add.inputs[0].producer_output_idx = 0;
  add.outputs = {{"add", {2, 4}, "float32", {}, {}, {}}};
  graph.nodes.push_back(add);
  ir::Node split;
  split.name = "split";
  split.op_type = "aten.split.Tensor";
  split.inputs = {{"add", {2, 4}, "float32", "add", 0, {}}};
  split.outputs = {{"split_0", {2, 2}, "float32", {}, {}, {}},
                   {"split_1", {2, 2}, "float32", {}, {}, {}}};
  split.attrs = {{"split_size", 2}, {"dim", 1}};
  graph.nodes.push_back(split);
  ir::Node getitem;
  getitem.name = "getitem";
  getitem.op_type = std::string(ir::kGetItemOp);
  getitem.inputs = {{"split_0", {2, 2}, "float32", "split", 0, {}},
                    {"split_1", {2, 2}, "float32", "split", 1, {}}};
  getitem.outputs = {{"getitem", {2, 2}, "float32", {}, {}, {}}};
  getitem.attrs = {{"index", 1}};
  graph.nodes.push_back(getitem);
  graph.outputs = {{"getitem", {2, 2}, "float32", {}, {}, {}}};
  const ExecutionResult result =
      executeIr(graph, {}, {floatTensor({2, 4}, std::vector<float>(8, 100))}, {});
  EXPECT_EQ(floats(result.outputs[0]), (std::vector<float>{103, 104, 107, 108}));
}

TEST(IrExecutor, NamesTheFirstNodeThatProducedNaN) {
  GraphBuilder b;
  const auto x = b.input("x", {4});
  const auto shifted = b.op("sub", "aten.sub.Tensor", {x}, {4}, {{"other", 2.0}});
  const auto logged = b.op("log", "aten.log.default", {shifted}, {4});
  const auto doubled = b.op("mul", "aten.mul.Tensor", {logged}, {4}, {{"other", 2.0}});
  b.output(doubled);
  const ExecutionResult result = executeIr(b.build(), {}, {floatTensor({4}, {1, 2, 3, 4})}, {});
  ASSERT_TRUE(result.first_non_finite);
  EXPECT_EQ(b.build().nodes[result.first_non_finite->node].name, "log");
  EXPECT_EQ(result.first_non_finite->nan_count, 1); // log(-1)
  EXPECT_EQ(result.first_non_finite->inf_count, 1); // log(0)
}

TEST(IrExecutor, RandomInputsAreSeededAndFollowTheSpecs) {
  const auto a = randomInputs({{{2, 3}, "float32"}, {{5}, "int64"}}, 3);
  const auto b = randomInputs({{{2, 3}, "float32"}, {{5}, "int64"}}, 3);
  const auto c = randomInputs({{{2, 3}, "float32"}, {{5}, "int64"}}, 4);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a[0] == c[0]);
  EXPECT_EQ(a[1].dtype, "int64");
  for (size_t i = 0; i < 5; ++i) {
    int64_t value;
    std::memcpy(&value, a[1].bytes.data() + 8 * i, 8);
    EXPECT_TRUE(value == 0 || value == 1);
  }
}

} // namespace
} // namespace irscope::torchscript
