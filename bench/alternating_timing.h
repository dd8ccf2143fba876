#pragma once
// Ratio benchmarks that hold: the two sides of a ratio take turns in one process (A B, B A,
// A B, ...), so that machine drift and allocator history fall on both alike, and what is
// reported is the median with its spread (quartiles, and the extremes), never a mean of one
// side's block of runs set against another block taken minutes later. Each figure comes with
// the load average it was taken under and the allocator settings in force.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace irscope::bench {

struct Spread {
  double median = 0;
  double q1 = 0, q3 = 0;    // quartiles
  double low = 0, high = 0; // extremes
};

inline double quantile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  if (sorted.empty())
    return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(position);
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] * (1 - fraction) + sorted[above] * fraction;
}

inline Spread spreadOf(const std::vector<double>& samples) {
  Spread spread;
  if (samples.empty())
    return spread;
  spread.median = quantile(samples, 0.5);
  spread.q1 = quantile(samples, 0.25);
  spread.q3 = quantile(samples, 0.75);
  spread.low = *std::min_element(samples.begin(), samples.end());
  spread.high = *std::max_element(samples.begin(), samples.end());
  return spread;
}

struct AlternatingResult {
  std::vector<double> a_seconds, b_seconds;
  std::vector<double> ratios; // b / a, per round: the two sides ran next to each other
};

inline double secondsOf(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `warm_up` rounds are run and dropped, then `rounds` are timed; odd rounds run B first.
inline AlternatingResult alternate(int rounds, int warm_up, const std::function<void()>& a,
                                   const std::function<void()>& b) {
  for (int i = 0; i < warm_up; ++i) {
    a();
    b();
  }
  AlternatingResult result;
  for (int round = 0; round < rounds; ++round) {
    double a_time = 0, b_time = 0;
    if (round % 2 == 0) {
      a_time = secondsOf(a);
      b_time = secondsOf(b);
    } else {
      b_time = secondsOf(b);
      a_time = secondsOf(a);
    }
    result.a_seconds.push_back(a_time);
    result.b_seconds.push_back(b_time);
    result.ratios.push_back(b_time / a_time);
  }
  return result;
}

inline std::string loadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// What decides how malloc behaves in this process: the preloaded allocator, glibc's tunables
// and the older MALLOC_* variables. Printed with the figures, since they move them.
inline std::string allocatorSettings() {
  std::string text;
  for (const char* name : {"LD_PRELOAD", "GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_TOP_PAD_",
                           "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_CONF",
                           "MIMALLOC_OPTIONS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"})
    if (const char* value = std::getenv(name))
      text += std::string(text.empty() ? "" : ", ") + name + "=" + value;
  return text.empty() ? "glibc malloc, defaults (no tunables or MALLOC_* set)" : text;
}

inline void printHeader(const char* what) {
  std::printf("# %s\n# allocator: %s\n# load average at start: %s\n", what,
              allocatorSettings().c_str(), loadAverage().c_str());
}

inline std::string formatMs(const Spread& s) {
  char text[128];
  std::snprintf(text, sizeof text, "%9.3f [%.3f-%.3f] (%.3f..%.3f)", s.median * 1e3, s.q1 * 1e3,
                s.q3 * 1e3, s.low * 1e3, s.high * 1e3);
  return text;
}

inline std::string formatRatio(const Spread& s) {
  char text[128];
  std::snprintf(text, sizeof text, "%6.3f [%.3f-%.3f] (%.3f..%.3f)", s.median, s.q1, s.q3, s.low,
                s.high);
  return text;
}

// One line per case: the median milliseconds of each side with [quartiles] (extremes), and
// the median of the per-round ratios B/A with its spread.
inline void printPair(const std::string& name, const AlternatingResult& result) {
  std::printf(
      "%-28s A %s ms | B %s ms | B/A %s | rounds %zu | load %s\n", name.c_str(),
      formatMs(spreadOf(result.a_seconds)).c_str(), formatMs(spreadOf(result.b_seconds)).c_str(),
      formatRatio(spreadOf(result.ratios)).c_str(), result.ratios.size(), loadAverage().c_str());
  std::fflush(stdout);
}

} // namespace irscope::bench
