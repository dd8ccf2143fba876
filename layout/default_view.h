#pragma once
// How a model is first shown, the same in the window and in `irscope-cli render`.
#include "core/graph.h"
#include "core/module_tree.h"
#include "core/topology.h"
#include "layout/diagram.h"

#include <cstddef>

namespace irscope::layout {

// Graphs up to this many ops read best flat: derived groups only help once a graph outgrows one
// screen. Larger ones open collapsed to their top-level groups.
inline constexpr size_t kFlatUpTo = 300;

// The groups to draw: the model's module tree, except that a small graph whose groups were
// derived from the dataflow (not read from module paths) gets none.
ir::ModuleTree displayGroups(const ir::Graph& graph, const ir::Topology& topology);

// The options a model opens with. Given its groups, a lone top-level group opens (and so on down
// while a level holds one group): a model that is one ModuleList, as nn.TransformerEncoder's
// `layers`, opens on its layers rather than on one box.
DiagramOptions defaultDiagramOptions(const ir::Graph& graph,
                                     const ir::ModuleTree* modules = nullptr);

} // namespace irscope::layout
