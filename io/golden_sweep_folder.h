#pragma once
// The reference-outputs folder of seed 002, written and read natively:
//   DIR/system_info.json  DIR/config.json  DIR/README.md
//   DIR/<dtype>/k{K:04d}_ic{ic:03d}_conv2d_{input,weight,bias,output}.npy
//   DIR/<dtype>/k{K:04d}_ic{ic:03d}_matmul_{A,B,output}.npy
//   DIR/<dtype>/k{K:04d}_ic{ic:03d}_metadata.json
// The tensors come from torchscript::computeSweepCase (golden_sweep.h, which states the recipe).
#include "core/json.h"
#include "core/torch/golden_sweep.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace irscope::io {

struct SweepConfig {
  torchscript::SweepSettings settings;
  std::vector<std::string> dtypes{"bfloat16", "float32"};
  std::vector<int64_t> input_channels{8,    16,   32,   64,   128,  256,  512, 1024,
                                      2048, 3072, 4096, 5120, 6144, 7168, 8192};
};

// "k0072_ic008" for 8 input channels and a 3x3 kernel.
std::string sweepCaseName(const torchscript::SweepSettings& settings, int64_t input_channels);

Json sweepConfigJson(const SweepConfig& config, int threads);
// Reads config.json back (for --regenerate). Throws LoadError naming the file and the key.
SweepConfig readSweepConfig(const std::filesystem::path& file);

// A case's metadata.json: case, dtype, input_channels, K, then shapes, dtypes, input_hashes and
// output_hashes, each nested {"conv2d": {...}, "matmul": {...}}. A hash is the SHA-256 hex of the
// stored float32 array's C-order little-endian bytes.
Json sweepCaseMetadata(const torchscript::SweepSettings& settings, int64_t input_channels,
                       const std::string& dtype, const torchscript::SweepTensors& tensors);

// "conv2d_input" -> {"conv2d", "input"}; "matmul_A" -> {"matmul", "A"}.
std::pair<std::string, std::string> sweepTensorRole(const std::string& tensor);
bool isSweepInput(const std::string& role); // input, weight, bias, A, B

struct SweepProgress {
  size_t done = 0; // cases written
  size_t total = 0;
  std::string dtype;
  int64_t input_channels = 0;
  double seconds = 0; // this case
};

// Writes the whole folder, one case in memory at a time; every file atomically. Calls `progress`
// after each case. Throws LoadError / ExtractionError naming the file or case.
void writeSweepFolder(const std::filesystem::path& directory, const SweepConfig& config,
                      int threads, const std::function<void(const SweepProgress&)>& progress);

} // namespace irscope::io
