#pragma once
// The Python source lines torch.export records for each op (a node's stack_trace), as frames a
// viewer can list: "torchvision/models/mobilenetv3.py:256 in _scale".
#include <string>
#include <vector>

namespace irscope::ir {

struct SourceFrame {
  std::string file; // as recorded: "/usr/lib/python3/dist-packages/torchvision/models/x.py"
  int line = 0;
  std::string function; // "forward"
  std::string code;     // the source line, stripped: "x = self.conv1(x)"; may be empty
};

// Python's traceback text ("  File \"F\", line N, in FN\n    CODE\n" per frame), outermost
// first as recorded. Lines that fit no frame are skipped; never throws.
std::vector<SourceFrame> parseStackTrace(const std::string& stack_trace);

// The file as a reader knows it: from the package down when it sits in site-packages or
// dist-packages ("torchvision/models/mobilenetv3.py"), else its last three path segments.
std::string shortSourcePath(const std::string& file);

// "torchvision/models/mobilenetv3.py:256 in _scale".
std::string describeFrame(const SourceFrame& frame);

} // namespace irscope::ir
