#pragma once
// The precompiled header of irscope_torch: libtorch's headers cost ~10 s per translation unit,
// so every file of this target shares one compiled copy.
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/script.h>
