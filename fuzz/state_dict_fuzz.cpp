// torch.save state_dict files: readStateDict, through the loader that dlopens
// libirscope_torch.so (libtorch's zip reader and unpickler). Bad input must give an
// ExtractionError whose message is one line naming the file.
#include "core/torch/extraction_error.h"
#include "core/torch/state_dict.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  static const std::filesystem::path path = fuzz::scratchDir() / "input.state_dict.pt";
  fuzz::writeFile(path, data, size);
  try {
    const auto tensors = torchscript::readStateDict(path);
    (void)tensors;
  } catch (const torchscript::ExtractionError& error) {
    fuzz::requireOneLine("state_dict", error.what(), path.string() + ": ");
  } catch (...) {
    fuzz::unexpectedException("state_dict", std::current_exception());
  }
  return 0;
}
