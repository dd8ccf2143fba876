#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "io/dot_writer.h"
#include "io/mermaid_writer.h"

#include <memory>

namespace irscope::cli {

namespace {
bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

Action addConvertCommand(CLI::App& app) {
  struct Options {
    std::string file;
    std::string output;
    size_t max_nodes = 0;
    bool no_weights = false;
    ModelInputOptions inputs;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "convert", "Write the graph as Graphviz DOT (.dot, .gv) or Mermaid (.mmd)");
  command->add_option("FILE", options->file, kModelArgumentHelp)->required();
  addModelInputOptions(*command, options->inputs);
  command->add_option("-o,--output", options->output, "OUT.dot, OUT.gv or OUT.mmd")->required();
  command->add_option("--max-nodes", options->max_nodes, "Draw only the first N nodes (0: all)");
  command->add_flag("--no-weights", options->no_weights, "Leave weights and constants out");

  return [options]() {
    const std::string& out = options->output;
    const bool dot = endsWith(out, ".dot") || endsWith(out, ".gv");
    const bool mermaid = endsWith(out, ".mmd") || endsWith(out, ".mermaid");
    if (!dot && !mermaid) {
      reportError(out + ": unknown output format; use a .dot, .gv or .mmd file name");
      return int{kExitUnreadable};
    }
    try {
      const io::OpenedModel model = openModelGraph(options->file, options->inputs);
      io::DiagramOptions diagram;
      diagram.max_nodes = options->max_nodes;
      diagram.show_weights = !options->no_weights;
      writeOutput(out, dot ? io::writeDot(model.graph, model.topology, diagram)
                           : io::writeMermaid(model.graph, model.topology, diagram));
      return int{kExitOk};
    } catch (const std::exception& error) {
      reportError(error.what());
      return int{kExitUnreadable};
    }
  };
}

} // namespace irscope::cli
