#pragma once
// Layouts cached by the content hash of what was laid out: in memory, per dot run, so that
// expanding one group lays out only what changed; and on disk, per whole diagram, so that
// reopening a model is instant. The disk cache lives under $XDG_CACHE_HOME/irscope/layouts.
#include "layout/box_graph.h"

#include <cstdint>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace irscope::layout {

// A 64-bit hash (FNV-1a) of everything that determines a layout.
uint64_t layoutKey(const BoxGraph& graph, const DotSettings& settings);

class LayoutCache {
public:
  // An empty `disk_dir` keeps the cache in memory only.
  explicit LayoutCache(std::filesystem::path disk_dir = {}, size_t memory_entries = 8192);

  // The process-wide cache, on disk under the XDG cache directory (memory only if that cannot
  // be made, or when IRSCOPE_NO_DISK_CACHE is set).
  static LayoutCache& shared();

  std::optional<BoxLayout> find(uint64_t key, bool look_on_disk);
  void store(uint64_t key, const BoxLayout& layout, bool write_to_disk);

  struct Stats {
    size_t memory_hits = 0;
    size_t disk_hits = 0;
    size_t misses = 0;
  };
  Stats stats() const;

private:
  std::filesystem::path fileFor(uint64_t key) const;
  void remember(uint64_t key, const BoxLayout& layout); // caller holds mutex_

  std::filesystem::path disk_dir_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::pair<uint64_t, BoxLayout>> entries_; // most recently used first
  std::unordered_map<uint64_t, std::list<std::pair<uint64_t, BoxLayout>>::iterator> index_;
  Stats stats_;
};

} // namespace irscope::layout
