#include "layout/layout_cache.h"

#include <algorithm>
#include <atomic>
#include <cmath>
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
// A bool holds 0 or 1; any other byte read into one is undefined behaviour, not just wrong.
bool get(std::istream& in, bool& value) {
  uint8_t byte = 2;
  if (!get(in, byte) || byte > 1)
    return false;
  value = byte == 1;
  return true;
}
template <typename T> void putVector(std::ostream& out, const std::vector<T>& values) {
  put(out, static_cast<uint64_t>(values.size()));
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(T)));
}
// `file_bytes` bounds every count too: a count is the file's claim, its size the fact, and
// resizing to a claim of 2^26 items before reading them would take gigabytes for a tiny file.
template <typename T>
bool getVector(std::istream& in, std::vector<T>& values, uint64_t limit, uint64_t file_bytes) {
  uint64_t size = 0;
  if (!get(in, size) || size > limit || size > file_bytes / sizeof(T))
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

// The size of what `in` reads, from where it is now.
uint64_t streamBytes(std::istream& in) {
  const std::streampos here = in.tellg();
  in.seekg(0, std::ios::end);
  const std::streampos end = in.tellg();
  in.seekg(here);
  return here < 0 || end < here ? 0 : static_cast<uint64_t>(end - here);
}

std::optional<BoxLayout> deserialize(std::istream& in) {
  constexpr uint64_t kLimit = uint64_t{1} << 26; // no real layout has more items than this
  const uint64_t bytes = streamBytes(in);
  uint32_t version = 0;
  BoxLayout layout;
  uint64_t links = 0;
  if (!get(in, version) || version != kFormatVersion || !get(in, layout.bounds) ||
      !getVector(in, layout.boxes, kLimit, bytes) || !getVector(in, layout.frames, kLimit, bytes) ||
      !getVector(in, layout.link_labels, kLimit, bytes) || !get(in, links) || links > kLimit ||
      links > bytes / (sizeof(uint64_t) + sizeof(bool) + sizeof(Point)))
    return std::nullopt;
  layout.links.resize(links);
  for (EdgePath& path : layout.links) {
    if (!getVector(in, path.points, kLimit, bytes) || !get(in, path.has_arrow) ||
        !get(in, path.tip))
      return std::nullopt;
  }
  uint64_t notes = 0;
  if (!get(in, notes) || notes > 64)
    return std::nullopt;
  for (uint64_t n = 0; n < notes; ++n) {
    std::vector<char> text;
    if (!getVector(in, text, 4096, bytes))
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
    h.add(box.stub);
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

LayoutCache::LayoutCache(std::filesystem::path disk_dir, size_t memory_entries, uint64_t disk_bytes)
    : disk_dir_(std::move(disk_dir)), capacity_(memory_entries), disk_capacity_(disk_bytes) {}

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

namespace {

bool finite(const Rect& rect) {
  return std::isfinite(rect.x) && std::isfinite(rect.y) && std::isfinite(rect.width) &&
         std::isfinite(rect.height);
}

bool finite(const Point& point) {
  return std::isfinite(point.x) && std::isfinite(point.y);
}

// Whether a layout can be indexed by this graph's boxes, frames and links without going out of
// bounds, and drawn without NaN.
bool fits(const BoxLayout& layout, const BoxGraph& graph) {
  if (layout.boxes.size() != graph.boxes.size() || layout.frames.size() != graph.frames.size() ||
      layout.links.size() != graph.links.size() ||
      layout.link_labels.size() != graph.links.size() || !finite(layout.bounds))
    return false;
  for (const Rect& rect : layout.boxes)
    if (!finite(rect))
      return false;
  for (const Rect& rect : layout.frames)
    if (!finite(rect))
      return false;
  for (const Point& point : layout.link_labels)
    if (!finite(point))
      return false;
  for (const EdgePath& path : layout.links) {
    if (!finite(path.tip))
      return false;
    for (const Point& point : path.points)
      if (!finite(point))
        return false;
  }
  return true;
}

// A name no other writer, in this process or another, uses at the same time.
std::filesystem::path temporaryBeside(const std::filesystem::path& target) {
  static std::atomic<uint64_t> counter{0};
  return target.string() + ".tmp" + std::to_string(static_cast<long>(::getpid())) + "-" +
         std::to_string(counter++);
}

} // namespace

std::optional<BoxLayout> LayoutCache::find(uint64_t key, const BoxGraph& graph, bool look_on_disk) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      if (fits(it->second->second, graph)) {
        entries_.splice(entries_.begin(), entries_, it->second);
        ++stats_.memory_hits;
        return it->second->second;
      }
      ++stats_.rejected;
    }
    if (!look_on_disk || disk_dir_.empty()) {
      ++stats_.misses;
      return std::nullopt;
    }
  }
  // Disk I/O without the lock: other threads' memory lookups do not wait for it.
  std::optional<BoxLayout> layout;
  bool rejected = false;
  {
    std::ifstream in(fileFor(key), std::ios::binary);
    if (in) {
      layout = deserialize(in);
      if (layout && !fits(*layout, graph)) {
        layout.reset();
        rejected = true;
      }
    }
  }
  if (rejected) {
    std::error_code error;
    std::filesystem::remove(fileFor(key), error); // wrong for this key: no use to anyone
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!layout) {
    stats_.rejected += rejected ? 1 : 0;
    ++stats_.misses;
    return std::nullopt;
  }
  ++stats_.disk_hits;
  remember(key, *layout);
  return layout;
}

void LayoutCache::store(uint64_t key, const BoxLayout& layout, bool write_to_disk) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    remember(key, layout);
  }
  if (write_to_disk && !disk_dir_.empty())
    writeToDisk(key, layout);
}

void LayoutCache::writeToDisk(uint64_t key, const BoxLayout& layout) {
  // Written beside its final name and renamed, so a reader never sees half a file; a failure
  // only costs the cache entry, and leaves nothing behind.
  const std::filesystem::path target = fileFor(key);
  const std::filesystem::path temporary = temporaryBeside(target);
  const std::string bytes = serialize(layout);
  std::error_code error;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  std::filesystem::rename(temporary, target, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return;
  }
  evictIfOver(bytes.size());
}

void LayoutCache::evictIfOver(uint64_t written) {
  std::lock_guard<std::mutex> lock(disk_mutex_);
  struct CacheFile {
    std::filesystem::file_time_type time;
    std::filesystem::path path;
    uint64_t size;
  };
  auto listFiles = [&] {
    std::vector<CacheFile> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(disk_dir_, error)) {
      if (entry.path().extension() != ".layout")
        continue;
      std::error_code ignored;
      const uint64_t size = entry.file_size(ignored);
      files.push_back({entry.last_write_time(ignored), entry.path(), ignored ? 0 : size});
    }
    return files;
  };
  if (!disk_bytes_) {
    uint64_t total = 0;
    for (const CacheFile& file : listFiles())
      total += file.size;
    disk_bytes_ = total; // includes the file just written
  } else {
    *disk_bytes_ += written;
  }
  if (*disk_bytes_ <= disk_capacity_)
    return;
  // Oldest first, down to three quarters of the cap, so that eviction is not paid per write.
  std::vector<CacheFile> files = listFiles();
  std::sort(files.begin(), files.end(),
            [](const CacheFile& a, const CacheFile& b) { return a.time < b.time; });
  uint64_t total = 0;
  for (const CacheFile& file : files)
    total += file.size;
  size_t evicted = 0;
  for (const CacheFile& file : files) {
    if (total <= disk_capacity_ / 4 * 3)
      break;
    std::error_code error;
    if (std::filesystem::remove(file.path, error)) {
      total -= file.size;
      ++evicted;
    }
  }
  disk_bytes_ = total;
  std::lock_guard<std::mutex> stats_lock(mutex_);
  stats_.evicted += evicted;
}

LayoutCache::Stats LayoutCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

} // namespace irscope::layout
