#include "gui/app/model_session.h"

#include "io/op_mapping_file.h"

namespace irscope::app {

ModelSession::ModelSession(QObject* parent)
    : QObject(parent), mapping_(std::make_shared<const ir::OpMapping>(io::defaultOpMapping())) {}

void ModelSession::setDocument(std::shared_ptr<ModelDocument> document, bool new_content) {
  if (new_content) {
    emit contentEnding();
    ++generation_;
  }
  // The old document stays alive until everyone holds the new one: the docks point into it.
  const std::shared_ptr<ModelDocument> old = std::exchange(document_, std::move(document));
  if (new_content) {
    // Cleared before anyone hears of the new document, but kept alive until the docks that
    // point into them have heard that they are gone.
    const std::shared_ptr<const RunResult> old_run = std::move(run_);
    const std::shared_ptr<const ModelModuleAnalysis> old_analysis = std::move(module_analysis_);
    run_.reset();
    module_analysis_.reset();
    const std::shared_ptr<const ModelMapping> old_mapping = remap();
    emit documentChanged(true);
    emit mappingChanged();
    if (old_run)
      emit runChanged();
    if (old_analysis)
      emit moduleAnalysisChanged();
    return;
  }
  emit documentChanged(false);
}

void ModelSession::setRun(std::shared_ptr<const RunResult> run) {
  const std::shared_ptr<const RunResult> old = std::exchange(run_, std::move(run));
  emit runChanged();
}

void ModelSession::setModuleAnalysis(std::shared_ptr<const ModelModuleAnalysis> analysis) {
  const std::shared_ptr<const ModelModuleAnalysis> old =
      std::exchange(module_analysis_, std::move(analysis));
  emit moduleAnalysisChanged();
}

void ModelSession::setOperatorMapping(std::shared_ptr<const ir::OpMapping> mapping,
                                      const QString& file) {
  mapping_ = std::move(mapping);
  mapping_file_ = file;
  const std::shared_ptr<const ModelMapping> old = remap();
  emit mappingChanged();
}

std::shared_ptr<const ModelMapping> ModelSession::remap() {
  return std::exchange(model_mapping_,
                       document_ && mapping_ ? mapModel(*document_, mapping_) : nullptr);
}

} // namespace irscope::app
