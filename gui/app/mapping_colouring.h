#pragma once
// "Colour by: Target Mapping": each op's box by how its op maps to the target (converted green,
// removed grey, fallback orange, unmapped purple), each collapsed group's box by the share of
// the ops inside it that map (converted or removed), on the share ramp. Needs no run.
#include "core/op_mapping.h"
#include "gui/app/model_document.h"
#include "gui/app/model_mapping.h"
#include "gui/render/heat_map.h"

#include <QColor>
#include <QIcon>
#include <QString>
#include <optional>
#include <vector>

namespace irscope::app {

// The fill of each class; converted and fallback are the ends of render::shareColor's ramp.
QColor mappingColor(ir::CoverageClass coverage);
// "converted", "removed", "fallback", "unmapped"; "decomposed" for a converted op whose entry
// lowers it to several target ops.
QString mappingClassName(ir::CoverageClass coverage, const ir::OpMappingEntry* entry = nullptr);
// A small swatch of the class's colour, for rows that name a class.
QIcon mappingIcon(ir::CoverageClass coverage);

// Each collapsed group item's share of ops that map, from 0 to 1; nullopt for every other
// item, and for a group holding no op (getitem is none).
std::vector<std::optional<double>> groupMappedShares(const ModelDocument& document,
                                                     const ModelMapping& mapping);

render::HeatMap colourByMapping(const ModelDocument& document, const ModelMapping& mapping);

} // namespace irscope::app
