#include "io/analysis_summary_markdown.h"

#include "core/string_join.h"

#include <algorithm>
#include <map>

namespace irscope::io {
namespace {

// A table cell: pipes would end it and newlines the row.
std::string cell(const std::string& text) {
  std::string result;
  for (const char c : text) {
    if (c == '|')
      result += "\\|";
    else if (c == '\n' || c == '\r')
      result += ' ';
    else
      result += c;
  }
  return result;
}

size_t depthOf(const std::string& path) {
  return path == "full_model" ? 0
                              : 1 + static_cast<size_t>(std::count(path.begin(), path.end(), '.'));
}

} // namespace

std::string analysisSummaryMarkdown(const ModuleAnalysisDocument& analysis) {
  struct Row {
    const ir::FailedOp* op;
    std::string module;
  };
  std::map<std::string, size_t> index_of; // failedOpIdentity -> row
  std::vector<Row> rows;
  for (const AnalysedModule& module : analysis.modules) {
    for (const ir::FailedOp& op : module.failed_ops) {
      auto [it, added] = index_of.emplace(ir::failedOpIdentity(op), rows.size());
      if (added)
        rows.push_back({&op, module.module_path});
      else if (depthOf(module.module_path) > depthOf(rows[it->second].module))
        rows[it->second] = {&op, module.module_path};
    }
  }
  const std::string date =
      analysis.timestamp.substr(0, std::min<size_t>(10, analysis.timestamp.size()));
  std::string text = "# " + (analysis.model_class.empty() ? "Model" : analysis.model_class) + " — ";
  text += rows.empty() ? "PASSED"
                       : "FAILED (" + std::to_string(rows.size()) + " unique op" +
                             (rows.size() == 1 ? "" : "s") + ")";
  text += "\n\n**Device:** " + (analysis.device_arch.empty() ? "unknown" : analysis.device_arch) +
          " (" + (analysis.device_mesh.empty() ? "unknown" : analysis.device_mesh) +
          ") | **Date:** " + (date.empty() ? "unknown" : date) + "\n\n";
  if (rows.empty())
    return text + "All operations passed successfully.\n";
  text += "## Failed Ops\n\n| # | Op | Inputs | Outputs | Params | Module | Error |\n"
          "|---|----|--------|---------|--------|--------|-------|\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const ir::FailedOp& op = *rows[i].op;
    const std::string params = op.op_params.empty() ? "" : "`" + op.op_params.dump() + "`";
    text += "| " + std::to_string(i + 1) + " | " + cell(op.op_name) + " | " +
            cell(ir::joinStrings(op.inputs, ", ")) + " | " +
            cell(ir::joinStrings(op.outputs, ", ")) + " | " + cell(params) + " | " +
            cell(rows[i].module) + " | " + cell(op.error_message) + " |\n";
  }
  return text;
}

} // namespace irscope::io
