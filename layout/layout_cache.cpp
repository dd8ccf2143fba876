#include "layout/layout_cache.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace irscope::layout {

namespace {

constexpr uint32_t kFormatVersion = 3; // bump when BoxLayout or dot's use changes

class Hasher {
public:
  template <typename T> void add(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* bytes = reinterpret_cast<const unsigned char*>(&value);
    for (size_t i = 0; i < sizeof(T); ++i)
      mix(bytes[i]);
  }
  void add(const std::string& text) {
    add(text.size());
    for (unsigned char c : text)
      mix(c);
  }
  uint64_t value() const { return hash_; }

private:
  void mix(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001b3ULL;
  }
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Plain binary (de)serialisation of a BoxLayout, for the disk cache only.
template <typename T> void put(std::ostream& out, const T& value) {
  out.write(reinterpret_cast<const char*>(&value), sizeof(T));
}
template <typename T> bool get(std::istream& in, T& value) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&value), sizeof(T)));
}
template <typename T> void putVector(std::ostream& out, const std::vector<T>& values) {
  put(out, static_cast<uint64_t>(values.size()));
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(T)));
}
template <typename T> bool getVector(std::istream& in, std::vector<T>& values, uint64_t limit) {
  uint64_t size = 0;
  if (!get(in, size) || size > limit)
    return false;
  values.resize(size);
  return static_cast<bool>(in.read(reinterpret_cast<char*>(values.data()),
                                   static_cast<std::streamsize>(size * sizeof(T))));
}

std::string serialize(const BoxLayout& layout) {
  std::ostringstream out;
  put(out, kFormatVersion);
  put(out, layout.bounds);
  putVector(out, layout.boxes);
  putVector(out, layout.frames);
  putVector(out, layout.link_labels);
  put(out, static_cast<uint64_t>(layout.links.size()));
  for (const EdgePath& path : layout.links) {
    putVector(out, path.points);
    put(out, path.has_arrow);
    put(out, path.tip);
  }
  put(out, static_cast<uint64_t>(layout.notes.size()));
  for (const std::string& note : layout.notes) {
    put(out, static_cast<uint64_t>(note.size()));
    out << note;
  }
  return out.str();
}

std::optional<BoxLayout> deserialize(std::istream& in) {
  constexpr uint64_t kLimit = uint64_t{1} << 26; // no real layout has more items than this
  uint32_t version = 0;
  BoxLayout layout;
  uint64_t links = 0;
  if (!get(in, version) || version != kFormatVersion || !get(in, layout.bounds) ||
      !getVector(in, layout.boxes, kLimit) || !getVector(in, layout.frames, kLimit) ||
      !getVector(in, layout.link_labels, kLimit) || !get(in, links) || links > kLimit)
    return std::nullopt;
  layout.links.resize(links);
  for (EdgePath& path : layout.links) {
    if (!getVector(in, path.points, kLimit) || !get(in, path.has_arrow) || !get(in, path.tip))
      return std::nullopt;
  }
  uint64_t notes = 0;
  if (!get(in, notes) || notes > 64)
    return std::nullopt;
  for (uint64_t n = 0; n < notes; ++n) {
    std::vector<char> text;
    if (!getVector(in, text, 4096))
      return std::nullopt;
    layout.notes.emplace_back(text.begin(), text.end());
  }
  return layout;
}

} // namespace

uint64_t layoutKey(const BoxGraph& graph, const DotSettings& settings) {
  Hasher h;
  h.add(kFormatVersion);
  h.add(graph.rankdir);
  h.add(graph.boxes.size());
  for (const Box& box : graph.boxes) {
    h.add(box.width);
    h.add(box.height);
    h.add(box.frame);
  }
  h.add(graph.frames.size());
  for (const Frame& frame : graph.frames) {
    h.add(frame.parent);
    h.add(frame.label);
  }
  h.add(graph.links.size());
  for (const Link& link : graph.links) {
    h.add(link.from);
    h.add(link.to);
    h.add(link.side_input);
  }
  h.add(settings.nslimit);
  h.add(settings.nslimit1);
  h.add(settings.mclimit);
  h.add(settings.searchsize);
  h.add(settings.remincross);
  h.add(settings.splines);
  return h.value();
}

LayoutCache::LayoutCache(std::filesystem::path disk_dir, size_t memory_entries)
    : disk_dir_(std::move(disk_dir)), capacity_(memory_entries) {}

LayoutCache& LayoutCache::shared() {
  static LayoutCache cache([] {
    if (std::getenv("IRSCOPE_NO_DISK_CACHE"))
      return std::filesystem::path();
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path base = xdg && *xdg     ? std::filesystem::path(xdg)
                                 : home && *home ? std::filesystem::path(home) / ".cache"
                                                 : std::filesystem::path();
    if (base.empty())
      return std::filesystem::path();
    std::error_code error;
    std::filesystem::create_directories(base / "irscope" / "layouts", error);
    return error ? std::filesystem::path() : base / "irscope" / "layouts";
  }());
  return cache;
}

std::filesystem::path LayoutCache::fileFor(uint64_t key) const {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.layout", static_cast<unsigned long long>(key));
  return disk_dir_ / name;
}

void LayoutCache::remember(uint64_t key, const BoxLayout& layout) {
  if (auto it = index_.find(key); it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(key, layout);
  index_[key] = entries_.begin();
  if (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

std::optional<BoxLayout> LayoutCache::find(uint64_t key, bool look_on_disk) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    ++stats_.memory_hits;
    return it->second->second;
  }
  if (look_on_disk && !disk_dir_.empty()) {
    std::ifstream in(fileFor(key), std::ios::binary);
    if (in) {
      if (auto layout = deserialize(in)) {
        ++stats_.disk_hits;
        remember(key, *layout);
        return layout;
      }
    }
  }
  ++stats_.misses;
  return std::nullopt;
}

void LayoutCache::store(uint64_t key, const BoxLayout& layout, bool write_to_disk) {
  std::lock_guard<std::mutex> lock(mutex_);
  remember(key, layout);
  if (!write_to_disk || disk_dir_.empty())
    return;
  // Written beside its final name and renamed, so a reader never sees half a file; a failure
  // only costs the cache entry.
  const std::filesystem::path target = fileFor(key);
  const std::filesystem::path temporary =
      target.string() + ".tmp" + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << serialize(layout);
    if (!out)
      return;
  }
  std::error_code error;
  std::filesystem::rename(temporary, target, error);
  if (error)
    std::filesystem::remove(temporary, error);
}

LayoutCache::Stats LayoutCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

} // namespace irscope::layout
