#pragma once
// How a caller steers a long layout: progress, cancellation, and a time budget.
#include <atomic>
#include <cstddef>
#include <functional>
#include <stdexcept>

namespace irscope::layout {

struct LayoutControl {
  // Set from any thread to stop the layout; it then throws LayoutCancelled between dot runs.
  const std::atomic<bool>* cancel = nullptr;
  // Called after each dot run with how many of the total runs are done.
  std::function<void(size_t done, size_t total)> progress;
  // Past this many seconds, the remaining levels are laid out with cheaper dot settings (and
  // the diagram says so). 0: no budget.
  double budget_seconds = 0;
  // A level with more boxes than this is laid out with cheaper settings from the start: dot's
  // time grows about 4x per doubling of nodes.
  size_t large_level = 800;
};

class LayoutCancelled : public std::runtime_error {
public:
  LayoutCancelled() : std::runtime_error("layout cancelled") {}
};

} // namespace irscope::layout
