#include "gui/app/model_module_analysis.h"

#include "core/unique_modules.h"

#include <QFileInfo>
#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace irscope::app {

namespace {

constexpr char kRootPath[] = "full_model";

// The failed op's node in one occurrence of its module. The analysis names the node of the
// occurrence it tested (the first); the others run the same ops in the same order (they share
// class, shapes and parameters), so the op at the same position in their call is the same op.
int nodeInOccurrence(const ir::Graph& graph, const std::vector<int32_t>& occurrence_nodes,
                     int position, const std::string& op_name) {
  if (position >= 0 && static_cast<size_t>(position) < occurrence_nodes.size() &&
      graph.nodes[occurrence_nodes[static_cast<size_t>(position)]].op_type == op_name)
    return occurrence_nodes[static_cast<size_t>(position)];
  // A file from another extraction of the model: the first op of that type will do.
  for (const int32_t node : occurrence_nodes)
    if (graph.nodes[node].op_type == op_name)
      return node;
  return -1;
}

} // namespace

ir::ModuleStatus ModelModuleAnalysis::groupStatus(int group) const {
  const io::AnalysedModule* module = moduleOfGroup(group);
  return module ? module->status : ir::ModuleStatus::Unknown;
}

const io::AnalysedModule* ModelModuleAnalysis::moduleOfGroup(int group) const {
  const int module = group < 0 ? root_module
                     : static_cast<size_t>(group) < group_module.size()
                         ? group_module[static_cast<size_t>(group)]
                         : -1;
  return module >= 0 ? &document.modules[static_cast<size_t>(module)] : nullptr;
}

int ModelModuleAnalysis::analysedGroupAround(const ModelDocument& model, int group) const {
  for (int g = group; g >= 0; g = model.modules.groups[static_cast<size_t>(g)].parent)
    if (groupStatus(g) != ir::ModuleStatus::Unknown)
      return g;
  return -1;
}

ir::ModuleStatus ModelModuleAnalysis::nodeStatus(const ModelDocument& model, int node) const {
  if (node < 0 || static_cast<size_t>(node) >= model.modules.group_of_node.size())
    return groupStatus(-1);
  return groupStatus(analysedGroupAround(model, model.modules.group_of_node[node]));
}

std::string ModelModuleAnalysis::groupPath(int group) const {
  if (group < 0 || static_cast<size_t>(group) >= group_path.size())
    return kRootPath;
  return group_path[static_cast<size_t>(group)];
}

bool hasModulePaths(const ir::Graph& graph) {
  return std::any_of(graph.nodes.begin(), graph.nodes.end(),
                     [](const ir::Node& node) { return !node.module_path.empty(); });
}

std::shared_ptr<const ModelModuleAnalysis> applyModuleAnalysis(const ModelDocument& model,
                                                               io::ModuleAnalysisDocument analysis,
                                                               const QString& source) {
  const ir::Graph& graph = model.model.graph;
  const std::string model_name = QFileInfo(model.path).fileName().toStdString();
  const std::string named = source.isEmpty() ? model.path.toStdString() : source.toStdString();
  if (!hasModulePaths(graph))
    throw std::runtime_error(model_name +
                             " has no module paths, so it has no modules to analyse: open the "
                             "model's TorchScript file, which gives them");
  if (std::none_of(analysis.modules.begin(), analysis.modules.end(),
                   [](const io::AnalysedModule& module) {
                     return module.status != ir::ModuleStatus::Unknown;
                   }))
    throw std::runtime_error(named + ": no module has a status (write one with irscope-cli "
                                     "analyze, or Tools > Analyze Modules)");
  ir::UniqueModules instances;
  try {
    instances = ir::findUniqueModules(graph, model.model.topology, model.modules);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(model_name + ": " + error.what());
  }

  auto result = std::make_shared<ModelModuleAnalysis>();
  result->source = source;
  const size_t groups = model.modules.groups.size();
  result->group_module.assign(groups, -1);
  result->group_path.assign(groups, std::string());
  result->group_failures.resize(groups);
  result->node_failures.resize(graph.nodes.size());

  std::unordered_map<std::string, int> module_of_path;
  for (size_t m = 0; m < analysis.modules.size(); ++m) {
    const io::AnalysedModule& module = analysis.modules[m];
    module_of_path.emplace(module.module_path, static_cast<int>(m));
    for (const std::string& path : module.occurrences)
      module_of_path.emplace(path, static_cast<int>(m));
  }
  std::unordered_map<std::string, const ir::ModuleInstance*> instance_of_path;
  std::vector<bool> matched(analysis.modules.size(), false);
  for (const ir::ModuleInstance& instance : instances.instances) {
    instance_of_path.emplace(instance.path, &instance);
    for (const int group : instance.groups)
      result->group_path[static_cast<size_t>(group)] = instance.path;
    const auto found = module_of_path.find(instance.path);
    if (found == module_of_path.end())
      continue;
    matched[static_cast<size_t>(found->second)] = true;
    if (instance.last_call < 0 && instance.parent.empty())
      result->root_module = found->second;
    for (const int group : instance.groups)
      result->group_module[static_cast<size_t>(group)] = found->second;
  }
  result->matched_modules = static_cast<size_t>(std::count(matched.begin(), matched.end(), true));
  if (result->matched_modules == 0)
    throw std::runtime_error(named + ": none of its " + std::to_string(analysis.modules.size()) +
                             " modules is in " + model_name +
                             " (is it the analysis of another model?)");

  // Each failed op in every occurrence of its module.
  std::map<const ir::ModuleInstance*, std::vector<int32_t>> calls; // computed once per instance
  auto callOf = [&](const ir::ModuleInstance* instance) -> const std::vector<int32_t>& {
    auto [it, inserted] = calls.try_emplace(instance);
    if (inserted)
      it->second = ir::callNodes(graph, model.model.topology, model.modules, *instance);
    return it->second;
  };
  const auto& node_by_name = model.model.topology.node_by_name;
  for (size_t m = 0; m < analysis.modules.size(); ++m) {
    const io::AnalysedModule& module = analysis.modules[m];
    if (!matched[m] || module.failed_ops.empty())
      continue;
    std::vector<std::string> occurrences = module.occurrences;
    if (std::find(occurrences.begin(), occurrences.end(), module.module_path) == occurrences.end())
      occurrences.insert(occurrences.begin(), module.module_path);
    const auto tested = instance_of_path.find(module.module_path);
    for (size_t o = 0; o < module.failed_ops.size(); ++o) {
      const ir::FailedOp& op = module.failed_ops[o];
      // Where the named node sits in the tested occurrence's call.
      int position = -1;
      const auto named_node = node_by_name.find(op.node);
      if (!op.node.empty() && named_node != node_by_name.end() &&
          tested != instance_of_path.end()) {
        const auto& nodes = callOf(tested->second);
        const auto at = std::find(nodes.begin(), nodes.end(), named_node->second);
        if (at != nodes.end())
          position = static_cast<int>(at - nodes.begin());
      }
      for (const std::string& path : occurrences) {
        const auto instance = instance_of_path.find(path);
        if (instance == instance_of_path.end())
          continue;
        ModuleFailure failure;
        failure.module = static_cast<int>(m);
        failure.op = static_cast<int>(o);
        failure.path = path;
        if (op.op_name != "MODULE") // the module as a whole, no op of its own
          failure.node = nodeInOccurrence(graph, callOf(instance->second), position, op.op_name);
        // The row goes under the occurrence's group that holds the node (a module called
        // twice has two groups), else under its last call.
        const std::vector<int>& own = instance->second->groups;
        failure.group = instance->second->last_call;
        if (failure.node >= 0)
          for (int g = model.modules.group_of_node[static_cast<size_t>(failure.node)]; g >= 0;
               g = model.modules.groups[static_cast<size_t>(g)].parent)
            if (std::find(own.begin(), own.end(), g) != own.end()) {
              failure.group = g;
              break;
            }
        const bool root = instance->second->last_call < 0 && instance->second->parent.empty();
        if (failure.group < 0 && !root)
          continue; // an instance that runs no op of its own: nothing to point at
        const int index = static_cast<int>(result->failures.size());
        if (failure.group >= 0)
          result->group_failures[static_cast<size_t>(failure.group)].push_back(index);
        else
          result->root_failures.push_back(index);
        if (failure.node >= 0)
          result->node_failures[static_cast<size_t>(failure.node)].push_back(index);
        result->failures.push_back(std::move(failure));
      }
    }
  }
  // Innermost first: the module whose failure it is, before the modules around it.
  auto depth = [&](int failure) {
    const int group = result->failures[static_cast<size_t>(failure)].group;
    return group < 0 ? -1 : model.modules.groups[static_cast<size_t>(group)].depth;
  };
  for (std::vector<int>& failures : result->node_failures)
    std::stable_sort(failures.begin(), failures.end(),
                     [&](int a, int b) { return depth(a) > depth(b); });
  result->document = std::move(analysis);
  return result;
}

} // namespace irscope::app
