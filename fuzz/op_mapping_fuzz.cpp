// Operator-mapping files (resources/mappings/ttnn.json's schema): parseOpMapping, the reader
// behind readOpMappingFile and --mapping. Bad input must give a LoadError whose message is one
// line naming the source.
#include "fuzz/fuzz_support.h"
#include "io/load_error.h"
#include "io/op_mapping_file.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  const std::string source = "fuzz_mapping.json";
  try {
    const ir::OpMapping mapping =
        io::parseOpMapping(std::string_view(reinterpret_cast<const char*>(data), size), source);
    (void)mapping;
  } catch (const io::LoadError& error) {
    fuzz::requireOneLine("op_mapping", error.what(), source + ": ");
  } catch (...) {
    fuzz::unexpectedException("op_mapping", std::current_exception());
  }
  return 0;
}
