// The IR executor against libtorch's own TorchScript forward of the same model (issue: run the
// IR). Run:
//   build/release/bench/irscope_execution_bench
// Both sides run on one thread, batch 1, under InferenceMode, on the same inputs and weights, and
// both are warmed up first (TorchScript's profiling executor optimises its graph on early calls).
// Each side's calls alternate with TorchScript's in one process (bench/alternating_timing.h):
// "executeIr" is the one-shot call (preparing the plan included), "prepared" a call of a plan
// prepared once (weights borrowed and inputs bound per call), as repeated runs pay it.
#include "bench/alternating_timing.h"
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
namespace bench = irscope::bench;

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

// TorchScript's forward and the executor's whole call, in turns, on one thread.
void comparePair(const std::string& name, int rounds) {
  const BenchModel& model = benchModel(name);
  at::set_num_threads(1);
  torch::jit::Module module = torch::jit::load(model.torchscript.string());
  module.eval();
  std::vector<torch::jit::IValue> inputs;
  for (const auto& input : model.inputs)
    inputs.emplace_back(toTensor(input));
  ts::ExecutionOptions options;
  options.threads = 1;
  auto forward = [&] {
    c10::InferenceMode inference;
    benchmark::DoNotOptimize(module.forward(inputs));
  };
  auto whole_call = [&] {
    const ts::ExecutionResult result =
        ts::executeIr(model.graph, model.weights, model.inputs, options);
    benchmark::DoNotOptimize(result.outputs.data());
  };
  bench::printPair(name + " executeIr",
                   bench::alternate(rounds, kWarmUpCalls, forward, whole_call));
  // The same, with the plan prepared once: each call borrows the weights and binds the inputs.
  const std::shared_ptr<const ts::PreparedIr> plan = ts::prepareIr(model.graph, options);
  auto prepared_call = [&] {
    const ts::ExecutionResult result =
        ts::runPreparedIr(*plan, model.weights, model.inputs, options);
    benchmark::DoNotOptimize(result.outputs.data());
  };
  bench::printPair(name + " prepared",
                   bench::alternate(rounds, kWarmUpCalls, forward, prepared_call));
}

bool wanted(const std::string& name, const std::vector<std::string>& filters) {
  if (filters.empty())
    return true;
  for (const std::string& filter : filters)
    if (name.find(filter) != std::string::npos)
      return true;
  return false;
}

} // namespace

// Arguments: substrings of the model names to run (all when none); --rounds-scale=F multiplies
// the rounds (300 per fixture, 20 for ResNet50, 10 for Encoder24).
int main(int argc, char** argv) {
  std::vector<std::string> filters;
  double scale = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--rounds-scale=", 0) == 0)
      scale = std::stod(arg.substr(15));
    else
      filters.push_back(arg);
  }
  auto rounds = [&](int base) { return std::max(3, static_cast<int>(base * scale)); };
  std::vector<std::pair<std::string, int>> cases = {{"ResNet50", 20}, {"Encoder24", 10}};
  // Fixtures with weights and a TorchScript file (WeightTying has no .ts.pt).
  const std::filesystem::path fixtures = irscope::testing::dataDir() / "torch_ir";
  for (const std::string& fixture : irscope::testing::torchIrFixtureNames())
    if (std::filesystem::exists(fixtures / (fixture + ".safetensors")) &&
        std::filesystem::exists(fixtures / (fixture + ".ts.pt")))
      cases.emplace_back(fixture, 300);
  bench::printHeader("A = TorchScript forward, B = the IR executor; milliseconds, median "
                     "[quartiles] (extremes); B/A is the median of per-round ratios");
  for (const auto& [name, base] : cases)
    if (wanted(name, filters))
      comparePair(name, rounds(base));
  return 0;
}
