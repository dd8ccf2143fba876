#pragma once
#include "core/json.h"
#include "core/op_name.h"
#include "core/tensor.h"

#include <string>
#include <vector>

namespace irscope::ir {

struct Node {
  std::string name;
  std::string op_type; // "aten.<op>.<overload>", or kGetItemOp
  std::vector<Tensor> inputs;
  std::vector<Tensor> outputs;
  Json attrs = Json::object(); // every non-tensor argument by schema name; any JSON value
  // Where the op sits in the model, e.g. "layer1.0.conv1" of class "Conv2d". Stored under the
  // extra keys module_path/module_type, which the Python reader ignores. Empty when unknown.
  std::string module_path;
  std::string module_type;
  // The Python source lines that produced the op, innermost call last, as torch.export records
  // them ("  File \"/src/model.py\", line 64, in forward\n    x = self.conv1(x)\n"). Stored
  // under the extra key stack_trace. Empty when unknown.
  std::string stack_trace;
  Json extra;

  bool isGetItem() const { return op_type == kGetItemOp; }
};

bool operator==(const Node& a, const Node& b);
inline bool operator!=(const Node& a, const Node& b) {
  return !(a == b);
}

} // namespace irscope::ir
