// The layout disk cache: LayoutCache::find reading back a file from
// $XDG_CACHE_HOME/irscope/layouts, which anyone could have written. A file that is not a layout
// (or not one for this graph) must read as "not cached": nothing may escape, crash or allocate
// far more than the file holds (run libFuzzer with -malloc_limit_mb to see that).
#include "fuzz/fuzz_support.h"
#include "fuzz/layout_cache_peek.h"
#include "layout/layout_cache.h"

using namespace irscope;

namespace {

// Where the cache keeps key 1: learnt by storing a layout once, so that the harness follows the
// cache's own naming.
const std::filesystem::path& cacheFileForKeyOne() {
  static const std::filesystem::path file = [] {
    const std::filesystem::path dir = fuzz::scratchDir() / "layouts";
    std::filesystem::create_directories(dir);
    layout::LayoutCache(dir).store(1, layout::BoxLayout{}, true);
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      return entry.path();
    fuzz::bug("layout_cache", "storing a layout wrote no file to the disk cache");
  }();
  return file;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = cacheFileForKeyOne();
  fuzz::writeFile(file, data, size);
  try {
    layout::LayoutCache cache(file.parent_path());
    const auto found = cache.find(1, fuzz::graphClaimedBy(data, size), true);
    (void)found;
  } catch (...) {
    fuzz::unexpectedException("layout_cache", std::current_exception());
  }
  return 0;
}
