#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "core/module_tree.h"
#include "gui/render/diagram_export.h"
#include "layout/default_view.h"

#include <QGuiApplication>
#include <cstdio>
#include <memory>

namespace irscope::cli {

namespace {

// Past this, the rest of a layout is done with cheaper dot settings rather than keep a script
// waiting (the output says so).
constexpr double kLayoutBudgetSeconds = 20;

// QPainter needs a QGuiApplication for fonts; the offscreen platform needs no display.
void ensureGuiApplication() {
  if (QGuiApplication::instance())
    return;
  // Qt's own chatter ("XDG_RUNTIME_DIR not set") is not the user's concern; errors still show.
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg)
      std::fprintf(stderr, "%s\n", qPrintable(message));
  });
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "irscope-cli";
  static char* argv[] = {name, nullptr};
  static QGuiApplication app(argc, argv);
}

} // namespace

Action addRenderCommand(CLI::App& app) {
  struct Options {
    std::string file;
    std::string output;
    int collapse_depth = 0; // 0: not given, so the default view decides
    std::string expand;     // "all"
    bool show_weights = false;
    bool names = false;
    bool no_edge_labels = false;
    std::string rankdir = "TB";
    size_t max_nodes = 0;
    double dpi = 96;
    std::string page;
    ModelInputOptions inputs;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("render", "Draw the graph to SVG, PDF or PNG");
  command->add_option("FILE", options->file, kModelArgumentHelp)->required();
  addModelInputOptions(*command, options->inputs);
  command->add_option("-o,--output", options->output, "OUT.svg, OUT.pdf or OUT.png")->required();
  auto* depth = command->add_option("--collapse-depth", options->collapse_depth,
                                    "Show N levels of module groups, the last as boxes");
  depth->check(CLI::Range(1, 1000));
  command->add_option("--expand", options->expand, "all: expand every group")
      ->check(CLI::IsMember({"all"}))
      ->excludes(depth);
  command->add_flag("--show-weights", options->show_weights, "Draw weights as side inputs");
  command->add_flag("--names", options->names, "Add each op's node name to its box");
  command->add_flag("--no-edge-labels", options->no_edge_labels, "Leave tensor shapes off edges");
  command->add_option("--rankdir", options->rankdir, "TB (top to bottom) or LR")
      ->check(CLI::IsMember({"TB", "LR"}));
  command->add_option("--max-nodes", options->max_nodes, "Draw only the first N ops (0: all)");
  command->add_option("--dpi", options->dpi, "PNG resolution")->check(CLI::Range(1.0, 1200.0));
  command->add_option("--page", options->page, "PDF page: A4 or Letter (default: fit the graph)")
      ->check(CLI::IsMember({"A4", "Letter"}));

  return [options]() {
    try {
      const io::OpenedModel model = openModelGraph(options->file, options->inputs);
      const ir::ModuleTree modules = layout::displayGroups(model.graph, model.topology);
      layout::DiagramOptions diagram = layout::defaultDiagramOptions(model.graph, &modules);
      if (!options->expand.empty()) {
        diagram.collapse_depth = -1;
      } else if (options->collapse_depth >= 1) {
        diagram.collapse_depth = options->collapse_depth;
        diagram.expanded_groups.clear(); // the levels asked for, even above a lone group
      }
      diagram.show_weights = options->show_weights;
      diagram.show_names = options->names;
      diagram.edge_labels = !options->no_edge_labels;
      diagram.rankdir =
          options->rankdir == "LR" ? layout::RankDir::LeftToRight : layout::RankDir::TopToBottom;
      diagram.max_nodes = options->max_nodes;
      layout::LayoutControl control;
      control.budget_seconds = kLayoutBudgetSeconds;
      const layout::Diagram drawn =
          layout::buildDiagram(model.graph, model.topology, modules, diagram, {}, control,
                               &layout::LayoutCache::shared());

      ensureGuiApplication();
      render::ExportOptions exported;
      exported.dpi = options->dpi;
      exported.page = options->page == "A4"       ? render::PageSize::A4
                      : options->page == "Letter" ? render::PageSize::Letter
                                                  : render::PageSize::FitToGraph;
      if (auto error =
              render::exportDiagram(drawn, QString::fromStdString(options->output), exported)) {
        reportError(error->toStdString());
        return int{kExitUnreadable};
      }
      return int{kExitOk};
    } catch (const std::exception& error) {
      reportError(error.what());
      return int{kExitUnreadable};
    }
  };
}

} // namespace irscope::cli
