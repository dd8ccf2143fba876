// torch.export archives (.pt2) from memory: the zip reader, the layout's headers, the exported
// program's JSON and the weights (raw storages through their config, torch.save files through
// the plugin), as readExportedProgram and readExportedProgramWeights read them from a file. Bad
// input must give a LoadError whose message is one line naming the source.
#include "fuzz/fuzz_support.h"
#include "io/exported_program.h"
#include "io/load_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  const std::string source = "fuzz.pt2";
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (bool weights : {false, true}) {
    try {
      if (weights)
        (void)io::readExportedProgramWeightsBytes(bytes, source);
      else
        (void)io::readExportedProgramBytes(bytes, source);
    } catch (const io::LoadError& error) {
      fuzz::requireOneLine("pt2", error.what(), source + ": ");
    } catch (...) {
      fuzz::unexpectedException("pt2", std::current_exception());
    }
  }
  return 0;
}
