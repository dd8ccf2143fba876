#include "core/stack_trace.h"

#include <gtest/gtest.h>

namespace irscope::ir {
namespace {

TEST(StackTrace, ReadsEveryFrameWithItsCodeLine) {
  // TransformerBlock.pt2's first linear, as torch.export recorded it.
  const std::vector<SourceFrame> frames =
      parseStackTrace("  File \"/src/tests/models/attention.py\", line 199, in forward\n"
                      "    attn_out = self.self_attn(x)\n"
                      "  File \"/src/tests/models/attention.py\", line 56, in forward\n"
                      "    q = self.q_proj(x)  # (B, L, d_model)\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].file, "/src/tests/models/attention.py");
  EXPECT_EQ(frames[0].line, 199);
  EXPECT_EQ(frames[0].function, "forward");
  EXPECT_EQ(frames[0].code, "attn_out = self.self_attn(x)");
  EXPECT_EQ(frames[1].line, 56);
  EXPECT_EQ(frames[1].code, "q = self.q_proj(x)  # (B, L, d_model)");
}

TEST(StackTrace, AFrameWithoutCodeAndStrayLinesAreTolerated) {
  const auto frames = parseStackTrace("junk\n  File \"a.py\", line 3, in f\n"
                                      "  File \"b.py\", line x, in g\n");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].file, "a.py");
  EXPECT_EQ(frames[0].code, "File \"b.py\", line x, in g"); // not a frame: taken as a.py's code
  EXPECT_TRUE(parseStackTrace("").empty());
}

TEST(StackTrace, ShortPathsStartAtThePackage) {
  EXPECT_EQ(shortSourcePath("/usr/lib/python3/dist-packages/torchvision/models/mobilenetv3.py"),
            "torchvision/models/mobilenetv3.py");
  EXPECT_EQ(shortSourcePath("/home/u/.venv/lib/python3.11/site-packages/torch/nn/modules/conv.py"),
            "torch/nn/modules/conv.py");
  EXPECT_EQ(shortSourcePath("/src/tests/models/attention.py"), "tests/models/attention.py");
  EXPECT_EQ(shortSourcePath("/a.py"), "a.py");
  EXPECT_EQ(shortSourcePath("model.py"), "model.py");
}

TEST(StackTrace, FramesAreDescribedAsFileLineAndFunction) {
  SourceFrame frame{"/usr/lib/python3/dist-packages/torchvision/models/mobilenetv3.py", 256,
                    "_scale", "scale = self.avgpool(input)"};
  EXPECT_EQ(describeFrame(frame), "torchvision/models/mobilenetv3.py:256 in _scale");
}

} // namespace
} // namespace irscope::ir
