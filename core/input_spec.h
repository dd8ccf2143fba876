#pragma once
// An example input described by shape and dtype, as users type it: "1x3x224x224" or
// "1x128:int64". Extraction runs the model on seeded random tensors of these shapes.
#include "core/shape.h"

#include <string>
#include <string_view>

namespace irscope::ir {

struct InputSpec {
  Shape shape;
  std::string dtype = "float32";
};

// Throws std::invalid_argument with a message that quotes the text and says what is wrong.
InputSpec parseInputSpec(std::string_view text);

// The inverse of parseInputSpec; the dtype is left out when it is float32.
std::string formatInputSpec(const InputSpec& spec);

} // namespace irscope::ir
