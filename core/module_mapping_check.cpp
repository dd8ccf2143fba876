#include "core/module_mapping_check.h"

#include <algorithm>
#include <set>
#include <string>

namespace irscope::ir {

ModuleTest checkModuleMapping(const Graph& graph, const OpMapping& mapping,
                              const std::vector<int32_t>& nodes) {
  ModuleTest test;
  if (std::all_of(nodes.begin(), nodes.end(),
                  [&](int32_t n) { return graph.nodes[n].isGetItem(); })) {
    test.outcome = ModuleTest::Outcome::Untestable;
    return test;
  }
  std::set<std::string> reported;
  for (const int32_t n : nodes) {
    const Node& node = graph.nodes[n];
    if (node.isGetItem())
      continue; // tuple bookkeeping, not an op the target runs
    const NodeMapping mapped = mapNode(mapping, node);
    if (mapped.coverage == CoverageClass::Converted || mapped.coverage == CoverageClass::Removed)
      continue;
    FailedOp failed =
        failedOpOf(node, mapped.coverage == CoverageClass::Unmapped
                             ? "no " + mapping.target + " mapping for " + node.op_type
                             : "falls back to the host: " + (!mapped.reason.empty() ? mapped.reason
                                                             : mapped.entry ? mapped.entry->note
                                                                            : std::string()));
    if (!reported.insert(failedOpIdentity(failed)).second)
      continue;
    test.failed_ops.push_back(std::move(failed));
  }
  if (!test.failed_ops.empty())
    test.outcome = ModuleTest::Outcome::Failed;
  return test;
}

} // namespace irscope::ir
