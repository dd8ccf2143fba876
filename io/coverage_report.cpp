#include "io/coverage_report.h"

#include "io/sha256.h"

#include <cstdio>
#include <sstream>

namespace irscope::io {

namespace {

std::string score(double value) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::string padded(const std::string& text, size_t width) {
  // Width in characters, not bytes: ✅ and friends are one column each in a terminal.
  size_t characters = 0;
  for (const char c : text)
    characters += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return text + std::string(width > characters ? width - characters : 0, ' ');
}

} // namespace

std::string configHash(const ir::OpConfiguration& configuration) {
  return sha256Hex(configuration.text);
}

Json coverageJson(const ir::CoverageReport& report, const std::string& target) {
  Json json = Json::object();
  json["models"] = report.models;
  json["target"] = target;
  Json operations = Json::array();
  for (const ir::OpCoverage& op : report.ops) {
    Json entry = Json::object();
    entry["op"] = op.op;
    entry["target"] = op.target;
    entry["input_variations"] = op.variations();
    entry["converted"] = op.converted;
    entry["removed"] = op.removed;
    entry["fallback"] = op.fallback;
    entry["unmapped"] = op.unmapped;
    entry["completed"] = op.completed();
    entry["score"] = op.score();
    size_t nodes = 0;
    Json fallbacks = Json::array();
    for (const ir::ConfigurationCoverage& configuration : op.configurations) {
      nodes += configuration.nodes;
      if (configuration.coverage == ir::CoverageClass::Fallback)
        fallbacks.push_back({{"config_hash", configHash(*configuration.configuration)},
                             {"reason", configuration.reason}});
    }
    entry["nodes"] = nodes;
    entry["fallbacks"] = std::move(fallbacks);
    operations.push_back(std::move(entry));
  }
  json["operations"] = std::move(operations);
  const ir::CoverageTotals& t = report.totals;
  json["totals"] = {{"operations", t.ops},      {"input_variations", t.variations},
                    {"converted", t.converted}, {"removed", t.removed},
                    {"fallback", t.fallback},   {"unmapped", t.unmapped},
                    {"score", t.score()},       {"nodes", t.nodes}};
  return json;
}

std::string coverageText(const ir::CoverageReport& report, const std::string& target) {
  std::ostringstream out;
  size_t op_width = 9, target_width = 6;
  for (const ir::OpCoverage& op : report.ops) {
    op_width = std::max(op_width, op.op.size());
    target_width = std::max(target_width, std::min<size_t>(op.target.size(), 40));
  }
  out << padded("Operation", op_width) << "  " << padded(target, target_width)
      << "  Variations  Converted  Removed  Fallback  Unmapped  Completed  Score\n";
  for (const ir::OpCoverage& op : report.ops) {
    std::string shown = op.target.empty() ? "-" : op.target;
    if (shown.size() > 40)
      shown = shown.substr(0, 37) + "...";
    char counts[96];
    std::snprintf(counts, sizeof counts, "%10zu  %9zu  %7zu  %8zu  %8zu", op.variations(),
                  op.converted, op.removed, op.fallback, op.unmapped);
    out << padded(op.op, op_width) << "  " << padded(shown, target_width) << "  " << counts << "  "
        << padded(op.completed(), 9) << "  " << score(op.score()) << "\n";
  }
  const ir::CoverageTotals& t = report.totals;
  out << "\n"
      << t.ops << " operations, " << t.variations << " input variations (" << t.nodes
      << " nodes): " << t.converted << " converted, " << t.removed << " removed, " << t.fallback
      << " fallback, " << t.unmapped << " unmapped; score " << score(t.score()) << "\n";
  bool heading = false;
  for (const ir::OpCoverage& op : report.ops)
    for (const ir::ConfigurationCoverage& configuration : op.configurations)
      if (configuration.coverage == ir::CoverageClass::Fallback) {
        if (!heading)
          out << "\nFallbacks (run on the host):\n";
        heading = true;
        out << "  " << configHash(*configuration.configuration).substr(0, 12) << "  "
            << configuration.reason << " (" << configuration.nodes << " node"
            << (configuration.nodes == 1 ? "" : "s") << ")\n";
      }
  return out.str();
}

std::string coverageMarkdown(const ir::CoverageReport& report, const std::string& target) {
  std::ostringstream out;
  out << "# High Level Operations Status\n\n";
  out << "Target: " << target << ". Models:";
  for (const std::string& model : report.models)
    out << " `" << model << "`";
  out << "\n\n";
  out << "|    | Operations | Target | Input Variations | Converted | Removed | Fallback | "
         "Unmapped | Completed | Score |\n";
  out << "|---:|:-----------|:-------|-----------------:|----------:|--------:|---------:|---------"
         ":"
         "|:----------|------:|\n";
  size_t index = 0;
  for (const ir::OpCoverage& op : report.ops)
    out << "| " << index++ << " | " << op.op << " | " << (op.target.empty() ? "-" : op.target)
        << " | " << op.variations() << " | " << op.converted << " | " << op.removed << " | "
        << op.fallback << " | " << op.unmapped << " | " << op.completed() << " | "
        << score(op.score()) << " |\n";
  const ir::CoverageTotals& t = report.totals;
  out << "\n**Totals:** " << t.ops << " operations, " << t.variations << " input variations, "
      << t.converted << " converted, " << t.removed << " removed, " << t.fallback << " fallback, "
      << t.unmapped << " unmapped; score " << score(t.score()) << "\n";
  bool heading = false;
  for (const ir::OpCoverage& op : report.ops)
    for (const ir::ConfigurationCoverage& configuration : op.configurations)
      if (configuration.coverage == ir::CoverageClass::Fallback) {
        if (!heading)
          out << "\n## Fallbacks\n\n| config_hash | Reason | Nodes |\n|:--|:--|--:|\n";
        heading = true;
        out << "| `" << configHash(*configuration.configuration).substr(0, 12) << "` | "
            << configuration.reason << " | " << configuration.nodes << " |\n";
      }
  return out.str();
}

} // namespace irscope::io
