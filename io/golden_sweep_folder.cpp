#include "io/golden_sweep_folder.h"

#include "core/shape.h"
#include "io/atomic_file.h"
#include "io/load_error.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "io/system_info.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace irscope::io {

namespace {

// Bounds for a config.json read back from disk: a hostile file must not ask for a terabyte.
constexpr int64_t kMaxChannels = 1 << 16;
constexpr int64_t kMaxSpatial = 4096;
constexpr int64_t kMaxKernel = 31;

int64_t caseK(const torchscript::SweepSettings& settings, int64_t input_channels) {
  return input_channels * settings.kernel * settings.kernel;
}

std::string sweepReadme(const SweepConfig& config) {
  const auto& s = config.settings;
  std::ostringstream text;
  text << "# PyTorch reference outputs\n\n"
       << "Written by irscope-cli golden sweep. Each folder named after a dtype holds, per input\n"
       << "channel count `ic` with `K = ic x " << s.kernel * s.kernel << "`:\n\n"
       << "- `kKKKK_icIII_conv2d_{input,weight,bias,output}.npy`: a " << s.kernel << "x" << s.kernel
       << " convolution, " << s.output_channels << " output channels, padding " << s.padding
       << ", stride " << s.stride << ", on a " << s.batch << "x"
       << "ic"
       << "x" << s.height << "x" << s.width << " input;\n"
       << "- `kKKKK_icIII_matmul_{A,B,output}.npy`: the same convolution as a GEMM: `A` is the\n"
       << "  im2col of the input, `[H*W, K]`, columns ordered like the flattened weight (ic, kh, "
          "kw);\n"
       << "  `B` is the weight reshaped to `[" << s.output_channels << ", K]` and transposed; "
       << "`output = A @ B + bias`, `[H*W, " << s.output_channels << "]`;\n"
       << "- `kKKKK_icIII_metadata.json`: shapes, dtypes, and the SHA-256 of every input "
          "(`input_hashes`) and output (`output_hashes`).\n\n"
       << "NumPy has no bfloat16: bfloat16 tensors are stored as float32 arrays holding exactly "
          "the bfloat16 values, and hashed as such (the SHA-256 of the float32 array's C-order "
          "little-endian bytes).\n\n"
       << "## The recipe\n\nFor each dtype and `ic`, the inputs are drawn in float32, in this "
          "order, then cast; the outputs are computed in the dtype:\n\n"
       << "```python\nimport torch, torch.nn.functional as F\n"
       << "torch.manual_seed(" << s.seed << ")\n"
       << "x = torch.randn(" << s.batch << ", ic, " << s.height << ", " << s.width
       << ").to(dtype); w = torch.randn(" << s.output_channels << ", ic, " << s.kernel << ", "
       << s.kernel << ").to(dtype); b = torch.randn(" << s.output_channels << ").to(dtype)\n"
       << "conv = F.conv2d(x, w, b, stride=" << s.stride << ", padding=" << s.padding << ")\n"
       << "A = F.unfold(x, " << s.kernel << ", padding=" << s.padding << ", stride=" << s.stride
       << ")[0].T.contiguous(); B = w.reshape(" << s.output_channels << ", -1).T.contiguous()\n"
       << "mm = A @ B + b  # mm.T.reshape(conv.shape[1:]) equals conv to the dtype's rounding\n"
       << "```\n\n"
       << "## Loading\n\n```python\nimport numpy as np, torch, json\n"
       << "x = np.load('bfloat16/k0072_ic008_conv2d_input.npy')            # float32 array\n"
       << "t = torch.from_numpy(x).to(torch.bfloat16)                        # exact\n"
       << "meta = json.load(open('bfloat16/k0072_ic008_metadata.json'))\n"
       << "import hashlib; hashlib.sha256(np.ascontiguousarray(x).tobytes()).hexdigest() == "
          "meta['input_hashes']['conv2d']['input']\n```\n\n"
       << "Check a copy of this folder with `irscope-cli golden verify DIR`, and that another\n"
       << "machine draws the same inputs with `irscope-cli golden verify DIR --regenerate`.\n\n"
       << "`config.json` holds the configuration; `system_info.json` the machine that wrote it.\n";
  return text.str();
}

int64_t boundedInt(const Json& json, const char* key, int64_t low, int64_t high,
                   const std::string& file) {
  if (!json.contains(key) || !json[key].is_number_integer())
    throw LoadError(file, std::string(key) + ": expected an integer");
  const int64_t value = json[key].get<int64_t>();
  if (value < low || value > high)
    throw LoadError(file, std::string(key) + ": " + std::to_string(value) + " is outside " +
                              std::to_string(low) + ".." + std::to_string(high));
  return value;
}

int64_t squarePair(const Json& json, const char* key, int64_t low, int64_t high,
                   const std::string& file) {
  const Json& pair = json.contains(key) ? json[key] : Json();
  if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer() || pair[0] != pair[1])
    throw LoadError(file, std::string(key) + ": expected two equal integers");
  const int64_t value = pair[0].get<int64_t>();
  if (value < low || value > high)
    throw LoadError(file, std::string(key) + ": " + std::to_string(value) + " is outside " +
                              std::to_string(low) + ".." + std::to_string(high));
  return value;
}

} // namespace

std::string sweepCaseName(const torchscript::SweepSettings& settings, int64_t input_channels) {
  char name[64];
  std::snprintf(name, sizeof name, "k%04lld_ic%03lld",
                static_cast<long long>(caseK(settings, input_channels)),
                static_cast<long long>(input_channels));
  return name;
}

Json sweepConfigJson(const SweepConfig& config, int threads) {
  const auto& s = config.settings;
  Json json = Json::object();
  json["seed"] = s.seed;
  json["batch_size"] = s.batch;
  json["input_size"] = {s.height, s.width};
  json["output_channels"] = s.output_channels;
  json["kernel_size"] = {s.kernel, s.kernel};
  json["padding"] = {s.padding, s.padding};
  json["stride"] = {s.stride, s.stride};
  json["bias"] = s.bias;
  json["dtypes"] = config.dtypes;
  json["input_channels"] = config.input_channels;
  json["device"] = "cpu";
  json["threads"] = threads;
  return json;
}

SweepConfig readSweepConfig(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw LoadError(file, "cannot be opened");
  Json json;
  try {
    json = Json::parse(in);
  } catch (const std::exception&) {
    throw LoadError(file, "is not valid JSON");
  }
  if (!json.is_object())
    throw LoadError(file, "expected a JSON object");
  SweepConfig config;
  auto& s = config.settings;
  if (!json.contains("seed") || !json["seed"].is_number_unsigned())
    throw LoadError(file, "seed: expected a non-negative integer");
  s.seed = json["seed"].get<uint64_t>();
  s.batch = boundedInt(json, "batch_size", 1, 1, file);
  if (!json.contains("input_size") || !json["input_size"].is_array() ||
      json["input_size"].size() != 2 || !json["input_size"][0].is_number_integer() ||
      !json["input_size"][1].is_number_integer())
    throw LoadError(file, "input_size: expected [height, width]");
  s.height = json["input_size"][0].get<int64_t>();
  s.width = json["input_size"][1].get<int64_t>();
  if (s.height < 1 || s.height > kMaxSpatial || s.width < 1 || s.width > kMaxSpatial)
    throw LoadError(file, "input_size: each side must be 1.." + std::to_string(kMaxSpatial));
  s.output_channels = boundedInt(json, "output_channels", 1, kMaxChannels, file);
  s.kernel = squarePair(json, "kernel_size", 1, kMaxKernel, file);
  s.padding = squarePair(json, "padding", 0, kMaxKernel, file);
  s.stride = squarePair(json, "stride", 1, kMaxKernel, file);
  if (!json.contains("bias") || !json["bias"].is_boolean())
    throw LoadError(file, "bias: expected true or false");
  s.bias = json["bias"].get<bool>();
  config.dtypes.clear();
  if (!json.contains("dtypes") || !json["dtypes"].is_array())
    throw LoadError(file, "dtypes: expected a list");
  for (const Json& dtype : json["dtypes"]) {
    if (dtype != "bfloat16" && dtype != "float32" && dtype != "float16")
      throw LoadError(file, "dtypes: " + dtype.dump() + " is not bfloat16, float32 or float16");
    config.dtypes.push_back(dtype.get<std::string>());
  }
  config.input_channels.clear();
  if (!json.contains("input_channels") || !json["input_channels"].is_array())
    throw LoadError(file, "input_channels: expected a list");
  for (const Json& channels : json["input_channels"]) {
    if (!channels.is_number_integer() || channels.get<int64_t>() < 1 ||
        channels.get<int64_t>() > kMaxChannels)
      throw LoadError(file, "input_channels: " + channels.dump() + " is not 1.." +
                                std::to_string(kMaxChannels));
    config.input_channels.push_back(channels.get<int64_t>());
  }
  return config;
}

std::pair<std::string, std::string> sweepTensorRole(const std::string& tensor) {
  const size_t underscore = tensor.find('_');
  return {tensor.substr(0, underscore),
          underscore == std::string::npos ? std::string() : tensor.substr(underscore + 1)};
}

bool isSweepInput(const std::string& role) {
  return role == "input" || role == "weight" || role == "bias" || role == "A" || role == "B";
}

Json sweepCaseMetadata(const torchscript::SweepSettings& settings, int64_t input_channels,
                       const std::string& dtype, const torchscript::SweepTensors& tensors) {
  Json json = Json::object();
  json["case"] = sweepCaseName(settings, input_channels);
  json["dtype"] = dtype;
  json["input_channels"] = input_channels;
  json["K"] = caseK(settings, input_channels);
  json["stored_as"] = "float32";
  Json shapes = Json::object(), dtypes = Json::object(), inputs = Json::object(),
       outputs = Json::object();
  for (const auto& [name, tensor] : tensors) {
    const auto [op, role] = sweepTensorRole(name);
    shapes[op][role] = tensor.shape;
    dtypes[op][role] = "torch." + dtype;
    (isSweepInput(role) ? inputs : outputs)[op][role] =
        sha256Hex(tensor.bytes.data(), tensor.bytes.size());
  }
  json["shapes"] = shapes;
  json["dtypes"] = dtypes;
  json["input_hashes"] = inputs;
  json["output_hashes"] = outputs;
  return json;
}

void writeSweepFolder(const std::filesystem::path& directory, const SweepConfig& config,
                      int threads, const std::function<void(const SweepProgress&)>& progress) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw LoadError(directory.string(), "cannot create the folder: " + error.message());
  writeFileAtomically(directory / "system_info.json", systemInfoJson(threads).dump(2) + "\n");
  writeFileAtomically(directory / "config.json", sweepConfigJson(config, threads).dump(2) + "\n");
  writeFileAtomically(directory / "README.md", sweepReadme(config));
  SweepProgress state;
  state.total = config.dtypes.size() * config.input_channels.size();
  for (const std::string& dtype : config.dtypes) {
    const std::filesystem::path folder = directory / dtype;
    std::filesystem::create_directories(folder, error);
    if (error)
      throw LoadError(folder.string(), "cannot create the folder: " + error.message());
    for (const int64_t channels : config.input_channels) {
      const auto start = std::chrono::steady_clock::now();
      const torchscript::SweepTensors tensors =
          torchscript::computeSweepCase(config.settings, channels, dtype, false, threads);
      const std::string name = sweepCaseName(config.settings, channels);
      for (const auto& [tensor_name, tensor] : tensors)
        writeNpy(tensor, folder / (name + "_" + tensor_name + ".npy"));
      // Written last: a case with metadata is a whole case.
      writeFileAtomically(folder / (name + "_metadata.json"),
                          sweepCaseMetadata(config.settings, channels, dtype, tensors).dump(2) +
                              "\n");
      ++state.done;
      state.dtype = dtype;
      state.input_channels = channels;
      state.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (progress)
        progress(state);
    }
  }
}

} // namespace irscope::io
