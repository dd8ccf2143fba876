#pragma once
#include "core/graph.h"
#include "core/topology.h"
#include "io/diagram_options.h"

#include <string>

namespace irscope::io {

// A Graphviz DOT digraph of the graph: one box per op labelled with its op and output shape,
// edges labelled with tensor shapes, graph inputs and outputs as ellipses, and weights and
// constants as dashed side inputs. The text is plain DOT that the `dot` program accepts.
std::string writeDot(const ir::Graph& graph, const ir::Topology& topology,
                     const DiagramOptions& options);

} // namespace irscope::io
