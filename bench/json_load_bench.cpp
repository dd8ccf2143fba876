// Load + validate of torch_ir JSON at the scale of a real LLM export. Target: <= 75 ms for a
// 10k-node file (Python's torch_ir IR.load takes 154 ms for a 10,080-node, 7.5 MB file).
#include "core/topology.h"
#include "core/validation.h"
#include "io/atomic_file.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <benchmark/benchmark.h>
#include <filesystem>
#include <map>
#include <memory>
#include <unistd.h>

namespace {

using namespace irscope;

const std::string& syntheticJson(size_t nodes) {
  static std::map<size_t, std::string> cache;
  auto& text = cache[nodes];
  if (text.empty())
    text = io::writeTorchIrJson(testing::makeTransformerLikeGraph(nodes));
  return text;
}

// What a user waits for: file on disk -> validated graph with its topology. The model is kept
// afterwards, so freeing it is timed separately (BM_FreeGraph), not here.
void BM_LoadAndValidateFile(benchmark::State& state) {
  const size_t nodes = static_cast<size_t>(state.range(0));
  testing::TempDir dir;
  const auto path = dir / "model.json";
  io::writeFileAtomically(path, syntheticJson(nodes));
  for (auto _ : state) {
    auto graph = std::make_unique<ir::Graph>(io::readTorchIrFile(path));
    auto topology = std::make_unique<ir::Topology>(ir::buildTopology(*graph));
    auto problems = ir::validate(*graph, *topology);
    if (!problems.empty())
      state.SkipWithError("synthetic graph did not validate");
    state.PauseTiming();
    graph.reset();
    topology.reset();
    state.ResumeTiming();
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["MB"] = static_cast<double>(syntheticJson(nodes).size()) / 1e6;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * syntheticJson(nodes).size()));
}
BENCHMARK(BM_LoadAndValidateFile)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);

void BM_ParseOnly(benchmark::State& state) {
  const std::string& text = syntheticJson(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto graph = std::make_unique<ir::Graph>(io::parseTorchIrJson(text, "bench.json"));
    state.PauseTiming();
    graph.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ParseOnly)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_TopologyAndValidate(benchmark::State& state) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    ir::Topology topology = ir::buildTopology(graph);
    benchmark::DoNotOptimize(ir::validate(graph, topology));
  }
}
BENCHMARK(BM_TopologyAndValidate)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_FreeGraph(benchmark::State& state) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = std::make_unique<ir::Graph>(graph);
    auto topology = std::make_unique<ir::Topology>(ir::buildTopology(*copy));
    state.ResumeTiming();
    copy.reset();
    topology.reset();
  }
}
BENCHMARK(BM_FreeGraph)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_Write(benchmark::State& state) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(io::writeTorchIrJson(graph));
}
BENCHMARK(BM_Write)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_LoadAndValidateEncoder24(benchmark::State& state) {
  const auto path = testing::dataDir() / "torch_ir" / "encoder24.json";
  for (auto _ : state) {
    ir::Graph graph = io::readTorchIrFile(path);
    ir::Topology topology = ir::buildTopology(graph);
    benchmark::DoNotOptimize(ir::validate(graph, topology));
  }
}
BENCHMARK(BM_LoadAndValidateEncoder24)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
