#pragma once
// Counts that come from files (elements, bytes, MACs) saturate at INT64_MAX rather than wrap: a
// file may claim 2^62 elements of 8 bytes, and a total that wrapped would read as small.
#include <cstdint>

namespace irscope::ir {

inline int64_t saturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}

inline int64_t saturatingMultiply(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? INT64_MAX : product;
}

} // namespace irscope::ir
