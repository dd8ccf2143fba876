#pragma once
// How far a set of paths (module chains, from the root down) agree from their start: the depth of
// the deepest group that holds them all.
#include <cstddef>
#include <vector>

namespace irscope::ir {

// 0 for no paths, or when the first elements already differ.
template <typename T> size_t commonPrefixLength(const std::vector<std::vector<T>>& paths) {
  if (paths.empty())
    return 0;
  size_t common = paths.front().size();
  for (const auto& path : paths) {
    size_t same = 0;
    while (same < common && same < path.size() && path[same] == paths.front()[same])
      ++same;
    common = same;
  }
  return common;
}

} // namespace irscope::ir
