#pragma once
// Tools > Run Model's work, for a worker thread: runs the open model through libtorch on the
// chosen weights and inputs, and verifies it against the chosen reference (a TorchScript model,
// expected outputs, or a golden folder's outputs and intermediates).
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"
#include "gui/app/run_result.h"

#include <atomic>
#include <functional>
#include <memory>

namespace irscope::app {

// total is 0 while the weights, inputs and reference are read (no measure of progress).
using RunProgress = std::function<void(int done, int total)>;

// Stops between nodes and between reads once `cancel` is set, by throwing
// torchscript::ExecutionCancelled. Throws with one line for anything that goes wrong.
std::shared_ptr<const RunResult> runAndVerify(const ModelDocument& document,
                                              const RunChoices& choices,
                                              const std::atomic<bool>& cancel,
                                              const RunProgress& progress);

} // namespace irscope::app
