#pragma once
// How much of one or more models a target covers, counted as pytorch2.0_ttnn's OperationsReport
// counts it: per op, its input variations (distinct configurations, across all the models) and
// how many of them are converted, removed, fall back to the host (with the failing rule and the
// actual values) or have no mapping at all.
#include "core/graph.h"
#include "core/op_configuration.h"
#include "core/op_mapping.h"

#include <string>
#include <vector>

namespace irscope::ir {

struct ConfigurationCoverage {
  const OpConfiguration* configuration = nullptr; // owned by the ModelConfigurations passed in
  CoverageClass coverage = CoverageClass::Unmapped;
  std::string reason; // fallbacks only
  size_t nodes = 0;   // across every model
};

struct OpCoverage {
  std::string op;
  std::string target; // "ttnn.max_pool2d", several joined by ", "; empty when unmapped
  std::vector<ConfigurationCoverage> configurations;
  size_t converted = 0, removed = 0, fallback = 0, unmapped = 0; // configurations
  size_t variations() const { return configurations.size(); }
  // (converted + removed) / variations, rounded to 2 places as the report rounds it.
  double score() const;
  // "✅" all converted or removed, "🚧" some, "✘" none.
  std::string completed() const;
};

struct CoverageTotals {
  size_t ops = 0, variations = 0, converted = 0, removed = 0, fallback = 0, unmapped = 0;
  size_t nodes = 0;
  double score() const;
};

// One model's configurations and the graph they came from (its nodes are evaluated).
struct ModelConfigurations {
  std::string source;
  const Graph* graph = nullptr;
  std::vector<OpConfigurations> ops; // collectConfigurations(*graph)
};

struct CoverageReport {
  std::vector<std::string> models;
  std::vector<OpCoverage> ops; // sorted by op
  CoverageTotals totals;
};

// Configurations equal across models count once; the first model's node is evaluated.
CoverageReport coverageOf(const std::vector<ModelConfigurations>& models, const OpMapping& mapping);

} // namespace irscope::ir
