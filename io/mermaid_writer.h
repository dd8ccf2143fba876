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

// torch_ir's generate_op_distribution_pie: a Mermaid pie of the `top_n` most used ops (short
// names, most nodes first, ties in order of first use) and "Others" for the rest.
std::string writeOpDistributionPie(const ir::Graph& graph, size_t top_n = 10);

} // namespace irscope::io
