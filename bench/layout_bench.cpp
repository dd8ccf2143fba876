// Layout and render at scale. Targets: a 10k-node model collapsed to depth 2 goes from file to
// SVG in <= 1 s; fully expanded 10k nodes lay out in <= 10 s; peak memory <= 500 MB.
// Peak memory is per case: each case resets the process's high-water mark before it starts
// (bench/peak_memory.h), so a case after the 50k one no longer reports the 50k one's peak.
#include "bench/peak_memory.h"
#include "core/module_tree.h"
#include "gui/render/diagram_export.h"
#include "io/atomic_file.h"
#include "io/model_file.h"
#include "io/torch_ir_writer.h"
#include "layout/default_view.h"
#include "layout/diagram.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <QGuiApplication>
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace irscope;

double peakRssMegabytes() {
  return bench::peakMemoryMegabytes();
}

// Called first in every case, before it builds anything.
void startCase() {
  bench::resetPeakMemory();
}

// File -> validated graph -> module tree -> laid-out diagram -> SVG on disk, as
// `irscope-cli render model.json -o out.svg --collapse-depth D` does. Depth -1 expands all.
void renderFileToSvg(benchmark::State& state, const std::filesystem::path& model) {
  const int depth = static_cast<int>(state.range(1));
  testing::TempDir dir;
  startCase();
  size_t items = 0;
  for (auto _ : state) {
    const io::OpenedModel opened = io::openModel(model);
    const ir::ModuleTree modules = ir::buildModuleTree(opened.graph, opened.topology);
    layout::DiagramOptions options;
    options.collapse_depth = depth;
    const layout::Diagram diagram =
        layout::buildDiagram(opened.graph, opened.topology, modules, options);
    items = diagram.items.size();
    if (auto error =
            render::exportSvg(diagram, QString::fromStdString((dir / "out.svg").string()), {}))
      state.SkipWithError(error->toStdString().c_str());
  }
  state.counters["items_drawn"] = static_cast<double>(items);
  state.counters["peak_rss_MB"] = peakRssMegabytes();
}

// Writes the synthetic model file in a child process: building its JSON takes far more memory
// than reading it, and would otherwise count toward the peak RSS reported for rendering.
void writeSyntheticModel(const std::filesystem::path& path, size_t nodes, bool module_paths) {
  const pid_t child = ::fork();
  if (child == 0) {
    io::writeFileAtomically(
        path, io::writeTorchIrJson(testing::makeTransformerLikeGraph(nodes, module_paths)));
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
}

void BM_RenderSyntheticToSvg(benchmark::State& state) {
  testing::TempDir dir;
  const auto path = dir / "model.json";
  writeSyntheticModel(path, static_cast<size_t>(state.range(0)), false);
  renderFileToSvg(state, path);
}

// The same model with module paths (layers.N.attn, layers.N.mlp, ...) in the file, for
// comparison with the derived groups above.
void BM_RenderSyntheticWithModulePathsToSvg(benchmark::State& state) {
  testing::TempDir dir;
  const auto path = dir / "model.json";
  writeSyntheticModel(path, static_cast<size_t>(state.range(0)), true);
  renderFileToSvg(state, path);
}
BENCHMARK(BM_RenderSyntheticWithModulePathsToSvg)
    ->Args({10000, 2})
    ->Args({10000, -1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_RenderSyntheticToSvg)
    ->ArgsProduct({{100, 1000, 10000, 50000}, {2}})
    ->Args({1000, -1})
    ->Args({10000, -1})
    ->Args({50000, -1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// The same graph with no groups at all: one dot run over everything, as a plain DOT file would
// be laid out. Shows what the nested layout saves.
void BM_LayoutFlat(benchmark::State& state) {
  startCase();
  const ir::Graph graph = testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  const ir::Topology topology = ir::buildTopology(graph);
  const ir::ModuleTree none{{}, std::vector<int>(graph.nodes.size(), -1), true};
  for (auto _ : state)
    benchmark::DoNotOptimize(layout::buildDiagram(graph, topology, none, {}));
  state.counters["peak_rss_MB"] = peakRssMegabytes();
}
BENCHMARK(BM_LayoutFlat)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_LayoutNested(benchmark::State& state) {
  startCase();
  const ir::Graph graph = testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
  const ir::Topology topology = ir::buildTopology(graph);
  const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
  for (auto _ : state)
    benchmark::DoNotOptimize(layout::buildDiagram(graph, topology, modules, {}));
  state.counters["peak_rss_MB"] = peakRssMegabytes();
}
BENCHMARK(BM_LayoutNested)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_RenderEncoder24ToSvg(benchmark::State& state) {
  renderFileToSvg(state, testing::dataDir() / "torch_ir" / "encoder24.json");
}
BENCHMARK(BM_RenderEncoder24ToSvg)
    ->Args({0, 1})
    ->Args({0, -1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// A decoder whose `memory` input every layer reads (tests/support/graph_builder.h), laid out as
// the window opens it (layers collapsed, depth 1) and fully expanded (depth -1). The third
// argument turns on what issue 21 added, shared values drawn as stubs and one-op modules drawn
// as their op; 0 is the layout as it was, every edge and every frame.
void BM_LayoutDecoder(benchmark::State& state) {
  const ir::Graph graph = testing::makeDecoderLikeGraph(static_cast<size_t>(state.range(0)));
  const ir::Topology topology = ir::buildTopology(graph);
  const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
  layout::DiagramOptions options = layout::defaultDiagramOptions(graph, &modules);
  if (state.range(1) < 0)
    options = {};
  options.stubs = options.fold_single_op_modules = state.range(2) != 0;
  size_t items = 0, edges = 0;
  for (auto _ : state) {
    const layout::Diagram diagram = layout::buildDiagram(graph, topology, modules, options);
    items = diagram.items.size();
    edges = diagram.edges.size();
  }
  state.counters["items_drawn"] = static_cast<double>(items);
  state.counters["edges_drawn"] = static_cast<double>(edges);
  state.counters["peak_rss_MB"] = peakRssMegabytes();
}
BENCHMARK(BM_LayoutDecoder)
    ->ArgsProduct({{48, 140}, {1, -1}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Canvas frames are measured in canvas_bench.cpp (irscope_canvas_bench): 10k and 50k ops, at the
// zooms the window allows, still and panning, through the canvas's own painter.

} // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv); // fonts for QPainter
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
