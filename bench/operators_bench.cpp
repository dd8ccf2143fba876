// Operator configurations and coverage at scale (issue: operators). Run:
//   build/release/bench/irscope_operators_bench
// A transformer-like graph of 10k nodes: collecting every node's configuration (its arguments
// as Python's sorted JSON, deduplicated per op), then classing each one against the built-in
// TTNN mapping. Target: both together <= 50 ms.
#include "core/op_configuration.h"
#include "core/op_coverage.h"
#include "io/op_mapping_file.h"
#include "tests/support/graph_builder.h"

#include <benchmark/benchmark.h>

namespace {

void BM_ConfigurationsAndCoverage(benchmark::State& state) {
  const irscope::ir::Graph graph =
      irscope::testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  const irscope::ir::OpMapping& mapping = irscope::io::defaultOpMapping();
  size_t variations = 0;
  for (auto _ : state) {
    std::vector<irscope::ir::ModelConfigurations> models{
        {"bench", &graph, irscope::ir::collectConfigurations(graph)}};
    const irscope::ir::CoverageReport report = irscope::ir::coverageOf(models, mapping);
    variations = report.totals.variations;
    benchmark::DoNotOptimize(variations);
  }
  state.counters["nodes"] = static_cast<double>(graph.nodes.size());
  state.counters["variations"] = static_cast<double>(variations);
}

void BM_ConfigurationsOnly(benchmark::State& state) {
  const irscope::ir::Graph graph =
      irscope::testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(irscope::ir::collectConfigurations(graph));
}

BENCHMARK(BM_ConfigurationsAndCoverage)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConfigurationsOnly)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
