#pragma once
// The open model and everything found about it: its document (graph and layout), the last run,
// the module analysis, and the operator mapping applied to it. Workflows read it and update it;
// its signals tell the window, the docks and the other workflows, so that no workflow reaches
// into another. Lives on the GUI thread.
#include "core/op_mapping.h"
#include "gui/app/model_document.h"
#include "gui/app/model_mapping.h"
#include "gui/app/model_module_analysis.h"
#include "gui/app/run_result.h"

#include <QObject>
#include <QString>
#include <memory>

namespace irscope::app {

class ModelSession : public QObject {
  Q_OBJECT
public:
  explicit ModelSession(QObject* parent = nullptr);

  // Null while no model is open.
  const std::shared_ptr<ModelDocument>& document() const { return document_; }
  // A model, or the open one laid out again. With new content (another file, or this one
  // reloaded), the run and the analysis of the old content are forgotten and the mapping is
  // applied again; a relayout keeps them.
  void setDocument(std::shared_ptr<ModelDocument> document, bool new_content);
  // Counts new contents, so that work started for an earlier one can tell its result is stale.
  int generation() const { return generation_; }

  // The last run of the open model; null before one.
  const RunResult* lastRun() const { return run_.get(); }
  const std::shared_ptr<const RunResult>& run() const { return run_; }
  void setRun(std::shared_ptr<const RunResult> run);

  // The module analysis shown; null before one.
  const ModelModuleAnalysis* moduleAnalysis() const { return module_analysis_.get(); }
  void setModuleAnalysis(std::shared_ptr<const ModelModuleAnalysis> analysis);

  // The operator mapping: the built-in TTNN table with a loaded file's entries over it.
  const ir::OpMapping& operatorMapping() const { return *mapping_; }
  const std::shared_ptr<const ir::OpMapping>& operatorMappingShared() const { return mapping_; }
  // The file loaded over the built-in table; empty when none.
  const QString& operatorMappingFile() const { return mapping_file_; }
  void setOperatorMapping(std::shared_ptr<const ir::OpMapping> mapping, const QString& file);
  // The open model against the mapping; null while no model is open.
  const ModelMapping* modelMapping() const { return model_mapping_.get(); }
  const std::shared_ptr<const ModelMapping>& modelMappingShared() const { return model_mapping_; }

signals:
  // Emitted after the document is in place; new_content as setDocument was told.
  void documentChanged(bool new_content);
  // About to drop the content: work for it should stop (and be joined) now.
  void contentEnding();
  void runChanged();
  void moduleAnalysisChanged();
  void mappingChanged();

private:
  // Classes the document against the mapping; returns the old classing, which the caller keeps
  // alive until the docks have heard of the new one.
  std::shared_ptr<const ModelMapping> remap();

  std::shared_ptr<ModelDocument> document_;
  int generation_ = 0;
  std::shared_ptr<const RunResult> run_;
  std::shared_ptr<const ModelModuleAnalysis> module_analysis_;
  std::shared_ptr<const ir::OpMapping> mapping_;
  QString mapping_file_;
  std::shared_ptr<const ModelMapping> model_mapping_;
};

} // namespace irscope::app
