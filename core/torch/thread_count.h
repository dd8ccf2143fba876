#pragma once
// libtorch's intra-op thread count is process-wide: a run that sets its own puts it back after.
#include <ATen/Parallel.h>
#include <algorithm>

namespace irscope::torchscript {

class ThreadCountGuard {
public:
  explicit ThreadCountGuard(int threads) : previous_(at::get_num_threads()) {
    at::set_num_threads(std::max(1, threads));
  }
  ~ThreadCountGuard() { at::set_num_threads(previous_); }
  ThreadCountGuard(const ThreadCountGuard&) = delete;
  ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

private:
  int previous_;
};

} // namespace irscope::torchscript
