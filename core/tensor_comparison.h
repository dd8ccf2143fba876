#pragma once
// Whether two tensors agree, the way torch_ir's verifier decides it (_compare_tensors): both are
// read as floats, diff = |reference - actual|, and they are close when every element satisfies
// diff <= atol + rtol * |actual| (torch.allclose with the IR's output second). NaN is never
// close, as allclose's default equal_nan=False has it.
#include "core/tensor_data.h"

#include <string>

namespace irscope::ir {

struct Tolerance {
  double rtol = 1e-5;
  double atol = 1e-5;
};

struct TensorComparison {
  bool shape_matches = true;
  bool is_close = true;
  // Infinite on a shape mismatch, 0 for empty tensors, NaN when a NaN is compared, as torch's
  // diff.max() and diff.mean() give them.
  double max_diff = 0;
  double mean_diff = 0;
  int64_t mismatched = 0; // elements outside tolerance
  // What the verdict rule (core/verdict.h) needs besides allclose.
  std::string dtype;            // of the two dtypes, the one with less precision
  double pcc = 1;               // numeric_agreement.h's PCC; NaN on a shape mismatch
  bool pcc_applies = false;     // floating point, > 1 finite pair, reference values not all equal
  double reference_max_abs = 0; // the largest |reference| over its finite values
  int64_t new_non_finite = 0;   // NaN or Inf in actual where the reference is finite
};

// Throws std::invalid_argument when either tensor is not numeric.
TensorComparison compareTensors(const TensorData& reference, const TensorData& actual,
                                const Tolerance& tolerance);

} // namespace irscope::ir
