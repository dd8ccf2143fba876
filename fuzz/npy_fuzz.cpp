// .npy files: readNpy and npyDataSha256, which share the header reader and must agree.
// Bad input must give a LoadError whose message is one line naming the file.
#include "fuzz/fuzz_support.h"
#include "io/load_error.h"
#include "io/npy.h"

#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  static const std::filesystem::path path = fuzz::scratchDir() / "input.npy";
  const std::string prefix = path.string() + ": ";
  fuzz::writeFile(path, data, size);
  std::optional<io::TensorData> tensor;
  try {
    tensor = io::readNpy(path);
  } catch (const io::LoadError& error) {
    fuzz::requireOneLine("npy", error.what(), prefix);
  } catch (...) {
    fuzz::unexpectedException("npy", std::current_exception());
  }
  try {
    const io::NpyDigest digest = io::npyDataSha256(path);
    if (!tensor)
      fuzz::bug("npy", "npyDataSha256 read a file that readNpy refused");
    if (digest.dtype != tensor->dtype || digest.shape != tensor->shape ||
        digest.data_bytes != tensor->bytes.size())
      fuzz::bug("npy", "npyDataSha256 and readNpy disagree on the array");
  } catch (const io::LoadError& error) {
    fuzz::requireOneLine("npy", error.what(), prefix);
    if (tensor)
      fuzz::bug("npy",
                "npyDataSha256 refused a file that readNpy read: " + std::string(error.what()));
  } catch (...) {
    fuzz::unexpectedException("npy", std::current_exception());
  }
  return 0;
}
