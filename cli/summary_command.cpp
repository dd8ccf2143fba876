// irscope-cli summary: torchinfo's table from the IR, per module and node: output shapes,
// parameters, kernel sizes and multiply-adds, then the totals and the memory estimate.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/layer_summary.h"
#include "core/module_tree.h"
#include "core/shape.h"

#include <cstdio>
#include <memory>
#include <sstream>

namespace irscope::cli {
namespace {

struct SummaryArguments {
  std::string model;
  int depth = 3;
  bool json = false;
  std::string output;
  ModelInputOptions inputs;
};

std::string grouped(int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

std::string shapes(const std::vector<ir::Shape>& list) {
  if (list.empty())
    return "--";
  std::string text;
  for (const ir::Shape& shape : list)
    text += (text.empty() ? "" : ", ") + ir::formatShapeList(shape);
  return text;
}

std::string megabytes(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(bytes) / 1e6);
  return text;
}

// Width in characters, not bytes: the tree's "│" and the "×" of group labels are one column.
size_t columns(const std::string& text) {
  size_t count = 0;
  for (const char c : text)
    count += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return count;
}

std::string padded(std::string text, size_t width) {
  if (columns(text) >= width) {
    // Cut at a character boundary, leaving room for "..." and one space.
    size_t keep = 0, seen = 0;
    while (keep < text.size() && seen + 4 < width) {
      ++keep;
      while (keep < text.size() && (static_cast<unsigned char>(text[keep]) & 0xc0) == 0x80)
        ++keep;
      ++seen;
    }
    return text.substr(0, keep) + "... ";
  }
  return text + std::string(width - columns(text), ' ');
}

std::string table(const ir::Graph& graph, const ir::LayerSummary& summary, int depth,
                  ir::ModulePathSource module_paths) {
  std::ostringstream out;
  const std::string rule(118, '=');
  out << rule << '\n'
      << padded("Layer (type:depth)", 46) << padded("Output Shape", 28) << padded("Param #", 14)
      << padded("Kernel", 12) << "Mult-Adds\n"
      << rule << '\n';
  out << padded(graph.model_name.empty() ? "Model" : graph.model_name, 46)
      << padded(graph.outputs.empty() ? "--" : ir::formatShapeList(graph.outputs.front().shape), 28)
      << "--\n";
  for (const ir::LayerRow& row : summary.rows) {
    if (row.depth >= depth)
      continue;
    std::string indent;
    for (int d = 0; d < row.depth; ++d)
      indent += "│    ";
    const std::string label = indent + "├─" +
                              (row.type.empty() ? row.name : row.type + " (" + row.name + ")") +
                              ": " + std::to_string(row.depth + 1);
    // As torchinfo: parameters only; buffers (running statistics) are in the totals.
    const int64_t params = row.trainable_parameters;
    out << padded(label, 46) << padded(shapes(row.output_shapes), 28)
        << padded(params ? grouped(params) : "--", 14)
        << padded(row.kernel_size ? ir::formatShapeList(*row.kernel_size) : "--", 12)
        << (row.macs ? grouped(row.macs) : "--") << '\n';
  }
  const int64_t total = summary.trainable_parameters + summary.buffer_parameters;
  char macs[32];
  std::snprintf(macs, sizeof macs, "%.2f", static_cast<double>(summary.macs) / 1e9);
  out << rule << '\n'
      << "Total params: " << grouped(total) << '\n'
      << "Trainable params: " << grouped(summary.trainable_parameters) << '\n'
      << "Non-trainable params (buffers): " << grouped(summary.buffer_parameters) << '\n'
      << "Total mult-adds (G): " << macs << '\n'
      << rule << '\n'
      << "Input size (MB): " << megabytes(summary.input_bytes) << '\n'
      << "Peak activation memory (MB): " << megabytes(summary.peak_activation_bytes)
      << (summary.peak_after_node >= 0
              ? " (after " + graph.nodes[summary.peak_after_node].name + ")"
              : std::string())
      << '\n'
      << "Params size (MB): " << megabytes(summary.parameter_bytes) << '\n'
      << "Estimated total size (MB): "
      << megabytes(summary.input_bytes + summary.peak_activation_bytes + summary.parameter_bytes)
      << '\n'
      << rule << '\n';
  if (module_paths == ir::ModulePathSource::InferredFromWeightNames)
    out << "Module paths inferred from weight names (the file records none); classes unknown.\n";
  return out.str();
}

// How the rows' modules were found, for --json.
const char* modulePathsName(ir::ModulePathSource source) {
  switch (source) {
  case ir::ModulePathSource::FromFile:
    return "file";
  case ir::ModulePathSource::InferredFromWeightNames:
    return "inferred_from_weight_names";
  case ir::ModulePathSource::None:
    break;
  }
  return "none";
}

Json rowsJson(const ir::Graph& graph, const ir::LayerSummary& summary, int depth,
              ir::ModulePathSource module_paths) {
  Json rows = Json::array();
  for (const ir::LayerRow& row : summary.rows) {
    if (row.depth >= depth)
      continue;
    Json item = Json::object();
    item["kind"] = row.group >= 0 ? "module" : "node";
    item["name"] = row.name;
    item["type"] = row.type;
    item["depth"] = row.depth;
    item["input_shapes"] = row.input_shapes;
    item["output_shapes"] = row.output_shapes;
    item["trainable_parameters"] = row.trainable_parameters;
    item["buffer_parameters"] = row.buffer_parameters;
    item["kernel_size"] = row.kernel_size ? Json(*row.kernel_size) : Json(nullptr);
    item["macs"] = row.macs;
    item["output_bytes"] = row.output_bytes;
    rows.push_back(std::move(item));
  }
  Json json = Json::object();
  json["model"] = graph.model_name;
  json["module_paths"] = modulePathsName(module_paths);
  json["rows"] = std::move(rows);
  json["totals"] = {{"trainable_parameters", summary.trainable_parameters},
                    {"buffer_parameters", summary.buffer_parameters},
                    {"parameter_bytes", summary.parameter_bytes},
                    {"macs", summary.macs},
                    {"input_bytes", summary.input_bytes},
                    {"peak_activation_bytes", summary.peak_activation_bytes},
                    {"peak_after_node", summary.peak_after_node >= 0
                                            ? Json(graph.nodes[summary.peak_after_node].name)
                                            : Json(nullptr)}};
  return json;
}

int runSummary(const SummaryArguments& args) {
  try {
    const io::OpenedModel model = openModelGraph(args.model, args.inputs);
    const ir::ModuleTree modules = ir::buildModuleTree(model.graph, model.topology);
    const ir::LayerSummary summary =
        ir::summarizeLayers(model.graph, model.topology, modules, true);
    writeOutput(args.output,
                args.json
                    ? rowsJson(model.graph, summary, args.depth, model.module_paths).dump(2) + "\n"
                    : table(model.graph, summary, args.depth, model.module_paths));
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  return kExitOk;
}

} // namespace

Action addSummaryCommand(CLI::App& app) {
  auto args = std::make_shared<SummaryArguments>();
  CLI::App* command = app.add_subcommand(
      "summary", "torchinfo-style table: shapes, parameters, kernels and multiply-adds per module");
  command->add_option("MODEL", args->model, kModelArgumentHelp)->required();
  addModelInputOptions(*command, args->inputs);
  command->add_option("--depth", args->depth, "Show rows this many levels deep")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  addJsonFlag(*command, args->json);
  command->add_option("-o,--output", args->output, "Write to this file (atomically)");
  return [args] { return runSummary(*args); };
}

} // namespace irscope::cli
