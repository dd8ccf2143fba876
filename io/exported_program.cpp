#include "io/exported_program.h"

#include "io/load_error.h"

// Placeholder bodies: the reader lands in the next commits; until then every call says so.
namespace irscope::io {

bool isExportedProgramArchive(const std::filesystem::path&) {
  return false;
}

ir::Graph readExportedProgram(const std::filesystem::path& path) {
  throw LoadError(path.string(), "torch.export archives are not readable yet");
}

std::vector<std::pair<std::string, ir::TensorData>>
readExportedProgramWeights(const std::filesystem::path& path) {
  throw LoadError(path.string(), "torch.export archives are not readable yet");
}

std::vector<ir::TensorData> readExportedProgramExampleInputs(const std::filesystem::path& path) {
  throw LoadError(path.string(), "torch.export archives are not readable yet");
}

} // namespace irscope::io
