#include "core/dtype.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(Dtype, KnowsElementSizes) {
  EXPECT_EQ(dtypeSize("float32"), 4u);
  EXPECT_EQ(dtypeSize("bfloat16"), 2u);
  EXPECT_EQ(dtypeSize("int64"), 8u);
  EXPECT_EQ(dtypeSize("bool"), 1u);
  EXPECT_EQ(dtypeSize("mystery"), std::nullopt);
}

TEST(Dtype, AcceptsPythonSpellings) {
  EXPECT_EQ(canonicalDtype("torch.float32"), "float32");
  EXPECT_EQ(canonicalDtype("torch.long"), "int64");
  EXPECT_EQ(dtypeSize("torch.half"), 2u);
  EXPECT_EQ(canonicalDtype("float16"), "float16");
}

} // namespace
} // namespace irscope::ir
