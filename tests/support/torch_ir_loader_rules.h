#pragma once
// What Python torch_ir's IR.load (IR.from_dict, torch_ir/ir.py; reference_formats.md §1.0)
// needs of a file, checked without Python: it reads only the keys it knows, so a file irscope
// writes may carry more, but the known ones must be there with the types from_dict reads, in
// IR.to_dict's order, and irscope's own top-level keys must come after them.
#include "core/json.h"

#include <string>
#include <vector>

namespace irscope::testing {

// One line per broken rule; empty when IR.load would read the file.
std::vector<std::string> torchIrLoaderViolations(const Json& file);

} // namespace irscope::testing
