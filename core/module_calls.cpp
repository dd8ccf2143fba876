#include "core/module_calls.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace irscope::ir {
namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> parts;
  if (path.empty())
    return parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos)
      return parts;
    start = dot + 1;
  }
}

} // namespace

std::string withoutRunNumbers(const std::string& path) {
  std::string result;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    std::string segment = path.substr(start, dot == std::string::npos ? dot : dot - start);
    const size_t at = segment.rfind('@');
    if (at != std::string::npos && at + 1 < segment.size() &&
        std::all_of(segment.begin() + static_cast<long>(at) + 1, segment.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      segment.resize(at);
    result += (result.empty() ? "" : ".") + segment;
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  return result;
}

void numberRepeatedModuleCalls(Graph& graph) {
  // Keyed by the path with its ancestors' call numbers, so that the children of a block's
  // second run count their runs within that run.
  std::map<std::string, int> runs;
  std::vector<std::string> previous; // the previous node's numbered prefixes, by depth
  std::vector<std::string> previous_raw;
  for (Node& node : graph.nodes) {
    const std::vector<std::string> parts = segments(node.module_path);
    std::vector<std::string> numbered;
    std::vector<std::string> raw;
    std::string numbered_path;
    std::string raw_path;
    bool continuing = true;
    for (size_t depth = 0; depth < parts.size(); ++depth) {
      raw_path += (depth ? "." : "") + parts[depth];
      const std::string parent = numbered_path;
      continuing = continuing && depth < previous_raw.size() && previous_raw[depth] == raw_path;
      if (continuing) {
        numbered_path = previous[depth];
      } else {
        const int run = ++runs[parent + "/" + parts[depth]];
        numbered_path +=
            (depth ? "." : "") + parts[depth] + (run > 1 ? "@" + std::to_string(run) : "");
      }
      numbered.push_back(numbered_path);
      raw.push_back(raw_path);
    }
    node.module_path = numbered_path;
    previous = std::move(numbered);
    previous_raw = std::move(raw);
  }
}

} // namespace irscope::ir
