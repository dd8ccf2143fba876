// Input shapes as users type them ("1x3x224x224", "1x16:int64"): parseInputSpec. Bad text must
// give a one-line std::invalid_argument that quotes it; good text must survive
// formatInputSpec and parse back to the same spec.
#include "core/input_spec.h"
#include "fuzz/fuzz_support.h"

#include <cstring>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace irscope;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const ir::InputSpec spec = ir::parseInputSpec(text);
    const std::string formatted = ir::formatInputSpec(spec);
    const ir::InputSpec again = ir::parseInputSpec(formatted);
    if (again.shape != spec.shape || again.dtype != spec.dtype)
      fuzz::bug("input_spec", "'" + formatted + "' does not parse back to the same spec");
  } catch (const std::invalid_argument& error) {
    fuzz::requireOneLine("input_spec", error.what(), "input shape '");
    // The message quotes the whole text (a NUL in it once cut what() short).
    if (std::strlen(error.what()) < std::strlen("input shape '") + size)
      fuzz::bug("input_spec",
                std::string("the message does not quote the whole text: ") + error.what());
  } catch (...) {
    fuzz::unexpectedException("input_spec", std::current_exception());
  }
  return 0;
}
