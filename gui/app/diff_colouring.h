#pragma once
// A comparison's colours: each box by its change class (same grey, changed amber, added green,
// removed red), with a legend of the classes, and dashed ghost boxes in B's diagram for the
// nodes only A has, placed beside the partners of their neighbours.
#include "core/graph_diff.h"
#include "gui/app/model_comparison.h"
#include "gui/render/ghost_boxes.h"
#include "gui/render/heat_map.h"

#include <QColor>
#include <QIcon>
#include <QString>
#include <vector>

namespace irscope::app {

QColor changeColor(ir::ChangeClass change);
// "same", "changed", "added", "removed", for people.
QString changeClassLabel(ir::ChangeClass change);
QIcon changeIcon(ir::ChangeClass change);

// One side's items by class: an op by its node's, a collapsed group by its nodes' (the one
// class of its changes, or changed when they are of several). With `ghost_swatch`, the legend
// says that dashed boxes are removed nodes.
render::HeatMap colourByChange(const ModelComparison& comparison, DiffSide side,
                               bool ghost_swatch = false);

// A ghost box in B's diagram for every node only A has: between the partners of its nearest
// paired producers and consumers, moved aside until it covers no box. `entries` gets the diff
// entry of each ghost.
std::vector<render::GhostBox> removedNodeGhosts(const ModelComparison& comparison,
                                                std::vector<int>* entries = nullptr);

} // namespace irscope::app
