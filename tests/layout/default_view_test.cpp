// How a model first opens, the same in the window and in `irscope-cli render`.
#include "io/model_file.h"
#include "layout/default_view.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

// encoder24's weights name one top-level module, the `layers` ModuleList: one box would say
// nothing, so it opens on its 24 layers.
TEST(DefaultView, ALoneTopLevelGroupOpensOnItsChildren) {
  const io::OpenedModel model = io::openModel(testing::dataDir() / "torch_ir" / "encoder24.json");
  const ir::ModuleTree modules = displayGroups(model.graph, model.topology);
  const DiagramOptions options = defaultDiagramOptions(model.graph, &modules);
  EXPECT_EQ(options.collapse_depth, 1);
  ASSERT_EQ(options.expanded_groups.size(), 1u);
  EXPECT_EQ(modules.groups[static_cast<size_t>(*options.expanded_groups.begin())].name, "layers");
  const Diagram diagram = buildDiagram(model.graph, model.topology, modules, options);
  size_t boxes = 0;
  for (const DiagramItem& item : diagram.items) {
    EXPECT_NE(item.kind, ItemKind::Op) << item.lines[0]; // every op is inside a layer
    boxes += item.kind == ItemKind::CollapsedGroup;
  }
  EXPECT_EQ(boxes, 24u);
  ASSERT_EQ(diagram.frames.size(), 1u);
  EXPECT_EQ(modules.groups[static_cast<size_t>(diagram.frames[0].group)].name, "layers");
}

TEST(DefaultView, SeveralTopLevelGroupsStayClosed) {
  const ir::Graph graph = testing::makeTransformerLikeGraph(400); // derived blocks, no weights'
  const ir::Topology topology = ir::buildTopology(graph);         // paths: not through openModel
  const ir::ModuleTree modules = displayGroups(graph, topology);
  ASSERT_GT(modules.topLevel().size(), 1u);
  const DiagramOptions options = defaultDiagramOptions(graph, &modules);
  EXPECT_EQ(options.collapse_depth, 1);
  EXPECT_TRUE(options.expanded_groups.empty());
}

} // namespace
} // namespace irscope::layout
