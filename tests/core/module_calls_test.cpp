#include "core/module_calls.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

std::vector<std::string> numbered(const std::vector<std::string>& paths) {
  Graph graph;
  for (size_t i = 0; i < paths.size(); ++i) {
    Node node;
    node.name = "n" + std::to_string(i);
    node.module_path = paths[i];
    graph.nodes.push_back(node);
  }
  numberRepeatedModuleCalls(graph);
  std::vector<std::string> result;
  for (const Node& node : graph.nodes)
    result.push_back(node.module_path);
  return result;
}

TEST(ModuleCalls, ContiguousOpsOfOneModuleStayOneCall) {
  EXPECT_EQ(numbered({"a", "a", "b.x", "b.y", ""}),
            (std::vector<std::string>{"a", "a", "b.x", "b.y", ""}));
}

TEST(ModuleCalls, AModuleRunAgainLaterIsASecondCall) {
  // A residual block that applies its ReLU after bn1 and again after the add.
  EXPECT_EQ(numbered({"blk.relu", "blk.conv2", "blk", "blk.relu"}),
            (std::vector<std::string>{"blk.relu", "blk.conv2", "blk", "blk.relu@2"}));
}

TEST(ModuleCalls, CallsInALoopAreNumberedInOrder) {
  EXPECT_EQ(numbered({"cell", "", "cell", "", "cell"}),
            (std::vector<std::string>{"cell", "", "cell@2", "", "cell@3"}));
}

TEST(ModuleCalls, ChildrenOfASecondCallCountWithinIt) {
  // The same encoder run twice back to back reads as one run of enc; its children still split.
  EXPECT_EQ(numbered({"enc.conv", "enc.fc", "enc.conv", "enc.fc"}),
            (std::vector<std::string>{"enc.conv", "enc.fc", "enc.conv@2", "enc.fc@2"}));
}

} // namespace
} // namespace irscope::ir
