#pragma once
#include "core/op_category.h"
#include "layout/diagram.h"

#include <QColor>

namespace irscope::render {

// Fill colours by op category: distinct hues, light enough for dark text.
QColor categoryColor(ir::OpCategory category);

// Fill colours of the items that are not ops.
QColor kindColor(layout::ItemKind kind);

} // namespace irscope::render
