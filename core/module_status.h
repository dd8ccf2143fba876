#pragma once
// Seed 001's second step: which unique modules work, found top-down. A backend tests a module;
// the tree walk decides which modules are tested at all and what the others inherit, exactly as
// ttchop's op_by_op_runner does it (reference_formats.md §2.2):
// - a container (Sequential, ModuleList, ModuleDict) is `skipped` and its children are walked;
// - a module that passes is `success` and every module below it `inherited_success`, untested;
// - a module that fails is `failed`, keeps the ops that failed, and its children are walked;
// - a module whose sub-IR cannot be cut out is `ir_export_failed`, and its children are walked;
// - a module the backend cannot test at all is `skipped`, and its children are walked;
// then, bottom-up, a container takes its children's verdict: `failed` if any failed (or failed
// to export), else `inherited_success` if any succeeded, else `skipped`.
#include "core/json.h"
#include "core/node.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

enum class ModuleStatus { Unknown, Success, InheritedSuccess, Failed, IrExportFailed, Skipped };

// "success", "inherited_success", "failed", "ir_export_failed", "skipped", "unknown".
std::string_view moduleStatusName(ModuleStatus status);
std::optional<ModuleStatus> moduleStatusNamed(std::string_view name);
// The reference's STATUS_ORDER: failed, ir_export_failed, success, inherited_success, skipped,
// unknown. For sorting and legends.
int moduleStatusRank(ModuleStatus status);

// One op that a backend found failing inside a module, in the reference's failed_ops form.
struct FailedOp {
  std::string op_name;              // "aten.max_pool2d.default"
  std::string error_message;        // why, with the op's own values
  std::vector<std::string> inputs;  // "1x64x112x112xf32" per tensor input
  std::vector<std::string> outputs; // likewise per output
  Json op_params = Json::object();  // the node's attrs
  std::string node;                 // the IR node it came from (irscope's addition)
};

// "1x64x56x56xf32": how failed ops write a tensor, as the TT tools' MLIR types read.
std::string tensorTypeText(const std::vector<int64_t>& shape, const std::string& dtype);

// The failed op that `node` is, with `error_message`: its tensors as tensorTypeText, its attrs
// (irscope's and torch_ir's "_" bookkeeping left out) as op_params, and its name.
FailedOp failedOpOf(const Node& node, std::string error_message);

// What makes two failed ops one (ttchop's summary deduplicates by it): the op, its inputs and
// outputs, and its params. Equal configurations of an op fail alike.
std::string failedOpIdentity(const FailedOp& op);

// What a backend concluded about one module it was asked to test.
struct ModuleTest {
  enum class Outcome { Passed, Failed, ExportFailed, Untestable };
  Outcome outcome = Outcome::Passed;
  std::vector<FailedOp> failed_ops;
};

// A unique module as the tree walk sees it.
struct StatusTreeModule {
  std::string path;       // "layer1.0"; the root is "full_model"
  std::string parent;     // "" for the root
  std::string class_name; // decides whether it is a container
};

struct ModuleVerdict {
  ModuleStatus status = ModuleStatus::Unknown;
  std::vector<FailedOp> failed_ops; // for `failed` only
  bool tested = false;              // whether the backend ran on it
};

// Walks the tree of `modules` (parents attached by path; a module whose parent is missing hangs
// under its nearest dotted ancestor, else under the root) and asks `test` about the modules it
// reaches, by index. With `root_only`, only the root is tested and everything below it is
// `skipped`. Returns one verdict per module, in the order given.
std::vector<ModuleVerdict> analyzeModuleTree(const std::vector<StatusTreeModule>& modules,
                                             const std::function<ModuleTest(size_t)>& test,
                                             bool root_only = false);

} // namespace irscope::ir
