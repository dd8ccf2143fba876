#pragma once
// golden_data.pt as step 1.1 of seed 000 saves it, torch.save({"input": x, "output": y}), which
// Python's torch.load reads back. Free of libtorch types.
#include "core/tensor_data.h"

#include <string>
#include <vector>

namespace irscope::torchscript {

// The file's bytes. "input" and "output" hold one tensor when there is one, else a list, in the
// dtypes given (bfloat16 stays bfloat16 here, unlike in .npy files). Throws ExtractionError.
std::string goldenDataFile(const std::vector<ir::TensorData>& inputs,
                           const std::vector<ir::TensorData>& outputs);

} // namespace irscope::torchscript
