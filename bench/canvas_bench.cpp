// What drawing costs: a canvas frame as the window paints it, and SVG and PDF export.
//
// Canvas frames: the fully expanded transformer-like diagram of 10k and 50k ops, in a 1600x1000
// window, at the zooms the window allows (gui/app/graph_view.cpp: 2% to 800%), through the
// same call GraphView::paintEvent makes. "still" paints every frame anew (each at a zoom the
// last was not drawn at, as while the wheel zooms); "pan" is a drag across the graph, one frame
// per mouse move, reusing what the last frame drew. Smooth means every
// frame under 16 ms: each case reports the median, the 95th percentile and the slowest frame.
//
// Export: decoder140 (tests/support/graph_builder.h) fully expanded, as
// `irscope-cli render decoder140.json --expand all -o out.svg` draws it, written as SVG and PDF.
#include "gui/render/canvas_painter.h"
#include "gui/render/diagram_export.h"
#include "gui/render/diagram_painter.h"
#include "layout/default_view.h"
#include "layout/diagram.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>

namespace {

using namespace irscope;

constexpr int kWindowWidth = 1600;
constexpr int kWindowHeight = 1000;

std::shared_ptr<const layout::Diagram> expandedTransformer(size_t nodes) {
  static std::map<size_t, std::shared_ptr<const layout::Diagram>> built;
  auto& diagram = built[nodes];
  if (!diagram) {
    const ir::Graph graph = testing::makeTransformerLikeGraph(nodes);
    const ir::Topology topology = ir::buildTopology(graph);
    const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
    diagram =
        std::make_shared<const layout::Diagram>(layout::buildDiagram(graph, topology, modules, {}));
  }
  return diagram;
}

// One frame as GraphView::paintEvent draws it (without the minimap, a blit of a fixed image,
// and the floating legend).
void paintFrame(render::CanvasPainter& canvas, QImage& frame, double scale, QPointF offset) {
  render::PaintOptions options;
  options.text = scale >= 0.35;
  options.coarse = scale < 0.1;
  render::CanvasView view;
  view.scale = scale;
  view.offset = offset;
  view.size = frame.size();
  view.background = QColor(0xfb, 0xfc, 0xfe);
  QPainter painter(&frame);
  canvas.paint(painter, options, view);
}

double threadCpuMilliseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// Wall time is what a user sees, but on a shared machine it also holds other programs' turns:
// each case reports both, per frame.
void reportFrames(benchmark::State& state, std::vector<double> wall, std::vector<double> cpu,
                  double scale) {
  auto at = [](std::vector<double>& ms, double q) {
    std::sort(ms.begin(), ms.end());
    return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))];
  };
  state.counters["zoom_percent"] = scale * 100;
  state.counters["p50_ms"] = at(wall, 0.5);
  state.counters["p95_ms"] = at(wall, 0.95);
  state.counters["max_ms"] = wall.back();
  state.counters["cpu_p50_ms"] = at(cpu, 0.5);
  state.counters["cpu_p95_ms"] = at(cpu, 0.95);
  state.counters["cpu_max_ms"] = cpu.back();
}

// Arguments: ops, zoom in percent, 0 still / 1 pan.
void BM_CanvasFrame(benchmark::State& state) {
  const auto diagram = expandedTransformer(static_cast<size_t>(state.range(0)));
  const double scale = static_cast<double>(state.range(1)) / 100;
  const bool pan = state.range(2) != 0;
  const QSizeF painted = render::paintedSize(*diagram, {});
  // The middle of the graph in the middle of the window.
  QPointF offset = QPointF(kWindowWidth, kWindowHeight) / 2 -
                   QPointF(painted.width(), painted.height()) / 2 * scale;
  QImage frame(kWindowWidth, kWindowHeight, QImage::Format_ARGB32_Premultiplied);
  render::CanvasPainter canvas;
  canvas.setDiagram(diagram);
  // A drag: down and a little sideways, 32 px a move, turning back every 60 moves.
  const QPointF step(-9, -31);
  std::vector<double> wall, cpu;
  int moves = 0, frames = 0;
  for (auto _ : state) {
    if (pan) {
      offset += (moves++ / 60) % 2 == 0 ? step : -step;
    }
    // Still: every frame at a zoom the last one was not drawn at (by a hair), as while the
    // wheel zooms, so nothing of it can be reused.
    const double zoom = pan ? scale : scale * (1 + 1e-6 * (frames++ % 2));
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = threadCpuMilliseconds();
    paintFrame(canvas, frame, zoom, offset);
    cpu.push_back(threadCpuMilliseconds() - cpu_start);
    wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  reportFrames(state, std::move(wall), std::move(cpu), scale);
}
BENCHMARK(BM_CanvasFrame)
    ->ArgsProduct({{10000, 50000}, {2, 10, 35, 100, 400, 800}, {0, 1}})
    ->ArgNames({"ops", "zoom", "pan"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(120);

const layout::Diagram& expandedDecoder140() {
  static const layout::Diagram diagram = [] {
    const ir::Graph graph = testing::makeDecoderLikeGraph(140);
    const ir::Topology topology = ir::buildTopology(graph);
    const ir::ModuleTree modules = layout::displayGroups(graph, topology);
    layout::DiagramOptions options = layout::defaultDiagramOptions(graph, &modules);
    options.collapse_depth = -1; // --expand all
    return layout::buildDiagram(graph, topology, modules, options);
  }();
  return diagram;
}

// Argument: 0 SVG, 1 PDF.
void BM_ExportDecoder140(benchmark::State& state) {
  const layout::Diagram& diagram = expandedDecoder140();
  testing::TempDir dir;
  const QString path =
      QString::fromStdString((dir / (state.range(0) == 0 ? "out.svg" : "out.pdf")).string());
  for (auto _ : state)
    if (auto error = render::exportDiagram(diagram, path, {}))
      state.SkipWithError(error->toStdString().c_str());
  state.counters["items"] = static_cast<double>(diagram.items.size());
  state.counters["MB_written"] = static_cast<double>(QFileInfo(path).size()) / 1e6;
}
BENCHMARK(BM_ExportDecoder140)
    ->ArgName("pdf")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

} // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv); // fonts for QPainter
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
