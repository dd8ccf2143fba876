// Layout and render at scale. Targets: a 10k-node model collapsed to depth 2 goes from file to
// SVG in <= 1 s; fully expanded 10k nodes lay out in <= 10 s, 50k in <= 5 s; peak memory
// <= 500 MB.
// Every case but the canvas frame runs in a child process of its own (bench/isolated_case.h), so
// its peak_rss_MB is its own, not the largest of every case before it; cpu_s beside the wall time
// is the steadier figure on a loaded machine. Run with --benchmark_repetitions=N for medians.
#include "bench/alternating_timing.h"
#include "bench/isolated_case.h"
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

// File -> validated graph -> module tree -> laid-out diagram -> SVG on disk, as
// `irscope-cli render model.json -o out.svg --collapse-depth D` does. Depth -1 expands all.
// open_cpu_s, layout_cpu_s and svg_cpu_s say where the time goes.
void renderFileToSvg(benchmark::State& state, const std::filesystem::path& model) {
  const int depth = static_cast<int>(state.range(1));
  testing::TempDir dir;
  for (auto _ : state) {
    bench::runIsolated(state, [&](bench::IsolatedCase& run) {
      io::OpenedModel opened;
      ir::ModuleTree modules;
      run.counters["open_cpu_s"] = run.time([&] {
        opened = io::openModel(model);
        modules = ir::buildModuleTree(opened.graph, opened.topology);
      });
      layout::Diagram diagram;
      run.counters["layout_cpu_s"] = run.time([&] {
        layout::DiagramOptions options;
        options.collapse_depth = depth;
        diagram = layout::buildDiagram(opened.graph, opened.topology, modules, options);
      });
      run.counters["items_drawn"] = static_cast<double>(diagram.items.size());
      run.counters["svg_cpu_s"] = run.time([&] {
        if (auto error =
                render::exportSvg(diagram, QString::fromStdString((dir / "out.svg").string()), {}))
          run.error = error->toStdString();
      });
    });
  }
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
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK(BM_RenderSyntheticToSvg)
    ->ArgsProduct({{100, 1000, 10000, 50000}, {2}})
    ->Args({1000, -1})
    ->Args({10000, -1})
    ->Args({50000, -1})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// The same graph with no groups at all: one dot run over everything, as a plain DOT file would
// be laid out. Shows what the nested layout saves.
void BM_LayoutFlat(benchmark::State& state) {
  for (auto _ : state) {
    bench::runIsolated(state, [&](bench::IsolatedCase& run) {
      const ir::Graph graph =
          testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
      const ir::Topology topology = ir::buildTopology(graph);
      const ir::ModuleTree none{{}, std::vector<int>(graph.nodes.size(), -1), true};
      run.time([&] { benchmark::DoNotOptimize(layout::buildDiagram(graph, topology, none, {})); });
    });
  }
}
BENCHMARK(BM_LayoutFlat)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// Fully expanded, in derived groups (stages of layers), without a layout cache: the time is
// buildDiagram's alone; the peak includes the graph.
void BM_LayoutNested(benchmark::State& state) {
  for (auto _ : state) {
    bench::runIsolated(state, [&](bench::IsolatedCase& run) {
      const ir::Graph graph =
          testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)));
      const ir::Topology topology = ir::buildTopology(graph);
      const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
      layout::Diagram diagram;
      run.time([&] { diagram = layout::buildDiagram(graph, topology, modules, {}); });
      run.counters["items_drawn"] = static_cast<double>(diagram.items.size());
    });
  }
}
BENCHMARK(BM_LayoutNested)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(10000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

void BM_RenderEncoder24ToSvg(benchmark::State& state) {
  renderFileToSvg(state, testing::dataDir() / "torch_ir" / "encoder24.json");
}
BENCHMARK(BM_RenderEncoder24ToSvg)
    ->Args({0, 1})
    ->Args({0, -1})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// A decoder whose `memory` input every layer reads (tests/support/graph_builder.h), laid out as
// the window opens it (layers collapsed, depth 1) and fully expanded (depth -1). The third
// argument turns on what issue 21 added, shared values drawn as stubs and one-op modules drawn
// as their op; 0 is the layout as it was, every edge and every frame.
void BM_LayoutDecoder(benchmark::State& state) {
  for (auto _ : state) {
    bench::runIsolated(state, [&](bench::IsolatedCase& run) {
      const ir::Graph graph = testing::makeDecoderLikeGraph(static_cast<size_t>(state.range(0)));
      const ir::Topology topology = ir::buildTopology(graph);
      const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
      layout::DiagramOptions options = layout::defaultDiagramOptions(graph, &modules);
      if (state.range(1) < 0)
        options = {};
      options.stubs = options.fold_single_op_modules = state.range(2) != 0;
      layout::Diagram diagram;
      run.time([&] { diagram = layout::buildDiagram(graph, topology, modules, options); });
      run.counters["items_drawn"] = static_cast<double>(diagram.items.size());
      run.counters["edges_drawn"] = static_cast<double>(diagram.edges.size());
    });
  }
}
BENCHMARK(BM_LayoutDecoder)
    ->ArgsProduct({{48, 140}, {1, -1}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// Canvas frames are measured in canvas_bench.cpp (irscope_canvas_bench): 10k and 50k ops, at the
// zooms the window allows, still and panning, through the canvas's own painter.

} // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv); // fonts for QPainter
  benchmark::Initialize(&argc, argv);
  benchmark::AddCustomContext("allocator", bench::allocatorSettings());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
