// TorchScript extraction at scale (issue: TorchScript extraction). Run:
//   build/release/bench/irscope_torch_bench
// The models are built in C++ (tests/models) and saved once to $TMPDIR/irscope-bench; the CLI
// can then be timed on the same files: irscope-cli extract /tmp/irscope-bench/ResNet50.pt ...
// Each extraction is compared with a plain libtorch load + forward of the same file, the two
// taking turns, so the cost of interpreting and recording shows apart from the model's own
// arithmetic.
#include "bench/alternating_timing.h"
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

} // namespace

// Extraction and libtorch's load + forward of the same file, in turns in one process
// (bench/alternating_timing.h). Arguments: substrings of the model names (all when none).
int main(int argc, char** argv) {
  std::vector<std::string> filters(argv + 1, argv + argc);
  irscope::bench::printHeader(
      "A = libtorch load + forward, B = irscope extraction; milliseconds, median [quartiles] "
      "(extremes); B/A is the median of per-round ratios");
  for (const auto& [name, rounds] :
       {std::pair<std::string, int>{"ResNet50", 9}, {"Encoder24", 5}}) {
    bool wanted = filters.empty();
    for (const std::string& filter : filters)
      wanted = wanted || name.find(filter) != std::string::npos;
    if (!wanted)
      continue;
    const SavedModel& model = saved(name);
    irscope::torchscript::ExtractionOptions options;
    options.input_specs = model.inputs;
    auto extract = [&] {
      const auto extraction = irscope::torchscript::extractTorchScript(model.path, options);
      benchmark::DoNotOptimize(extraction.graph.nodes.size());
    };
    // What libtorch alone takes to load and run the same file: the floor under extraction.
    auto load_and_forward = [&] {
      torch::jit::Module module = torch::jit::load(model.path.string());
      module.eval();
      torch::NoGradGuard no_grad;
      std::vector<torch::jit::IValue> inputs;
      for (const auto& spec : model.inputs)
        inputs.emplace_back(torch::randn(spec.shape));
      benchmark::DoNotOptimize(module.forward(inputs));
    };
    irscope::bench::printPair(name,
                              irscope::bench::alternate(rounds, 1, load_and_forward, extract));
  }
  return 0;
}
