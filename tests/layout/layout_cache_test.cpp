// The layout cache's own defences: what it reads back must fit the graph, the disk cache keeps
// to its size, and a failed write leaves nothing behind.
#include "layout/layout_cache.h"
#include "tests/support/test_files.h"

#include <csignal>
#include <gtest/gtest.h>
#include <limits>
#include <sys/resource.h>

namespace irscope::layout {
namespace {

using testing::TempDir;

BoxGraph graphOf(size_t boxes) {
  BoxGraph graph;
  for (size_t b = 0; b < boxes; ++b)
    graph.boxes.push_back({100, 40, -1});
  for (size_t b = 1; b < boxes; ++b)
    graph.links.push_back({static_cast<int>(b - 1), static_cast<int>(b), false});
  return graph;
}

// A layout that fits graphOf(boxes), with `points` points per link to make it as large as asked.
BoxLayout layoutFor(size_t boxes, size_t points = 4) {
  BoxLayout layout;
  layout.bounds = {0, 0, 200, 60.0 * static_cast<double>(boxes)};
  for (size_t b = 0; b < boxes; ++b)
    layout.boxes.push_back({0, 60.0 * static_cast<double>(b), 100, 40});
  for (size_t b = 1; b < boxes; ++b) {
    layout.links.push_back({std::vector<Point>(points, Point{50, 60.0 * static_cast<double>(b)}),
                            true,
                            {50, 60.0 * static_cast<double>(b)}});
    layout.link_labels.push_back({60, 60.0 * static_cast<double>(b)});
  }
  return layout;
}

size_t filesIn(const std::filesystem::path& dir, const std::string& containing) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    count += entry.path().filename().string().find(containing) != std::string::npos;
  return count;
}

TEST(LayoutCacheDefences, ALayoutThatDoesNotFitTheGraphIsNeverReturned) {
  TempDir dir;
  {
    LayoutCache cache(dir.path());
    cache.store(7, layoutFor(2), true);
    BoxLayout poisoned = layoutFor(3);
    poisoned.boxes[1].y = std::numeric_limits<double>::quiet_NaN();
    cache.store(8, poisoned, true);
  }
  LayoutCache reopened(dir.path());
  // The file for key 7 holds two boxes; a graph of five (a collision, or a planted file) must
  // not be indexed with it.
  EXPECT_FALSE(reopened.find(7, graphOf(5), true));
  EXPECT_FALSE(std::filesystem::exists(dir / "0000000000000007.layout")); // dropped
  EXPECT_FALSE(reopened.find(8, graphOf(3), true));                       // NaN geometry
  EXPECT_EQ(reopened.stats().rejected, 2u);
  EXPECT_EQ(reopened.stats().disk_hits, 0u);
  // In memory too.
  reopened.store(9, layoutFor(2), false);
  EXPECT_FALSE(reopened.find(9, graphOf(4), false));
  EXPECT_TRUE(reopened.find(9, graphOf(2), false));
}

TEST(LayoutCacheDefences, ABoolThatIsNeitherZeroNorOneIsRefused) {
  TempDir with_arrow, without_arrow;
  {
    LayoutCache cache(with_arrow.path());
    cache.store(7, layoutFor(2), true);
    BoxLayout plain = layoutFor(2);
    plain.links[0].has_arrow = false;
    LayoutCache other(without_arrow.path());
    other.store(7, plain, true);
  }
  // The two files differ in the one has_arrow byte; make it 2 (found by UBSan: reading such a
  // byte into a bool is undefined behaviour).
  const std::string name = "0000000000000007.layout";
  std::string bytes = testing::readText(with_arrow / name);
  const std::string plain = testing::readText(without_arrow / name);
  ASSERT_EQ(bytes.size(), plain.size());
  size_t differing = 0, at = 0;
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] != plain[i]) {
      ++differing;
      at = i;
    }
  ASSERT_EQ(differing, 1u);
  ASSERT_EQ(bytes[at], 1);
  bytes[at] = 2;
  testing::writeText(with_arrow / name, bytes);
  LayoutCache reopened(with_arrow.path());
  EXPECT_FALSE(reopened.find(7, graphOf(2), true));
  EXPECT_EQ(reopened.stats().disk_hits, 0u);
}

TEST(LayoutCacheDefences, TheDiskCacheKeepsToItsSizeDroppingTheOldest) {
  TempDir dir;
  const uint64_t cap = 64 * 1024;
  LayoutCache cache(dir.path(), 8192, cap);
  for (uint64_t key = 1; key <= 60; ++key)
    cache.store(key, layoutFor(50, 8), true); // ~8 KB each: ~480 KB written in all
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    total += entry.file_size();
  EXPECT_LE(total, cap);
  EXPECT_GT(cache.stats().evicted, 0u);
  // The newest survives.
  LayoutCache reopened(dir.path(), 8192, cap);
  EXPECT_TRUE(reopened.find(60, graphOf(50), true));
}

TEST(LayoutCacheDefences, AFailedWriteLeavesNoTemporaryFile) {
  TempDir dir;
  LayoutCache cache(dir.path());
  // Writes past 1 KB fail, as on a full disk; the signal that would kill the process is ignored.
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit previous{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  rlimit small = previous;
  small.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  cache.store(11, layoutFor(200, 8), true); // far over 1 KB
  ::setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, previous_handler);
  EXPECT_EQ(filesIn(dir.path(), ".tmp"), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir / "000000000000000b.layout"));
  // And the layout is still cached in memory.
  EXPECT_TRUE(cache.find(11, graphOf(200), false));
}

} // namespace
} // namespace irscope::layout
