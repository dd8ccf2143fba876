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
  // An empty `disk_dir` keeps the cache in memory only. The disk cache keeps to `disk_bytes`,
  // dropping the least recently written layouts first.
  explicit LayoutCache(std::filesystem::path disk_dir = {}, size_t memory_entries = 8192,
                       uint64_t disk_bytes = uint64_t{256} << 20);

  // The process-wide cache, on disk under the XDG cache directory (memory only if that cannot
  // be made, or when IRSCOPE_NO_DISK_CACHE is set).
  static LayoutCache& shared();

  // A layout found is one that fits `graph` (one rectangle per box and frame, one path and label
  // per link, finite numbers): a file on disk is anyone's, and a key may collide.
  std::optional<BoxLayout> find(uint64_t key, const BoxGraph& graph, bool look_on_disk);
  void store(uint64_t key, const BoxLayout& layout, bool write_to_disk);

  struct Stats {
    size_t memory_hits = 0;
    size_t disk_hits = 0;
    size_t misses = 0;
    size_t rejected = 0; // found, but did not fit the graph
    size_t evicted = 0;  // files dropped to keep the disk cache to its size
  };
  Stats stats() const;

private:
  std::filesystem::path fileFor(uint64_t key) const;
  void remember(uint64_t key, const BoxLayout& layout);    // caller holds mutex_
  void writeToDisk(uint64_t key, const BoxLayout& layout); // without mutex_
  void evictIfOver(uint64_t written);                      // without mutex_

  std::filesystem::path disk_dir_;
  size_t capacity_;
  uint64_t disk_capacity_;
  std::mutex disk_mutex_;              // only for the running total of bytes on disk below
  std::optional<uint64_t> disk_bytes_; // counted on the first write
  mutable std::mutex mutex_;
  std::list<std::pair<uint64_t, BoxLayout>> entries_; // most recently used first
  std::unordered_map<uint64_t, std::list<std::pair<uint64_t, BoxLayout>>::iterator> index_;
  Stats stats_;
};

} // namespace irscope::layout
