#pragma once
// A graph with as many boxes, frames and links as a layout cache file claims (when it claims
// few), so that a layout that reads back intact also passes the cache's check that it fits the
// graph it is asked for. This peeks at the format (version, bounds, then counted vectors of
// boxes, frames and link labels); if the format changes, only how deep the fuzzer gets suffers.
#include "layout/box_graph.h"

#include <cstdint>
#include <cstring>
#include <optional>

namespace irscope::fuzz {

inline layout::BoxGraph graphClaimedBy(const uint8_t* data, size_t size) {
  layout::BoxGraph graph;
  size_t at = sizeof(uint32_t) + sizeof(layout::Rect);
  auto count = [&](size_t item_size) -> std::optional<uint64_t> {
    uint64_t n = 0;
    if (at > size || size - at < sizeof n)
      return std::nullopt;
    std::memcpy(&n, data + at, sizeof n);
    if (n > 10000)
      return std::nullopt;
    at += sizeof n + n * item_size;
    return n;
  };
  const auto boxes = count(sizeof(layout::Rect));
  const auto frames = boxes ? count(sizeof(layout::Rect)) : std::nullopt;
  const auto links = frames ? count(sizeof(layout::Point)) : std::nullopt;
  if (!links)
    return graph;
  graph.boxes.resize(*boxes);
  graph.frames.resize(*frames);
  graph.links.resize(*links);
  return graph;
}

} // namespace irscope::fuzz
