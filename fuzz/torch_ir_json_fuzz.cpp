// torch_ir IR JSON: parseTorchIrJson, the reader behind readTorchIrFile, and then checkModel,
// the validation and topology every opened model goes through (openModel). Bad input must give
// a LoadError whose message is one line naming the source.
#include "fuzz/fuzz_support.h"
#include "io/load_error.h"
#include "io/model_file.h"
#include "io/torch_ir_reader.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  const std::string source = "fuzz.json";
  try {
    ir::Graph graph =
        io::parseTorchIrJson(std::string_view(reinterpret_cast<const char*>(data), size), source);
    const io::OpenedModel opened = io::checkModel(std::move(graph), source);
    (void)opened;
  } catch (const io::LoadError& error) {
    fuzz::requireOneLine("torch_ir_json", error.what(), source + ": ");
  } catch (...) {
    fuzz::unexpectedException("torch_ir_json", std::current_exception());
  }
  return 0;
}
