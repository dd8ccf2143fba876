#include "gui/render/palette.h"

namespace irscope::render {

QColor categoryColor(ir::OpCategory category) {
  switch (category) {
  case ir::OpCategory::Convolution:
    return QColor(0x9c, 0xc3, 0xe6); // blue
  case ir::OpCategory::MatMul:
    return QColor(0xb4, 0xa7, 0xd6); // violet
  case ir::OpCategory::Normalization:
    return QColor(0xa8, 0xd8, 0xb0); // green
  case ir::OpCategory::Activation:
    return QColor(0xf4, 0xb9, 0x8c); // orange
  case ir::OpCategory::Elementwise:
    return QColor(0xf2, 0xe0, 0x8f); // yellow
  case ir::OpCategory::Shape:
    return QColor(0xdd, 0xdd, 0xdd); // grey: bookkeeping, not compute
  case ir::OpCategory::Reduction:
    return QColor(0x9f, 0xd9, 0xd6); // teal
  case ir::OpCategory::Pooling:
    return QColor(0xc5, 0xd9, 0x8f); // olive
  case ir::OpCategory::Attention:
    return QColor(0xef, 0x9a, 0xa8); // rose
  case ir::OpCategory::Other:
    break;
  }
  return QColor(0xf5, 0xf5, 0xf5);
}

QColor kindColor(layout::ItemKind kind) {
  switch (kind) {
  case layout::ItemKind::GraphInput:
    return QColor(0xc8, 0xee, 0xc8);
  case layout::ItemKind::GraphOutput:
    return QColor(0xf6, 0xcc, 0xcc);
  case layout::ItemKind::Weight:
  case layout::ItemKind::Constant:
    return QColor(0xfb, 0xf4, 0xdc);
  case layout::ItemKind::CollapsedGroup:
    return QColor(0xe4, 0xea, 0xf4);
  case layout::ItemKind::Stub: // a port, not a box: pale, so that it reads as a reference
    return QColor(0xfa, 0xfb, 0xfd);
  case layout::ItemKind::Op:
    break;
  }
  return Qt::white;
}

} // namespace irscope::render
