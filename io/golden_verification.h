#pragma once
// Checks a golden folder against its own metadata: every .npy's SHA-256 is recomputed and
// compared, per case (a sweep folder) or per file (a model's golden folder). With `regenerate`,
// a sweep's inputs are drawn again on this machine from config.json and their hashes compared
// too: the cross-machine check of seed 002.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace irscope::io {

struct GoldenCheck {
  std::string dtype;                 // sweep cases; empty for a model folder
  int64_t input_channels = 0;        // sweep cases
  std::string label;                 // "k0072_ic008", or "output0" for a model folder
  std::vector<std::string> problems; // one line each, naming the file; empty when it passed
  bool passed() const { return problems.empty(); }
};

struct GoldenVerification {
  bool sweep = false; // else a model's golden folder
  size_t checks = 0;
  size_t failed = 0;
  uint64_t bytes_hashed = 0;
  double seconds = 0;
};

struct GoldenVerifyOptions {
  bool regenerate = false;
  int threads = 1;
};

// Throws LoadError when `directory` is missing or is no golden folder, or when its config.json
// or metadata.json cannot be read; a missing or altered .npy is a failed check, not an error.
GoldenVerification verifyGoldenFolder(const std::filesystem::path& directory,
                                      const GoldenVerifyOptions& options,
                                      const std::function<void(const GoldenCheck&)>& on_check);

} // namespace irscope::io
