#include "core/module_status.h"

#include "core/shape.h"
#include "core/unique_modules.h"

#include <array>
#include <map>
#include <utility>

namespace irscope::ir {
namespace {

constexpr std::array<std::pair<ModuleStatus, std::string_view>, 6> kNames{{
    {ModuleStatus::Failed, "failed"},
    {ModuleStatus::IrExportFailed, "ir_export_failed"},
    {ModuleStatus::Success, "success"},
    {ModuleStatus::InheritedSuccess, "inherited_success"},
    {ModuleStatus::Skipped, "skipped"},
    {ModuleStatus::Unknown, "unknown"},
}};

struct TreeNode {
  int parent = -1;
  std::vector<size_t> children;
};

// build_module_tree: the first module without a parent is the root; others attach to their
// parent's path, or the nearest dotted ancestor that exists, or the root.
std::vector<TreeNode> buildTree(const std::vector<StatusTreeModule>& modules, int& root) {
  std::vector<TreeNode> tree(modules.size());
  std::map<std::string, size_t> by_path;
  root = -1;
  for (size_t i = 0; i < modules.size(); ++i) {
    by_path.emplace(modules[i].path, i);
    if (modules[i].parent.empty() && root < 0)
      root = static_cast<int>(i);
  }
  for (size_t i = 0; i < modules.size(); ++i) {
    if (static_cast<int>(i) == root)
      continue;
    int parent = -1;
    if (auto it = by_path.find(modules[i].parent); it != by_path.end() && it->second != i) {
      parent = static_cast<int>(it->second);
    } else {
      std::string prefix = modules[i].path;
      for (size_t dot = prefix.rfind('.'); dot != std::string::npos && parent < 0;
           dot = prefix.rfind('.')) {
        prefix.resize(dot);
        if (auto found = by_path.find(prefix); found != by_path.end() && found->second != i)
          parent = static_cast<int>(found->second);
      }
      if (parent < 0)
        parent = root;
    }
    if (parent < 0)
      continue; // no root at all: the module stands alone
    tree[i].parent = parent;
    tree[static_cast<size_t>(parent)].children.push_back(i);
  }
  return tree;
}

std::string mlirElementType(const std::string& dtype) {
  if (dtype == "float32")
    return "f32";
  if (dtype == "float16")
    return "f16";
  if (dtype == "bfloat16")
    return "bf16";
  if (dtype == "float64")
    return "f64";
  if (dtype == "bool")
    return "i1";
  if (dtype.rfind("int", 0) == 0)
    return "si" + dtype.substr(3);
  if (dtype.rfind("uint", 0) == 0)
    return "ui" + dtype.substr(4);
  return dtype;
}

bool isFailure(ModuleStatus status) {
  return status == ModuleStatus::Failed || status == ModuleStatus::IrExportFailed;
}

bool isSuccess(ModuleStatus status) {
  return status == ModuleStatus::Success || status == ModuleStatus::InheritedSuccess;
}

} // namespace

std::string tensorTypeText(const Shape& shape, const std::string& dtype) {
  std::string text;
  for (const int64_t dim : shape)
    text += std::to_string(dim) + "x";
  return text + mlirElementType(dtype);
}

FailedOp failedOpOf(const Node& node, std::string error_message) {
  FailedOp op;
  op.op_name = node.op_type;
  op.error_message = std::move(error_message);
  for (const Tensor& input : node.inputs)
    op.inputs.push_back(tensorTypeText(input.shape, input.dtype));
  for (const Tensor& output : node.outputs)
    op.outputs.push_back(tensorTypeText(output.shape, output.dtype));
  for (auto it = node.attrs.begin(); it != node.attrs.end(); ++it)
    if (it.key().rfind('_', 0) != 0)
      op.op_params[it.key()] = it.value();
  op.node = node.name;
  return op;
}

std::string failedOpIdentity(const FailedOp& op) {
  return Json::array({op.op_name, op.inputs, op.outputs, op.op_params}).dump();
}

std::string_view moduleStatusName(ModuleStatus status) {
  for (const auto& [value, name] : kNames)
    if (value == status)
      return name;
  return "unknown";
}

std::optional<ModuleStatus> moduleStatusNamed(std::string_view name) {
  for (const auto& [value, text] : kNames)
    if (text == name)
      return value;
  return std::nullopt;
}

int moduleStatusRank(ModuleStatus status) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i].first == status)
      return static_cast<int>(i);
  return static_cast<int>(kNames.size());
}

std::vector<ModuleVerdict> analyzeModuleTree(const std::vector<StatusTreeModule>& modules,
                                             const std::function<ModuleTest(size_t)>& test,
                                             bool root_only) {
  int root = -1;
  const std::vector<TreeNode> tree = buildTree(modules, root);
  std::vector<ModuleVerdict> verdicts(modules.size());

  // Marks every module below `top` (not `top` itself); iterative, so depth is no concern.
  auto markBelow = [&](size_t top, ModuleStatus status) {
    std::vector<size_t> stack(tree[top].children.rbegin(), tree[top].children.rend());
    while (!stack.empty()) {
      const size_t i = stack.back();
      stack.pop_back();
      verdicts[i].status = status;
      stack.insert(stack.end(), tree[i].children.rbegin(), tree[i].children.rend());
    }
  };

  // Tops of the walk: the root, and any module that found no root to hang under.
  std::vector<size_t> stack;
  for (size_t i = modules.size(); i-- > 0;)
    if (tree[i].parent < 0)
      stack.push_back(i);
  std::vector<size_t> visit_order; // pre-order, for the bottom-up pass
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    visit_order.push_back(i);
    ModuleVerdict& verdict = verdicts[i];
    const bool is_root = static_cast<int>(i) == root;
    bool walk_children = true;
    if (root_only && !is_root) {
      verdict.status = ModuleStatus::Skipped;
      markBelow(i, ModuleStatus::Skipped);
      walk_children = false;
    } else if (isContainerClass(modules[i].class_name)) {
      verdict.status = ModuleStatus::Skipped;
    } else {
      ModuleTest result = test(i);
      verdict.tested = true;
      switch (result.outcome) {
      case ModuleTest::Outcome::Passed:
        if (verdict.status == ModuleStatus::Unknown)
          verdict.status = ModuleStatus::Success;
        markBelow(i, ModuleStatus::InheritedSuccess);
        walk_children = false;
        break;
      case ModuleTest::Outcome::Failed:
        verdict.status = ModuleStatus::Failed;
        verdict.failed_ops = std::move(result.failed_ops);
        break;
      case ModuleTest::Outcome::ExportFailed:
        verdict.status = ModuleStatus::IrExportFailed;
        break;
      case ModuleTest::Outcome::Untestable:
        verdict.status = ModuleStatus::Skipped;
        break;
      }
      // --root-only: whatever the root's outcome, nothing below it is looked at.
      if (root_only) {
        markBelow(i, ModuleStatus::Skipped);
        walk_children = false;
      }
    }
    if (walk_children)
      stack.insert(stack.end(), tree[i].children.rbegin(), tree[i].children.rend());
  }

  // _update_container_status, post-order: a container with children takes their verdict,
  // unless it already inherited success from above.
  for (auto it = visit_order.rbegin(); it != visit_order.rend(); ++it) {
    const size_t i = *it;
    ModuleVerdict& verdict = verdicts[i];
    if (!isContainerClass(modules[i].class_name) || tree[i].children.empty() ||
        verdict.status == ModuleStatus::InheritedSuccess)
      continue;
    bool any_status = false, any_failure = false, any_success = false;
    for (const size_t child : tree[i].children) {
      const ModuleStatus status = verdicts[child].status;
      if (status == ModuleStatus::Unknown)
        continue;
      any_status = true;
      any_failure = any_failure || isFailure(status);
      any_success = any_success || isSuccess(status);
    }
    if (!any_status)
      continue;
    verdict.status = any_failure   ? ModuleStatus::Failed
                     : any_success ? ModuleStatus::InheritedSuccess
                                   : ModuleStatus::Skipped;
  }
  return verdicts;
}

} // namespace irscope::ir
