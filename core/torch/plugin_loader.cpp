// Opens libirscope_torch.so on first use and forwards the public functions to it.
#include "core/torch/extraction_error.h"
#include "core/torch/torch_plugin.h"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <mutex>
#include <unistd.h>

namespace irscope::torchscript {
namespace {

std::filesystem::path executableDirectory() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

// Whether `path` is `directory` or below it (both absolute; the build tree's symlinks resolved).
bool isWithin(const std::filesystem::path& path, const std::filesystem::path& directory) {
  std::error_code error;
  const auto resolved = std::filesystem::weakly_canonical(directory, error);
  if (error)
    return false;
  const auto relative = path.lexically_relative(resolved);
  return !relative.empty() && *relative.begin() != "..";
}

// Where the plugin may be: named by the environment; installed relative to the program
// (<prefix>/bin/irscope -> <prefix>/lib/irscope/); or, for a program that runs from the build
// tree (tests, benchmarks, build/release/cli/irscope-cli), where the build put it. An installed
// program never looks in the build tree, so it cannot load a stale or foreign build of the plugin.
std::vector<std::string> candidates() {
  std::vector<std::string> paths;
  if (const char* named = std::getenv("IRSCOPE_TORCH_PLUGIN"))
    paths.emplace_back(named);
  const auto exe_dir = executableDirectory();
  if (exe_dir.empty())
    return paths;
  paths.push_back((exe_dir / IRSCOPE_TORCH_PLUGIN_INSTALL_RELATIVE / "libirscope_torch.so")
                      .lexically_normal()
                      .string());
  if (isWithin(exe_dir, IRSCOPE_BUILD_TREE))
    paths.emplace_back(IRSCOPE_TORCH_PLUGIN_BUILD_PATH);
  return paths;
}

struct LoadedPlugin {
  const TorchPlugin* plugin = nullptr;
  std::string error;
};

const LoadedPlugin& loadPlugin() {
  static LoadedPlugin loaded;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const std::string& path : candidates()) {
      if (::access(path.c_str(), R_OK) != 0)
        continue;
      void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        loaded.error = ::dlerror();
        continue;
      }
      using Entry = const TorchPlugin* (*)();
      auto entry = reinterpret_cast<Entry>(::dlsym(handle, kTorchPluginEntry));
      const TorchPlugin* plugin = entry ? entry() : nullptr;
      if (!plugin || plugin->abi != kTorchPluginAbi) {
        loaded.error = path + " is not an irscope " + std::to_string(kTorchPluginAbi) + " plugin";
        continue;
      }
      loaded.plugin = plugin;
      return;
    }
    if (loaded.error.empty())
      loaded.error = "libirscope_torch.so was not found (set IRSCOPE_TORCH_PLUGIN to its path)";
  });
  return loaded;
}

const TorchPlugin& plugin(const std::filesystem::path& file) {
  const LoadedPlugin& loaded = loadPlugin();
  if (!loaded.plugin)
    throw ExtractionError(file.string(), "TorchScript support is unavailable: " + loaded.error);
  return *loaded.plugin;
}

} // namespace

Extraction extractTorchScript(const std::filesystem::path& file, const ExtractionOptions& options) {
  return plugin(file).extract(file, options);
}

std::vector<InputDescription> describeInputs(const std::filesystem::path& file) {
  return plugin(file).describe_inputs(file);
}

std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& file) {
  return plugin(file).read_state_dict(file);
}

std::vector<std::pair<std::string, ir::TensorData>>
readStateDictBytes(const std::string& bytes, const std::string& source_name) {
  return plugin(source_name).read_state_dict_bytes(bytes, source_name);
}

std::vector<ir::TensorData> readSavedTensorsBytes(const std::string& bytes,
                                                  const std::string& source_name) {
  return plugin(source_name).read_saved_tensors_bytes(bytes, source_name);
}

ExecutionResult executeIr(const ir::Graph& graph, const NamedTensors& weights,
                          const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options) {
  return plugin(options.model_file).execute_ir(graph, weights, inputs, options);
}

std::shared_ptr<const PreparedIr> prepareIr(const ir::Graph& graph, const ExecutionOptions& options,
                                            const PreparedIr* cut_from) {
  return plugin(options.model_file).prepare_ir(graph, options, cut_from);
}

ExecutionResult runPreparedIr(const PreparedIr& plan, const NamedTensors& weights,
                              const std::vector<ir::TensorData>& inputs,
                              const ExecutionOptions& options) {
  return plugin(options.model_file).run_prepared_ir(plan, weights, inputs, options);
}

std::vector<ir::TensorData> randomInputs(const std::vector<ir::InputSpec>& specs, uint64_t seed) {
  return plugin("random inputs").random_inputs(specs, seed);
}

SweepTensors computeSweepCase(const SweepSettings& settings, int64_t input_channels,
                              const std::string& dtype, bool inputs_only, int threads) {
  return plugin("golden sweep")
      .compute_sweep_case(settings, input_channels, dtype, inputs_only, threads);
}

std::string goldenDataFile(const std::vector<ir::TensorData>& inputs,
                           const std::vector<ir::TensorData>& outputs) {
  return plugin("golden_data.pt").golden_data_file(inputs, outputs);
}

std::string torchVersion() {
  const LoadedPlugin& loaded = loadPlugin();
  return loaded.plugin ? loaded.plugin->torch_version() : std::string("unavailable");
}

} // namespace irscope::torchscript
