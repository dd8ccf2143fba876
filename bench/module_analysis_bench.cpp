// The op-by-op module analysis (issue: modules) on the zoo's resnet50 (1x3x224x224, 161 ops,
// 171 module instances). Run:
//   build/release/bench/irscope_module_analysis_bench
// mapping: the tree walk with the operator mapping (no run). cpu-bf16: the float32 run plus a
// bfloat16 run of each module the walk reaches; at PCC 0.99 the whole model passes at once,
// while at PCC 1.0 every module fails and each op is rerun alone too: the worst case.
// "runs" counts sub-IR runs; all on one thread. float32_values_mb is what the cpu backends hold
// of the float32 run for the whole analysis.
#include "core/module_tree.h"
#include "core/topology.h"
#include "core/torch/module_analysis_run.h"
#include "core/unique_modules.h"
#include "io/op_mapping_file.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <benchmark/benchmark.h>

namespace {

namespace ir = irscope::ir;
namespace ts = irscope::torchscript;

struct Prepared {
  ts::Extraction extraction;
  ir::Topology topology;
  ir::ModuleTree tree;
  ir::UniqueModules modules;
};

const Prepared& resnet50() {
  static const Prepared prepared = [] {
    const irscope::testing::TempDir directory;
    Prepared p;
    auto model = irscope::testing::zoo::resnet50();
    ts::ExtractionOptions options;
    options.input_specs.push_back({model.input_shapes[0], model.input_dtypes[0]});
    options.keep_weight_data = true;
    p.extraction =
        ts::extractTorchScript(irscope::testing::zoo::saveModel(model, directory.path()), options);
    p.topology = ir::buildTopology(p.extraction.graph);
    p.tree = ir::buildModuleTree(p.extraction.graph, p.topology);
    p.modules = ir::findUniqueModules(p.extraction.graph, p.topology, p.tree);
    return p;
  }();
  return prepared;
}

void analyze(benchmark::State& state, ir::AnalysisBackend backend, double pcc) {
  const Prepared& p = resnet50();
  ts::ModuleAnalysisRequest request;
  request.backend = backend;
  request.mapping = &irscope::io::defaultOpMapping();
  request.weights = &p.extraction.weight_data;
  request.inputs = p.extraction.inputs;
  request.pcc_threshold = pcc;
  size_t runs = 0;
  uint64_t reference_bytes = 0;
  for (auto _ : state) {
    const ts::ModuleAnalysisResult result =
        ts::runModuleAnalysis(p.extraction.graph, p.topology, p.tree, p.modules, request);
    runs = result.runs;
    reference_bytes = result.reference_bytes;
    benchmark::DoNotOptimize(result.verdicts.data());
  }
  state.counters["unique_modules"] = static_cast<double>(p.modules.modules.size());
  state.counters["runs"] = static_cast<double>(runs);
  state.counters["float32_values_mb"] = static_cast<double>(reference_bytes) / (1 << 20);
}

void BM_Mapping(benchmark::State& state) {
  analyze(state, ir::AnalysisBackend::Mapping, 0.99);
}
void BM_Bfloat16(benchmark::State& state) {
  analyze(state, ir::AnalysisBackend::CpuBfloat16, 0.99);
}
void BM_Bfloat16EveryModuleFails(benchmark::State& state) {
  analyze(state, ir::AnalysisBackend::CpuBfloat16, 1.0);
}

BENCHMARK(BM_Mapping)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Bfloat16)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Bfloat16EveryModuleFails)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
