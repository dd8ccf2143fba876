// Golden data at full size (issue: golden data). Run:
//   build/release/bench/irscope_golden_bench
// The default sweep of seed 002 (15 channel counts, 8 to 8192) is written once per dtype to
// $TMPDIR/irscope-golden-bench, then `golden verify` reads and hashes all of it. Targets: verify
// at >= 1 GB/s. "peak_rss_mb" is the process's high-water mark so far, which shows that the
// sweep keeps one case in memory at a time (the 8192-channel case's A alone is 302 MB).
// Verify hashes one case per core, so its rate is measured in wall time.
#include "io/golden_sweep_folder.h"
#include "io/golden_verification.h"
#include "io/sha256.h"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <sys/resource.h>

namespace {

std::filesystem::path benchDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  return std::filesystem::path(tmp ? tmp : "/tmp") / "irscope-golden-bench";
}

double peakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_SweepDefault(benchmark::State& state, const std::string& dtype) {
  irscope::io::SweepConfig config;
  config.dtypes = {dtype};
  for (auto _ : state)
    irscope::io::writeSweepFolder(benchDirectory() / dtype, config, 1, nullptr);
  state.counters["cases"] = static_cast<double>(config.input_channels.size());
  state.counters["peak_rss_mb"] = peakRssMegabytes();
}

void BM_GoldenVerify(benchmark::State& state, const std::string& dtype) {
  irscope::io::GoldenVerification totals;
  for (auto _ : state)
    totals = irscope::io::verifyGoldenFolder(benchDirectory() / dtype, {}, nullptr);
  if (totals.failed != 0)
    state.SkipWithError("the folder did not verify");
  state.SetBytesProcessed(static_cast<int64_t>(totals.bytes_hashed) * state.iterations());
  state.counters["files_gb"] = static_cast<double>(totals.bytes_hashed) / 1e9;
}

// SHA-256 alone, on 256 MiB in memory: the ceiling for verify.
void BM_Sha256(benchmark::State& state) {
  const std::string bytes(256u << 20, '\x5a');
  for (auto _ : state)
    benchmark::DoNotOptimize(irscope::io::sha256Hex(bytes));
  state.SetBytesProcessed(static_cast<int64_t>(bytes.size()) * state.iterations());
}

BENCHMARK(BM_Sha256)->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(BM_SweepDefault, bfloat16, std::string("bfloat16"))
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_SweepDefault, float32, std::string("float32"))
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_GoldenVerify, bfloat16, std::string("bfloat16"))
    ->UseRealTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(2);
BENCHMARK_CAPTURE(BM_GoldenVerify, float32, std::string("float32"))
    ->UseRealTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(2);

} // namespace

BENCHMARK_MAIN();
