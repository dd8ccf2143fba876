#pragma once
// irscope_torch comes in two parts. libtorch takes ~0.6 s to load (its static initialisers
// register thousands of operators), which every irscope-cli command and every app start would
// pay. So the code that uses libtorch is a plugin, libirscope_torch.so, and what other targets
// link is a small loader that opens the plugin on first use. This is the table between them.
#include "core/torch/golden_data_file.h"
#include "core/torch/golden_sweep.h"
#include "core/torch/ir_execution.h"
#include "core/torch/state_dict.h"
#include "core/torch/torchscript_extraction.h"

namespace irscope::torchscript {

inline constexpr int kTorchPluginAbi = 6;
inline constexpr char kTorchPluginEntry[] = "irscope_torch_plugin";

struct TorchPlugin {
  int abi = kTorchPluginAbi;
  Extraction (*extract)(const std::filesystem::path&, const ExtractionOptions&);
  std::vector<InputDescription> (*describe_inputs)(const std::filesystem::path&);
  std::vector<std::pair<std::string, ir::TensorData>> (*read_state_dict)(
      const std::filesystem::path&);
  std::string (*torch_version)();
  ExecutionResult (*execute_ir)(const ir::Graph&, const NamedTensors&,
                                const std::vector<ir::TensorData>&, const ExecutionOptions&);
  std::vector<ir::TensorData> (*random_inputs)(const std::vector<ir::InputSpec>&, uint64_t);
  SweepTensors (*compute_sweep_case)(const SweepSettings&, int64_t, const std::string&, bool, int);
  std::string (*golden_data_file)(const std::vector<ir::TensorData>&,
                                  const std::vector<ir::TensorData>&);
  std::vector<std::pair<std::string, ir::TensorData>> (*read_state_dict_bytes)(const std::string&,
                                                                               const std::string&);
  std::vector<ir::TensorData> (*read_saved_tensors_bytes)(const std::string&, const std::string&);
  std::shared_ptr<const PreparedIr> (*prepare_ir)(const ir::Graph&, const ExecutionOptions&,
                                                  const PreparedIr*);
  ExecutionResult (*run_prepared_ir)(const PreparedIr&, const NamedTensors&,
                                     const std::vector<ir::TensorData>&, const ExecutionOptions&);
};

// The plugin's implementations of the public functions, which the loader forwards to.
namespace impl {
Extraction extractTorchScript(const std::filesystem::path& file, const ExtractionOptions& options);
std::vector<InputDescription> describeInputs(const std::filesystem::path& file);
std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& file);
std::string torchVersion();
ExecutionResult executeIr(const ir::Graph& graph, const NamedTensors& weights,
                          const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options);
std::shared_ptr<const PreparedIr> prepareIr(const ir::Graph& graph, const ExecutionOptions& options,
                                            const PreparedIr* cut_from);
ExecutionResult runPreparedIr(const PreparedIr& plan, const NamedTensors& weights,
                              const std::vector<ir::TensorData>& inputs,
                              const ExecutionOptions& options);
std::vector<ir::TensorData> randomInputs(const std::vector<ir::InputSpec>& specs, uint64_t seed);
SweepTensors computeSweepCase(const SweepSettings& settings, int64_t input_channels,
                              const std::string& dtype, bool inputs_only, int threads);
std::string goldenDataFile(const std::vector<ir::TensorData>& inputs,
                           const std::vector<ir::TensorData>& outputs);
std::vector<std::pair<std::string, ir::TensorData>>
readStateDictBytes(const std::string& bytes, const std::string& source_name);
std::vector<ir::TensorData> readSavedTensorsBytes(const std::string& bytes,
                                                  const std::string& source_name);
} // namespace impl

} // namespace irscope::torchscript
