#pragma once
// libtorch's intra-op thread count is process-wide: a run that sets its own puts it back after.
#include <ATen/Parallel.h>
#include <algorithm>

namespace irscope::torchscript {

class ThreadCountGuard {
public:
  // Setting it is not free (libtorch may rebuild its pool), and the module analysis runs
  // thousands of small sub-IRs: only a change is made, and only a change is undone.
  explicit ThreadCountGuard(int threads)
      : previous_(at::get_num_threads()), wanted_(std::max(1, threads)) {
    if (wanted_ != previous_)
      at::set_num_threads(wanted_);
  }
  ~ThreadCountGuard() {
    if (wanted_ != previous_)
      at::set_num_threads(previous_);
  }
  ThreadCountGuard(const ThreadCountGuard&) = delete;
  ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

private:
  int previous_;
  int wanted_;
};

} // namespace irscope::torchscript
