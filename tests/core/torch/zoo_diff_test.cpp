// Graph diff on zoo models as irscope extracts them: every model against itself and against a
// copy whose node names are all shifted (as another exporter's numbering would give), and
// resnet18 against a copy with one conv's padding edited.
#include "core/graph_diff.h"
#include "tests/models/zoo_extraction.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <set>

namespace irscope::ir {
namespace {

namespace zoo = irscope::testing::zoo;

Graph withNamesShifted(Graph graph) {
  std::set<std::string> nodes;
  for (const Node& node : graph.nodes)
    nodes.insert(node.name);
  auto rename = [](const std::string& name) { return "other_" + name; };
  auto fix = [&](Tensor& tensor) {
    if (tensor.producer_node && nodes.count(*tensor.producer_node))
      tensor.producer_node = rename(*tensor.producer_node);
    if (nodes.count(tensor.name))
      tensor.name = rename(tensor.name);
  };
  for (Node& node : graph.nodes) {
    node.name = rename(node.name);
    for (Tensor& tensor : node.inputs)
      fix(tensor);
    for (Tensor& tensor : node.outputs)
      fix(tensor);
  }
  for (Tensor& tensor : graph.outputs)
    fix(tensor);
  return graph;
}

TEST(ZooDiff, EveryModelAgainstItselfAndARenamedCopyIsAllSame) {
  for (const zoo::ZooModel& model : zoo::allModels()) {
    const irscope::testing::TempDir directory;
    const Graph graph = zoo::extractZooModel(model, directory.path()).graph;
    const GraphDiff itself = diffGraphs(graph, graph);
    EXPECT_EQ(itself.node_counts.same, graph.nodes.size()) << model.name;
    const Graph copy = withNamesShifted(graph);
    const GraphDiff renamed = diffGraphs(graph, copy);
    EXPECT_EQ(renamed.node_counts.same, graph.nodes.size()) << model.name;
    EXPECT_EQ(renamed.node_counts.changes(), 0u) << model.name;
    for (const NodeDifference& entry : renamed.nodes) {
      ASSERT_GE(entry.a, 0) << model.name;
      ASSERT_GE(entry.b, 0) << model.name;
      EXPECT_EQ("other_" + graph.nodes[static_cast<size_t>(entry.a)].name,
                copy.nodes[static_cast<size_t>(entry.b)].name)
          << model.name;
    }
  }
}

TEST(ZooDiff, Resnet18WithOneConvsPaddingEditedIsExactlyThatConvChanged) {
  const irscope::testing::TempDir directory;
  const Graph graph = zoo::extractZooModel(zoo::resnet18(), directory.path()).graph;
  Graph edited = withNamesShifted(graph);
  size_t convs = 0;
  std::string target;
  for (Node& node : edited.nodes)
    if (node.op_type == "aten.conv2d.default" && ++convs == 7) {
      node.attrs["padding"] = {3, 3};
      target = node.name;
    }
  ASSERT_FALSE(target.empty());
  const GraphDiff diff = diffGraphs(graph, edited);
  EXPECT_EQ(diff.node_counts.changed, 1u);
  EXPECT_EQ(diff.node_counts.same, graph.nodes.size() - 1);
  for (const NodeDifference& entry : diff.nodes)
    if (entry.change == ChangeClass::Changed) {
      EXPECT_EQ(edited.nodes[static_cast<size_t>(entry.b)].name, target);
    }
}

} // namespace
} // namespace irscope::ir
