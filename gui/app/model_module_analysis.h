#pragma once
// An op-by-op module analysis (Tools > Analyze Modules, or a unique_modules.json loaded with
// Tools > Load Module Analysis) laid over the open model: which module group has which status,
// which nodes are the failed ops, and the innermost analysed module around every node. What the
// Modules dock, "Colour by: Module Status" and Properties show. Built on the GUI thread: one pass
// over the model's module instances and the analysis's failed ops.
#include "core/module_status.h"
#include "gui/app/model_document.h"
#include "io/module_analysis_file.h"

#include <QString>
#include <memory>
#include <string>
#include <vector>

namespace irscope::app {

// One failed op of an analysed module, found in one occurrence of that module in the model.
struct ModuleFailure {
  int module = -1;  // index into ModelModuleAnalysis::document.modules
  int op = -1;      // index into that module's failed_ops
  int node = -1;    // the op's node in this occurrence; -1 when the model has none like it
  std::string path; // the occurrence's module path ("res_block2"; "full_model" for the root)
  int group = -1;   // the occurrence's group holding the node; -1 for the root

  const ir::FailedOp& failedOp(const io::ModuleAnalysisDocument& document) const {
    return document.modules[static_cast<size_t>(module)].failed_ops[static_cast<size_t>(op)];
  }
};

struct ModelModuleAnalysis {
  io::ModuleAnalysisDocument document;
  QString source; // the file it was loaded from; empty for an analysis run in the app
  // Per ModuleTree group: the analysed module it is a call of, or -1.
  std::vector<int> group_module;
  std::vector<std::string> group_path; // per group: its module instance's path
  int root_module = -1;                // full_model's, or -1
  std::vector<ModuleFailure> failures;
  std::vector<std::vector<int>> group_failures; // per group: indices into failures
  std::vector<int> root_failures;
  // Per node: the failures that name it, the innermost module's first.
  std::vector<std::vector<int>> node_failures;
  size_t matched_modules = 0; // analysed modules with an occurrence in the model

  // The group's own status; Unknown when it is no analysed module's call. -1 is the root.
  ir::ModuleStatus groupStatus(int group) const;
  // The group itself or the nearest one around it that has a status; -1 (the root) when none.
  int analysedGroupAround(const ModelDocument& document, int group) const;
  // The status of the innermost analysed module around the node (the root's when none is).
  ir::ModuleStatus nodeStatus(const ModelDocument& document, int node) const;
  // The analysed module of a group (-1: the root), or null.
  const io::AnalysedModule* moduleOfGroup(int group) const;
  // The module path a group stands for in the analysis ("res_block1.relu" for the group
  // "res_block1.relu@2"): "full_model" for -1.
  std::string groupPath(int group) const;
};

// Whether any node carries a module path: only then are there modules to analyse (a TorchScript
// file extracted by irscope has them, torch_ir JSON does not).
bool hasModulePaths(const ir::Graph& graph);

// Lays `analysis` over the document's model, matching modules by path: every occurrence of an
// analysed module takes its status. Throws std::runtime_error (one line naming `source`, or the
// model when it is empty) when the model has no module paths or shares no module with it.
std::shared_ptr<const ModelModuleAnalysis> applyModuleAnalysis(const ModelDocument& document,
                                                               io::ModuleAnalysisDocument analysis,
                                                               const QString& source);

} // namespace irscope::app
