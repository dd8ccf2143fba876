#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "core/module_tree.h"
#include "gui/render/diagram_export.h"
#include "gui/render/paged_pdf.h"
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

// One line on stderr when the PDF is not what a plain reading of the command line promises: tiled
// because one page would be too large, or shrunk onto one sheet below readable text.
void notePdfPages(const std::string& output, const render::PdfPlan& plan) {
  if (plan.tiled_for_size) {
    std::fprintf(stderr,
                 "note: %s: the graph is %.0f x %.0f pt, past the %.0f pt a PDF page can be, so "
                 "it is tiled onto %d %s pages (--page and --landscape choose the paper)\n",
                 output.c_str(), plan.drawing.width(), plan.drawing.height(),
                 render::kMaxPdfPageSide, plan.pages,
                 qPrintable(render::paperName(plan.page->paper)));
  } else if (plan.page && !plan.page->tile &&
             plan.scale * render::kSmallestDrawnText < render::kSmallestPrintedText) {
    std::fprintf(stderr,
                 "note: %s: shrunk onto one page, its text is %.1f pt; --tile cuts it into pages "
                 "where no text is below %.0f pt\n",
                 output.c_str(), plan.scale * render::kSmallestDrawnText,
                 render::kSmallestPrintedText);
  }
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
    bool landscape = false;
    bool tile = false;
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
  command
      ->add_option("--page", options->page,
                   "PDF paper: A4, A3, Letter or Tabloid; the graph shrunk onto one page, or with "
                   "--tile cut into pages (default: one page the graph's size)")
      ->check(CLI::IsMember({"A4", "A3", "Letter", "Tabloid"}, CLI::ignore_case));
  command->add_flag("--landscape", options->landscape, "Turn the --page paper sideways");
  command->add_flag("--tile", options->tile,
                    "Cut the graph into pages where text prints at 6 pt or more, after an "
                    "overview page (paper: --page, A4 if not given)");

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
      const QString output = QString::fromStdString(options->output);
      if (!options->page.empty() || options->landscape || options->tile) {
        if (!output.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) {
          reportError(options->output + ": --page, --landscape and --tile are for PDF output");
          return int{kExitUnreadable};
        }
        render::PageSetup setup;
        setup.paper =
            render::paperNamed(QString::fromStdString(options->page)).value_or(setup.paper);
        setup.landscape = options->landscape;
        setup.tile = options->tile;
        exported.page = setup;
      }
      if (output.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        notePdfPages(options->output, render::planPdf(drawn, exported));
      if (auto error = render::exportDiagram(drawn, output, exported)) {
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
