#pragma once
#include "core/json.h"
#include "core/model_summary.h"

#include <string>

namespace irscope::io {

// `info --json`: torch_ir's fields in torch_ir's order, then irscope's additions
// (unique_parameters, parameter_bytes per dtype, total_parameter_bytes).
Json summaryJson(const ir::ModelSummary& summary);

// `info`: the text form of torch_ir's CLI (seed 004, section 10.1) plus parameter bytes.
std::string summaryText(const ir::ModelSummary& summary);

// 1234567 -> "1,234,567", as Python's f"{n:,}" writes it.
std::string withThousandsSeparators(int64_t value);

// 230468 -> "225.1 KiB".
std::string humanBytes(int64_t bytes);

} // namespace irscope::io
