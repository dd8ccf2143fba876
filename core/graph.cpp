#include "core/graph.h"

namespace irscope::ir {

bool operator==(const Weight& a, const Weight& b) {
  return a.name == b.name && a.shape == b.shape && a.dtype == b.dtype && a.extra == b.extra;
}

bool operator==(const Constant& a, const Constant& b) {
  return a.name == b.name && a.data == b.data && a.dtype == b.dtype && a.extra == b.extra;
}

bool operator==(const Graph& a, const Graph& b) {
  return a.model_name == b.model_name && a.pytorch_version == b.pytorch_version &&
         a.inputs == b.inputs && a.outputs == b.outputs && a.weights == b.weights &&
         a.weight_name_mapping == b.weight_name_mapping && a.nodes == b.nodes &&
         a.constants == b.constants && a.module_classes == b.module_classes && a.extra == b.extra;
}

} // namespace irscope::ir
