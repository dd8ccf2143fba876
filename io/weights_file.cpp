#include "io/weights_file.h"

#include "core/torch/state_dict.h"
#include "io/exported_program.h"
#include "io/input_file.h"
#include "io/safetensors.h"

namespace irscope::io {

NamedTensors readWeightsFile(const std::filesystem::path& path) {
  if (isExportedProgramArchive(path))
    return readExportedProgramWeights(path);
  if (isZipArchive(path))
    return torchscript::readStateDict(path);
  return readSafetensors(path).tensors;
}

std::string modelStem(const std::filesystem::path& model) {
  std::filesystem::path stem = model.stem();
  if (stem.has_extension() && stem.extension() == ".ts")
    stem = stem.stem();
  return stem.string();
}

std::filesystem::path weightsBeside(const std::filesystem::path& model) {
  const std::string stem = modelStem(model);
  for (const char* suffix : {".safetensors", ".state_dict.pt"}) {
    const std::filesystem::path candidate = model.parent_path() / (stem + suffix);
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error))
      return candidate;
  }
  return {};
}

} // namespace irscope::io
