#include "io/files_beside_model.h"

#include "io/weights_file.h"

#include <string>
#include <system_error>

namespace irscope::io {

namespace fs = std::filesystem;

namespace {

bool isFile(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

std::vector<fs::path> numbered(const fs::path& model, const std::string& stem,
                               const std::string& kind) {
  std::vector<fs::path> files;
  for (size_t i = 0;; ++i) {
    fs::path file = model.parent_path() / (stem + "." + kind + std::to_string(i) + ".npy");
    if (!isFile(file))
      return files;
    files.push_back(std::move(file));
  }
}

} // namespace

FilesBesideModel filesBesideModel(const fs::path& model) {
  const std::string stem = modelStem(model);
  FilesBesideModel found;
  found.inputs = numbered(model, stem, "in");
  found.outputs = numbered(model, stem, "out");
  for (const char* suffix : {".ts.pt", ".pt"}) {
    const fs::path candidate = model.parent_path() / (stem + suffix);
    std::error_code error;
    if (isFile(candidate) && !fs::equivalent(candidate, model, error)) {
      found.torchscript = candidate;
      break;
    }
  }
  const fs::path golden = model.parent_path() / (stem + ".golden");
  if (isFile(golden / "metadata.json"))
    found.golden_folder = golden;
  return found;
}

} // namespace irscope::io
