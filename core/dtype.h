#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace irscope::ir {

// torch_ir writes dtypes as strings ("float32", "bfloat16", ...). Some writers use Python's
// str(torch.float32) = "torch.float32"; both spellings name the same dtype.
std::string_view canonicalDtype(std::string_view dtype);

// Bytes per element, or nullopt for a dtype irscope does not know.
std::optional<size_t> dtypeSize(std::string_view dtype);

} // namespace irscope::ir
