#include "core/node.h"

namespace irscope::ir {

bool operator==(const Node& a, const Node& b) {
  return a.name == b.name && a.op_type == b.op_type && a.inputs == b.inputs &&
         a.outputs == b.outputs && a.attrs == b.attrs && a.module_path == b.module_path &&
         a.module_type == b.module_type && a.stack_trace == b.stack_trace && a.extra == b.extra;
}

} // namespace irscope::ir
