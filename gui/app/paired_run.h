#pragma once
// Run Both's work, for a worker thread: both models of a comparison run through libtorch on the
// same inputs (A's: a TorchScript or .pt2 A's own, else seeded values of A's declared shapes),
// each with its own weights, and every pair's outputs compared and judged by the verdict rule
// (core/paired_outputs.h), as `irscope-cli diff --run` does. The weights, now at hand, are
// compared by value too.
#include "core/verdict.h"
#include "gui/app/model_comparison.h"

#include <atomic>
#include <functional>
#include <memory>

namespace irscope::app {

// Throws with one line for anything that goes wrong; throws torchscript::ExecutionCancelled
// once `cancel` is set. `progress` gets (done, total) over both runs, total 0 while reading.
std::shared_ptr<const ModelComparison>
runComparedModels(const ModelComparison& comparison, const ir::VerdictRule& rule,
                  const std::atomic<bool>& cancel,
                  const std::function<void(size_t, size_t)>& progress);

} // namespace irscope::app
