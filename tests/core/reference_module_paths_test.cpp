// A torch_ir IR borrows module paths from the reference's own extraction, by tensor name and op.
#include "core/reference_module_paths.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

Graph chain(const std::string& middle_op) {
  testing::GraphBuilder b;
  const auto x = b.input("x", {2});
  const auto a = b.op("relu", "aten.relu.default", {x}, {2});
  b.output(b.op("neg", middle_op, {a}, {2}));
  return b.build();
}

TEST(ReferenceModulePaths, NodesWithoutOneTakeTheReferencesByNameAndOp) {
  Graph reference = chain("aten.neg.default");
  reference.nodes[0].module_path = "block.act";
  reference.nodes[0].module_type = "ReLU";
  reference.nodes[1].module_path = "head";
  Graph ir = chain("aten.neg.default");
  EXPECT_EQ(adoptReferenceModulePaths(ir, reference), 2u);
  EXPECT_EQ(ir.nodes[0].module_path, "block.act");
  EXPECT_EQ(ir.nodes[0].module_type, "ReLU");
  EXPECT_EQ(ir.nodes[1].module_path, "head");
}

TEST(ReferenceModulePaths, AnotherOpOrAPathAlreadyThereIsLeftAlone) {
  Graph reference = chain("aten.neg.default");
  reference.nodes[0].module_path = "block.act";
  reference.nodes[1].module_path = "head";
  Graph ir = chain("aten.exp.default"); // same tensor name "neg", another op
  ir.nodes[0].module_path = "mine";
  EXPECT_EQ(adoptReferenceModulePaths(ir, reference), 0u);
  EXPECT_EQ(ir.nodes[0].module_path, "mine");
  EXPECT_EQ(ir.nodes[1].module_path, "");
}

} // namespace
} // namespace irscope::ir
