// Issue 21's "done when" on a real extraction: nn.TransformerDecoder's 48 layers, built in the
// zoo and extracted from TorchScript, draw with no edge from the shared `memory` input taller
// than one layer, because each layer reads it from a stub of its own.
#include "core/module_tree.h"
#include "core/topology.h"
#include "layout/default_view.h"
#include "layout/diagram.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace irscope {
namespace {

double verticalExtent(const layout::EdgePath& path) {
  double top = path.tip.y, bottom = path.tip.y;
  for (const layout::Point& p : path.points) {
    top = std::min(top, p.y);
    bottom = std::max(bottom, p.y);
  }
  return bottom - top;
}

TEST(Decoder48, NoEdgeFromMemorySpansMoreThanALayer) {
  const testing::TempDir directory;
  const ir::Graph graph =
      testing::zoo::extractZooModel(testing::zoo::transformerDecoder(48), directory.path()).graph;
  const ir::Topology topology = ir::buildTopology(graph);
  ASSERT_EQ(graph.inputs.size(), 2u);
  ASSERT_EQ(graph.inputs[1].name, "memory");
  // The case the issue describes: every layer's cross-attention reads memory (k and v).
  const auto& reads = topology.input_consumers[1];
  ASSERT_GE(reads.size(), 96u);

  const ir::ModuleTree modules = layout::displayGroups(graph, topology);
  for (const bool expanded : {false, true}) {
    SCOPED_TRACE(expanded ? "everything expanded" : "as the model opens");
    layout::DiagramOptions options = layout::defaultDiagramOptions(graph, &modules);
    if (expanded)
      options = {};
    const layout::Diagram diagram = layout::buildDiagram(graph, topology, modules, options);

    // One layer's height: the smallest decoder layer as drawn, frame or collapsed box.
    double layer = 1e300;
    for (const layout::DiagramFrame& frame : diagram.frames) {
      if (modules.groups[frame.group].type == "TransformerDecoderLayer")
        layer = std::min(layer, frame.box.height);
    }
    for (const layout::DiagramItem& item : diagram.items) {
      if (item.kind == layout::ItemKind::CollapsedGroup &&
          modules.groups[item.group].type == "TransformerDecoderLayer")
        layer = std::min(layer, item.box.height);
    }
    ASSERT_LT(layer, 1e300);

    int memory = -1;
    for (size_t i = 0; i < diagram.items.size(); ++i) {
      if (diagram.items[i].kind == layout::ItemKind::GraphInput &&
          diagram.items[i].lines.front() == "memory")
        memory = static_cast<int>(i);
    }
    ASSERT_GE(memory, 0);
    const std::vector<int> stubs = layout::stubsOf(diagram, memory);
    EXPECT_EQ(stubs.size(), 48u); // one per layer
    size_t from_memory = 0;
    for (const layout::DiagramEdge& edge : diagram.edges) {
      if (edge.from != memory && std::find(stubs.begin(), stubs.end(), edge.from) == stubs.end())
        continue;
      ++from_memory;
      EXPECT_LE(verticalExtent(edge.path), layer)
          << "memory into " << diagram.items[edge.to].lines.front();
    }
    EXPECT_GE(from_memory, 48u);
  }
}

} // namespace
} // namespace irscope
