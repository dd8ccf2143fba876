// TorchScript extraction at scale (issue: TorchScript extraction). Run:
//   build/release/bench/irscope_torch_bench
// The models are built in C++ (tests/models) and saved once to $TMPDIR/irscope-bench; the CLI
// can then be timed on the same files: irscope-cli extract /tmp/irscope-bench/ResNet50.pt ...
// Each extraction is compared with a plain libtorch forward of the same module, so the cost of
// interpreting and recording shows apart from the model's own arithmetic.
#include "core/torch/torchscript_extraction.h"
#include "tests/models/model_zoo.h"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <map>

namespace {

namespace zoo = irscope::testing::zoo;

struct SavedModel {
  std::filesystem::path path;
  std::vector<irscope::ir::InputSpec> inputs;
};

const SavedModel& saved(const std::string& name) {
  static std::map<std::string, SavedModel> models;
  auto found = models.find(name);
  if (found != models.end())
    return found->second;
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path directory =
      std::filesystem::path(tmp ? tmp : "/tmp") / "irscope-bench";
  std::filesystem::create_directories(directory);
  const zoo::ZooModel model =
      name == "ResNet50" ? zoo::resnet50() : zoo::transformerEncoder(24, 1024, 2048, 16);
  SavedModel entry{zoo::saveModel(model, directory), {}};
  for (size_t i = 0; i < model.input_shapes.size(); ++i)
    entry.inputs.push_back({model.input_shapes[i], model.input_dtypes[i]});
  return models.emplace(name, entry).first->second;
}

void BM_Extract(benchmark::State& state, const std::string& name) {
  const SavedModel& model = saved(name);
  irscope::torchscript::ExtractionOptions options;
  options.input_specs = model.inputs;
  size_t nodes = 0;
  for (auto _ : state) {
    const auto extraction = irscope::torchscript::extractTorchScript(model.path, options);
    nodes = extraction.graph.nodes.size();
    benchmark::DoNotOptimize(nodes);
  }
  state.counters["ops"] = static_cast<double>(nodes);
}

// What libtorch alone takes to load and run the same file: the floor under extraction.
void BM_LoadAndForward(benchmark::State& state, const std::string& name) {
  const SavedModel& model = saved(name);
  for (auto _ : state) {
    torch::jit::Module module = torch::jit::load(model.path.string());
    module.eval();
    torch::NoGradGuard no_grad;
    std::vector<torch::jit::IValue> inputs;
    for (const auto& spec : model.inputs)
      inputs.emplace_back(torch::randn(spec.shape));
    benchmark::DoNotOptimize(module.forward(inputs));
  }
}

BENCHMARK_CAPTURE(BM_Extract, ResNet50, std::string("ResNet50"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_LoadAndForward, ResNet50, std::string("ResNet50"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_Extract, Encoder24, std::string("Encoder24"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_LoadAndForward, Encoder24, std::string("Encoder24"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

} // namespace

BENCHMARK_MAIN();
