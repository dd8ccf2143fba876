#pragma once
// One benchmark iteration run in a forked child, so that the peak memory it reports is its own.
// Resetting the high-water mark in one process (peak_memory.h) is not enough: memory that an
// earlier case freed stays resident in glibc's heap, so every case after a large one reported
// that one's peak. The child starts from the parent's small footprint (the parent itself builds
// nothing), measures its work's wall and CPU time and its peak RSS, and sends them back, with
// whatever counters the work adds, through a pipe.
#include "bench/peak_memory.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace irscope::bench {

inline double processCpuSeconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// What the work in the child fills in: counters by name, an error that fails the iteration, and
// the part of it that is timed (all of it unless the work says otherwise with time()).
struct IsolatedCase {
  std::map<std::string, double> counters;
  std::string error;
  double wall_seconds = -1;
  double cpu_seconds = -1;

  // Runs `part` and adds its wall and CPU time to the iteration's; returns its CPU seconds.
  template <typename Part> double time(Part&& part) {
    const double cpu_start = processCpuSeconds();
    const auto wall_start = std::chrono::steady_clock::now();
    part();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double cpu = processCpuSeconds() - cpu_start;
    wall_seconds = std::max(wall_seconds, 0.0) + wall;
    cpu_seconds = std::max(cpu_seconds, 0.0) + cpu;
    return cpu;
  }
};

// Runs `work` once in a child and sets the iteration's time (the benchmark must UseManualTime)
// and the counters: the work's own, plus cpu_s (CPU seconds of the timed part: on a loaded
// machine, steadier than the wall time), peak_rss_MB and start_rss_MB (what the child had
// resident before the work: the parent's libraries and Qt).
inline void runIsolated(benchmark::State& state, const std::function<void(IsolatedCase&)>& work) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) {
    state.SkipWithError("pipe failed");
    return;
  }
  std::fflush(nullptr); // nothing buffered is written twice
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    state.SkipWithError("fork failed");
    return;
  }
  if (child == 0) {
    ::close(pipe_ends[0]);
    resetPeakMemory();
    const double start_rss = peakMemoryMegabytes();
    IsolatedCase result;
    const double cpu_start = processCpuSeconds();
    const auto wall_start = std::chrono::steady_clock::now();
    // Nothing may leave the child but through _exit: an escaping exception would run the rest
    // of the suite in it.
    try {
      work(result);
    } catch (const std::exception& error) {
      result.error = error.what();
    } catch (...) {
      result.error = "unknown exception";
    }
    if (result.wall_seconds < 0) {
      result.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      result.cpu_seconds = processCpuSeconds() - cpu_start;
    }
    result.counters["wall_s"] = result.wall_seconds;
    result.counters["cpu_s"] = result.cpu_seconds;
    result.counters["peak_rss_MB"] = peakMemoryMegabytes();
    result.counters["start_rss_MB"] = start_rss;
    std::ostringstream out;
    out.precision(17);
    for (const auto& [name, value] : result.counters)
      out << name << ' ' << value << '\n';
    if (!result.error.empty()) {
      std::replace(result.error.begin(), result.error.end(), '\n', ' ');
      out << "error " << result.error << '\n';
    }
    const std::string text = out.str();
    for (size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(pipe_ends[1], text.data() + written, text.size() - written);
      if (n <= 0)
        break;
      written += static_cast<size_t>(n);
    }
    ::_exit(0); // no destructors of the parent's objects, no atexit handlers
  }
  ::close(pipe_ends[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<size_t>(n));
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    state.SkipWithError("the case's child process failed");
    return;
  }
  std::istringstream in(text);
  std::string name;
  double wall = 0;
  while (in >> name) {
    if (name == "error") {
      std::string message;
      std::getline(in, message);
      state.SkipWithError(message.c_str());
      return;
    }
    double value = 0;
    in >> value;
    if (name == "wall_s")
      wall = value;
    else
      state.counters[name] = value;
  }
  state.SetIterationTime(wall);
}

} // namespace irscope::bench
