#include "core/op_name.h"
#include "core/shape.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(Shape, CountsElements) {
  EXPECT_EQ(elementCount({1, 3, 224, 224}), 150528);
  EXPECT_EQ(elementCount({}), 1); // a scalar
  EXPECT_EQ(elementCount({4, 0, 2}), 0);
}

TEST(Shape, RejectsNegativeAndOverflowingShapes) {
  EXPECT_EQ(elementCount({2, -1}), std::nullopt);
  EXPECT_EQ(elementCount({int64_t{1} << 40, int64_t{1} << 40}), std::nullopt);
}

TEST(Shape, FormatsLikeTorchIr) {
  EXPECT_EQ(formatShapeCompact({1, 16, 64}), "1x16x64");
  EXPECT_EQ(formatShapeCompact({}), "");
  EXPECT_EQ(formatShapeList({1, 3, 32, 32}), "[1, 3, 32, 32]");
  EXPECT_EQ(formatShapeList({}), "[]");
}

TEST(OpName, DropsNamespaceAndDefaultOverload) {
  EXPECT_EQ(shortOpName("aten.conv2d.default"), "conv2d");
  EXPECT_EQ(shortOpName("aten.add.Tensor"), "add.Tensor");
  EXPECT_EQ(shortOpName("aten.relu_.default"), "relu_");
  EXPECT_EQ(shortOpName("<built-in function getitem>"), "getitem");
  EXPECT_EQ(shortOpName("custom.op"), "custom.op");
}

} // namespace
} // namespace irscope::ir
