#pragma once
#include "core/graph.h"
#include "core/topology.h"
#include "io/diagram_options.h"

#include <string>

namespace irscope::io {

// A Mermaid flowchart of the graph, line for line as torch_ir's `visualize` writes it: nodes
// labelled with op and output shape, edges labelled with shapes, weights as dotted side inputs.
std::string writeMermaid(const ir::Graph& graph, const ir::Topology& topology,
                         const DiagramOptions& options);

} // namespace irscope::io
