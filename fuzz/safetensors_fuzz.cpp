// .safetensors files: readSafetensors. Bad input must give a LoadError whose message is one
// line naming the file.
#include "fuzz/fuzz_support.h"
#include "io/load_error.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  static const std::filesystem::path path = fuzz::scratchDir() / "input.safetensors";
  fuzz::writeFile(path, data, size);
  try {
    const io::SafetensorsFile file = io::readSafetensors(path);
    (void)file;
  } catch (const io::LoadError& error) {
    fuzz::requireOneLine("safetensors", error.what(), path.string() + ": ");
  } catch (...) {
    fuzz::unexpectedException("safetensors", std::current_exception());
  }
  return 0;
}
