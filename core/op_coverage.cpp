#include "core/op_coverage.h"

#include "core/string_join.h"

#include <cmath>
#include <map>
#include <unordered_map>

namespace irscope::ir {

namespace {

double roundedShare(size_t part, size_t whole) {
  return whole == 0 ? 0.0 : std::round(100.0 * static_cast<double>(part) / whole) / 100.0;
}

} // namespace

double OpCoverage::score() const {
  return roundedShare(converted + removed, variations());
}

std::string OpCoverage::completed() const {
  if (variations() > 0 && converted + removed == variations())
    return "✅";
  return converted + removed > 0 ? "🚧" : "✘";
}

double CoverageTotals::score() const {
  return roundedShare(converted + removed, variations);
}

CoverageReport coverageOf(const std::vector<ModelConfigurations>& models,
                          const OpMapping& mapping) {
  CoverageReport report;
  std::map<std::string, OpCoverage> by_op;
  std::map<std::string, std::unordered_map<std::string, size_t>> index_of;
  for (const ModelConfigurations& model : models) {
    report.models.push_back(model.source);
    for (const OpConfigurations& op : model.ops) {
      OpCoverage& coverage = by_op[op.op];
      coverage.op = op.op;
      auto& indices = index_of[op.op];
      for (const OpConfiguration& configuration : op.configurations) {
        report.totals.nodes += configuration.nodes.size();
        const auto found = indices.find(configuration.text);
        if (found != indices.end()) {
          coverage.configurations[found->second].nodes += configuration.nodes.size();
          continue;
        }
        const Node& node = model.graph->nodes.at(configuration.nodes.front());
        const NodeMapping mapped = mapNode(mapping, node);
        if (mapped.entry && coverage.target.empty())
          coverage.target = joinStrings(mapped.entry->targets, ", ");
        indices.emplace(configuration.text, coverage.configurations.size());
        coverage.configurations.push_back(
            {&configuration, mapped.coverage, mapped.reason, configuration.nodes.size()});
        switch (mapped.coverage) {
        case CoverageClass::Converted:
          ++coverage.converted;
          break;
        case CoverageClass::Removed:
          ++coverage.removed;
          break;
        case CoverageClass::Fallback:
          ++coverage.fallback;
          break;
        case CoverageClass::Unmapped:
          ++coverage.unmapped;
          break;
        }
      }
    }
  }
  for (auto& [name, op] : by_op) {
    report.totals.ops += 1;
    report.totals.variations += op.variations();
    report.totals.converted += op.converted;
    report.totals.removed += op.removed;
    report.totals.fallback += op.fallback;
    report.totals.unmapped += op.unmapped;
    report.ops.push_back(std::move(op));
  }
  return report;
}

} // namespace irscope::ir
