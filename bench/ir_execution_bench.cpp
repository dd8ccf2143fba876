// The IR executor against libtorch's own TorchScript forward of the same model (issue: run the
// IR). Run:
//   build/release/bench/irscope_execution_bench
// Both sides run on one thread, batch 1, under InferenceMode, on the same inputs and weights, and
// both are warmed up first (TorchScript's profiling executor optimises its graph on early calls).
// The executor's time is the whole executeIr call: resolving ops, converting arguments and
// borrowing weights are part of what a user waits for. The ratio to compare is
// BM_Executor/<model> over BM_TorchScript/<model>; "run_ms" is the executor's run alone.
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "io/npy.h"
#include "io/torch_ir_reader.h"
#include "io/weights_file.h"
#include "tests/models/model_zoo.h"
#include "tests/support/test_files.h"

#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <map>
#include <memory>
#include <torch/script.h>

namespace {

namespace zoo = irscope::testing::zoo;
namespace ts = irscope::torchscript;

// One model as both sides see it: a TorchScript file, and its IR with weights and inputs.
struct BenchModel {
  std::filesystem::path torchscript;
  irscope::ir::Graph graph;
  ts::NamedTensors weights;
  std::vector<irscope::ir::TensorData> inputs;
};

std::filesystem::path benchDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path directory =
      std::filesystem::path(tmp ? tmp : "/tmp") / "irscope-bench";
  std::filesystem::create_directories(directory);
  return directory;
}

// The zoo's large models: saved as TorchScript, then extracted to IR by irscope itself.
BenchModel fromZoo(const zoo::ZooModel& model) {
  BenchModel entry;
  entry.torchscript = zoo::saveModel(model, benchDirectory());
  ts::ExtractionOptions options;
  for (size_t i = 0; i < model.input_shapes.size(); ++i)
    options.input_specs.push_back({model.input_shapes[i], model.input_dtypes[i]});
  options.keep_weight_data = true;
  ts::Extraction extraction = ts::extractTorchScript(entry.torchscript, options);
  entry.graph = std::move(extraction.graph);
  entry.weights = std::move(extraction.weight_data);
  entry.inputs = std::move(extraction.inputs);
  return entry;
}

// The torch_ir fixtures: the IR, weights and inputs that Python wrote, and its TorchScript file.
BenchModel fromFixture(const std::string& name) {
  const std::filesystem::path directory = irscope::testing::dataDir() / "torch_ir";
  BenchModel entry;
  entry.torchscript = directory / (name + ".ts.pt");
  entry.graph = irscope::io::readTorchIrFile(directory / (name + ".json"));
  entry.weights = irscope::io::readWeightsFile(directory / (name + ".safetensors"));
  for (int i = 0;; ++i) {
    const auto input = directory / (name + ".in" + std::to_string(i) + ".npy");
    if (!std::filesystem::exists(input))
      break;
    entry.inputs.push_back(irscope::io::readNpy(input));
  }
  return entry;
}

const BenchModel& benchModel(const std::string& name) {
  static std::map<std::string, std::unique_ptr<BenchModel>> models;
  auto found = models.find(name);
  if (found == models.end()) {
    std::unique_ptr<BenchModel> model;
    if (name == "ResNet50")
      model = std::make_unique<BenchModel>(fromZoo(zoo::resnet50()));
    else if (name == "Encoder24")
      model = std::make_unique<BenchModel>(fromZoo(zoo::transformerEncoder(24, 1024, 2048, 16)));
    else
      model = std::make_unique<BenchModel>(fromFixture(name));
    found = models.emplace(name, std::move(model)).first;
  }
  return *found->second;
}

constexpr int kWarmUpCalls = 3;

// The bench's inputs are float32 or int64 (the zoo's and the fixtures'); a copy owns its bytes.
at::Tensor toTensor(const irscope::ir::TensorData& data) {
  const auto type = data.dtype == "int64" ? at::kLong : at::kFloat;
  if (data.dtype != "int64" && data.dtype != "float32")
    throw std::runtime_error("bench inputs are float32 or int64, not " + data.dtype);
  return at::from_blob(const_cast<std::byte*>(data.bytes.data()), data.shape,
                       at::TensorOptions().dtype(type))
      .clone();
}

void BM_TorchScript(benchmark::State& state, const std::string& name) {
  const BenchModel& model = benchModel(name);
  at::set_num_threads(1);
  torch::jit::Module module = torch::jit::load(model.torchscript.string());
  module.eval();
  std::vector<torch::jit::IValue> inputs;
  for (const auto& input : model.inputs)
    inputs.emplace_back(toTensor(input));
  c10::InferenceMode inference;
  for (int i = 0; i < kWarmUpCalls; ++i)
    module.forward(inputs);
  for (auto _ : state)
    benchmark::DoNotOptimize(module.forward(inputs));
}

void BM_Executor(benchmark::State& state, const std::string& name) {
  const BenchModel& model = benchModel(name);
  ts::ExecutionOptions options;
  options.threads = 1;
  for (int i = 0; i < kWarmUpCalls; ++i)
    ts::executeIr(model.graph, model.weights, model.inputs, options);
  double run_seconds = 0;
  for (auto _ : state) {
    const ts::ExecutionResult result =
        ts::executeIr(model.graph, model.weights, model.inputs, options);
    run_seconds += result.seconds;
    benchmark::DoNotOptimize(result.outputs.data());
  }
  state.counters["run_ms"] = benchmark::Counter(run_seconds * 1e3 / state.iterations());
  state.counters["ops"] = static_cast<double>(model.graph.nodes.size());
}

void registerPair(const std::string& name, int iterations) {
  benchmark::RegisterBenchmark(("BM_TorchScript/" + name).c_str(), BM_TorchScript, name)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(iterations);
  benchmark::RegisterBenchmark(("BM_Executor/" + name).c_str(), BM_Executor, name)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(iterations);
}

} // namespace

int main(int argc, char** argv) {
  registerPair("ResNet50", 20);
  registerPair("Encoder24", 10);
  // Fixtures with weights and a TorchScript file (WeightTying has no .ts.pt).
  const std::filesystem::path fixtures = irscope::testing::dataDir() / "torch_ir";
  for (const std::string& fixture : irscope::testing::torchIrFixtureNames())
    if (std::filesystem::exists(fixtures / (fixture + ".safetensors")) &&
        std::filesystem::exists(fixtures / (fixture + ".ts.pt")))
      registerPair(fixture, 300);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
