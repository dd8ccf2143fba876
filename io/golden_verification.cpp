#include "io/golden_verification.h"

#include "core/json.h"
#include "io/golden_sweep_folder.h"
#include "io/load_error.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "io/tensor_file_name.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace irscope::io {

namespace {

Json readJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw LoadError(path.string(), "cannot be opened");
  try {
    Json json = Json::parse(in);
    if (!json.is_object())
      throw LoadError(path.string(), "expected a JSON object");
    return json;
  } catch (const nlohmann::json::exception&) {
    throw LoadError(path.string(), "is not valid JSON");
  }
}

// Compares one stored .npy with the hash (and shape, when known) its metadata gives.
void checkFile(const std::filesystem::path& file, const Json& expected_hash,
               const Json& expected_shape, GoldenCheck& check, uint64_t& bytes_hashed) {
  const std::string name = file.filename().string();
  if (!expected_hash.is_string()) {
    check.problems.push_back(name + ": the metadata has no hash for it");
    return;
  }
  if (!std::filesystem::exists(file)) {
    check.problems.push_back(name + ": missing");
    return;
  }
  NpyDigest digest;
  try {
    digest = npyDataSha256(file);
  } catch (const std::exception& error) {
    check.problems.push_back(error.what());
    return;
  }
  bytes_hashed += digest.data_bytes;
  if (expected_shape.is_array() && Json(digest.shape) != expected_shape) {
    check.problems.push_back(name + ": shape " + Json(digest.shape).dump() +
                             ", the metadata says " + expected_shape.dump());
    return;
  }
  if (digest.sha256 != expected_hash.get<std::string>())
    check.problems.push_back(name + ": SHA-256 differs from the metadata");
}

// Runs `check(i)` for i in [0, count) on up to `threads` worker threads, and hands the results to
// `emit`, on the calling thread, in index order as soon as each one and all before it are done.
void inParallelInOrder(size_t count, unsigned threads,
                       const std::function<GoldenCheck(size_t)>& check,
                       const std::function<void(GoldenCheck&)>& emit) {
  std::vector<std::optional<GoldenCheck>> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable done;
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) {
      GoldenCheck result;
      std::exception_ptr error;
      try {
        result = check(i);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      results[i] = std::move(result);
      errors[i] = error;
      done.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < std::max<size_t>(1, std::min<size_t>(threads, count)); ++t)
    workers.emplace_back(work);
  // The calling thread hands the results on in order, as each one and those before it are done.
  std::exception_ptr first_error;
  for (size_t i = 0; i < count; ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, [&] { return results[i].has_value(); });
    if (errors[i] && !first_error)
      first_error = errors[i];
    GoldenCheck result = std::move(*results[i]);
    lock.unlock();
    if (first_error)
      continue;
    try {
      emit(result);
    } catch (...) {
      first_error = std::current_exception();
    }
  }
  for (std::thread& worker : workers)
    worker.join();
  if (first_error)
    std::rethrow_exception(first_error);
}

const Json& member(const Json& json, const std::string& a, const std::string& b) {
  static const Json kNull;
  if (!json.is_object() || !json.contains(a) || !json[a].is_object() || !json[a].contains(b))
    return kNull;
  return json[a][b];
}

void verifySweep(const std::filesystem::path& directory, const GoldenVerifyOptions& options,
                 const std::function<void(const GoldenCheck&)>& on_check,
                 GoldenVerification& totals) {
  const SweepConfig config = readSweepConfig(directory / "config.json");
  std::vector<std::pair<std::string, int64_t>> cases;
  for (const std::string& dtype : config.dtypes)
    for (const int64_t channels : config.input_channels)
      cases.emplace_back(dtype, channels);
  std::atomic<uint64_t> bytes_hashed{0};
  auto checkCase = [&](size_t index) {
    const auto& [dtype, channels] = cases[index];
    GoldenCheck check;
    check.dtype = dtype;
    check.input_channels = channels;
    check.label = sweepCaseName(config.settings, channels);
    const std::filesystem::path folder = directory / dtype;
    const std::filesystem::path metadata_file = folder / (check.label + "_metadata.json");
    Json metadata;
    if (!std::filesystem::exists(metadata_file)) {
      check.problems.push_back(metadata_file.filename().string() + ": missing");
    } else {
      try {
        metadata = readJsonFile(metadata_file);
      } catch (const LoadError& error) {
        check.problems.push_back(error.what());
      }
    }
    uint64_t hashed = 0;
    for (const char* kind : {"input_hashes", "output_hashes"}) {
      if (!metadata.contains(kind) || !metadata[kind].is_object()) {
        if (!metadata.is_null())
          check.problems.push_back(metadata_file.filename().string() + ": no " + kind);
        continue;
      }
      for (const auto& [op, roles] : metadata[kind].items()) {
        if (!roles.is_object())
          continue;
        for (const auto& [role, hash] : roles.items())
          checkFile(folder / (check.label + "_" + op + "_" + role + ".npy"), hash,
                    member(metadata["shapes"], op, role), check, hashed);
      }
    }
    bytes_hashed += hashed;
    if (options.regenerate && !metadata.is_null()) {
      const torchscript::SweepTensors drawn = torchscript::computeSweepCase(
          config.settings, channels, dtype, /*inputs_only=*/true, options.threads);
      for (const auto& [name, tensor] : drawn) {
        const auto [op, role] = sweepTensorRole(name);
        const Json& expected = member(metadata["input_hashes"], op, role);
        if (!expected.is_string() ||
            sha256Hex(tensor.bytes.data(), tensor.bytes.size()) != expected.get<std::string>())
          check.problems.push_back(check.label + "_" + name +
                                   ".npy: this machine draws other values from config.json");
      }
    }
    return check;
  };
  // Hashing is CPU-bound and each case is independent: one case per core. Regenerating runs
  // libtorch, whose thread count is process-wide, so it goes one case at a time.
  const unsigned threads =
      options.regenerate ? 1u : std::max(1u, std::thread::hardware_concurrency());
  inParallelInOrder(cases.size(), threads, checkCase, [&](GoldenCheck& check) {
    ++totals.checks;
    totals.failed += check.passed() ? 0 : 1;
    if (on_check)
      on_check(check);
  });
  totals.bytes_hashed += bytes_hashed;
}

void verifyModel(const std::filesystem::path& directory,
                 const std::function<void(const GoldenCheck&)>& on_check,
                 GoldenVerification& totals) {
  const Json metadata = readJsonFile(directory / "metadata.json");
  for (const char* kind : {"input_hashes", "output_hashes", "node_hashes"}) {
    if (!metadata.contains(kind))
      continue;
    if (!metadata[kind].is_object())
      throw LoadError((directory / "metadata.json").string(),
                      std::string(kind) + ": expected an object");
    const bool nodes = std::string(kind) == "node_hashes";
    for (const auto& [key, hash] : metadata[kind].items()) {
      GoldenCheck check;
      check.label = nodes ? "nodes/" + key : key;
      const std::filesystem::path file =
          nodes ? directory / "nodes" / npyFileNameFor(key) : directory / (key + ".npy");
      const Json& shape = metadata.contains("shapes") && metadata["shapes"].is_object() &&
                                  metadata["shapes"].contains(key)
                              ? metadata["shapes"][key]
                              : Json();
      checkFile(file, hash, shape, check, totals.bytes_hashed);
      ++totals.checks;
      totals.failed += check.passed() ? 0 : 1;
      if (on_check)
        on_check(check);
    }
  }
}

} // namespace

GoldenVerification verifyGoldenFolder(const std::filesystem::path& directory,
                                      const GoldenVerifyOptions& options,
                                      const std::function<void(const GoldenCheck&)>& on_check) {
  if (!std::filesystem::is_directory(directory))
    throw LoadError(directory.string(), "no such folder");
  const auto start = std::chrono::steady_clock::now();
  GoldenVerification totals;
  if (std::filesystem::exists(directory / "config.json")) {
    totals.sweep = true;
    verifySweep(directory, options, on_check, totals);
  } else if (std::filesystem::exists(directory / "metadata.json")) {
    verifyModel(directory, on_check, totals);
  } else {
    throw LoadError(directory.string(), "is no golden folder: it has neither config.json (a sweep) "
                                        "nor metadata.json (a model's golden data)");
  }
  totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return totals;
}

} // namespace irscope::io
