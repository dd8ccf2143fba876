// Progress, cancellation, budgets and caching of nested layouts.
#include "core/module_tree.h"
#include "layout/diagram.h"
#include "layout/nested_layout.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"
#include "tests/support/test_models.h"

#include <fstream>
#include <gtest/gtest.h>

namespace irscope::layout {
namespace {

Diagram draw(const testing::TestModel& model, const LayoutControl& control = {},
             LayoutCache* cache = nullptr) {
  return buildDiagram(model.graph, model.topology, model.modules, {}, {}, control, cache);
}

bool hasNoteContaining(const Diagram& diagram, const std::string& part) {
  return std::any_of(diagram.notes.begin(), diagram.notes.end(),
                     [&](const std::string& note) { return note.find(part) != std::string::npos; });
}

bool sameGeometry(const Diagram& a, const Diagram& b) {
  if (a.items.size() != b.items.size() || a.edges.size() != b.edges.size())
    return false;
  for (size_t i = 0; i < a.items.size(); ++i) {
    const Rect &p = a.items[i].box, &q = b.items[i].box;
    if (p.x != q.x || p.y != q.y || p.width != q.width || p.height != q.height)
      return false;
  }
  for (size_t e = 0; e < a.edges.size(); ++e) {
    if (a.edges[e].path.points.size() != b.edges[e].path.points.size())
      return false;
  }
  return true;
}

TEST(LayoutControl, ReportsProgressUpToTheTotal) {
  const testing::TestModel model = testing::syntheticModel(600);
  std::vector<std::pair<size_t, size_t>> reports;
  LayoutControl control;
  control.progress = [&](size_t done, size_t total) { reports.emplace_back(done, total); };
  draw(model, control);
  ASSERT_GT(reports.size(), 2u);
  for (size_t i = 0; i < reports.size(); ++i)
    EXPECT_EQ(reports[i].first, i + 1);
  EXPECT_EQ(reports.back().first, reports.back().second);
}

TEST(LayoutControl, CancellingStopsTheLayoutAndSaysSo) {
  const testing::TestModel model = testing::syntheticModel(3000);
  std::atomic<bool> cancel{false};
  size_t last_done = 0;
  size_t total = 0;
  LayoutControl control;
  control.cancel = &cancel;
  control.progress = [&](size_t done, size_t of) {
    last_done = done;
    total = of;
    if (done == 3)
      cancel = true; // as the window's Cancel button would, mid-layout
  };
  EXPECT_THROW(draw(model, control), LayoutCancelled);
  EXPECT_EQ(last_done, 3u);
  EXPECT_GT(total, 3u);
}

TEST(LayoutControl, OversizedLevelsFallBackToCheaperSettingsAndSaySo) {
  const testing::TestModel model = testing::syntheticModel(300);
  LayoutControl control;
  control.large_level = 5;
  const Diagram diagram = draw(model, control);
  EXPECT_TRUE(
      hasNoteContaining(diagram, "levels of more than 5 boxes are drawn with straight edges"));
  for (const DiagramEdge& edge : diagram.edges)
    EXPECT_TRUE(edge.path.has_arrow);
}

TEST(LayoutControl, AnExhaustedBudgetFallsBackAndSaysSo) {
  const testing::TestModel model = testing::syntheticModel(300);
  LayoutControl control;
  control.budget_seconds = 1e-9; // spent before the first level is laid out
  const Diagram diagram = draw(model, control);
  EXPECT_TRUE(hasNoteContaining(diagram, "budget"));
  EXPECT_FALSE(diagram.items.empty());
}

TEST(LayoutCache, ReusesLevelsInMemory) {
  const testing::TestModel model = testing::syntheticModel(600);
  LayoutCache cache; // memory only
  const Diagram first = draw(model, {}, &cache);
  const auto after_first = cache.stats();
  const Diagram second = draw(model, {}, &cache);
  const auto after_second = cache.stats();
  EXPECT_GT(after_second.memory_hits, after_first.memory_hits);
  EXPECT_EQ(after_second.misses, after_first.misses);
  EXPECT_TRUE(sameGeometry(first, second));
}

TEST(LayoutCache, ReadsAWholeLayoutBackFromDisk) {
  testing::TempDir dir;
  const testing::TestModel model = testing::syntheticModel(600);
  Diagram first;
  {
    LayoutCache cache(dir.path());
    first = draw(model, {}, &cache);
  }
  LayoutCache reopened(dir.path());
  size_t runs = 0;
  LayoutControl control;
  control.progress = [&](size_t, size_t) { ++runs; };
  const Diagram second = draw(model, control, &reopened);
  EXPECT_EQ(reopened.stats().disk_hits, 1u);
  EXPECT_EQ(runs, 0u); // nothing was laid out again
  EXPECT_TRUE(sameGeometry(first, second));
}

TEST(LayoutCache, IgnoresCorruptFiles) {
  testing::TempDir dir;
  const testing::TestModel model = testing::syntheticModel(100);
  {
    LayoutCache cache(dir.path());
    draw(model, {}, &cache);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    std::filesystem::resize_file(entry.path(), 17); // truncated mid-write, say
  LayoutCache reopened(dir.path());
  const Diagram diagram = draw(model, {}, &reopened);
  EXPECT_EQ(reopened.stats().disk_hits, 0u);
  EXPECT_FALSE(diagram.items.empty());
}

TEST(LayoutCache, KeyChangesWithAnythingThatChangesTheLayout) {
  BoxGraph graph;
  graph.boxes = {{40, 20, -1}, {40, 20, -1}};
  graph.links = {{0, 1, false}};
  const uint64_t key = layoutKey(graph, {});
  EXPECT_EQ(layoutKey(graph, {}), key);
  BoxGraph wider = graph;
  wider.boxes[0].width = 41;
  EXPECT_NE(layoutKey(wider, {}), key);
  BoxGraph sideways = graph;
  sideways.rankdir = RankDir::LeftToRight;
  EXPECT_NE(layoutKey(sideways, {}), key);
  EXPECT_NE(layoutKey(graph, DotSettings::fast()), key);
}

} // namespace
} // namespace irscope::layout
