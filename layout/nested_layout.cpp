#include "layout/nested_layout.h"

#include "layout/diagram.h"
#include "layout/dot_layout.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <unordered_map>

namespace irscope::layout {

namespace {

constexpr double kFramePadding = 10;
constexpr double kFrameLabelHeight = 18; // room for the frame's title above its contents
constexpr double kPortSize = 4;

constexpr int kRoot = -1;

// A box in one container's own layout: an item, a child frame, or a port.
struct LocalBox {
  enum class Kind { Item, Frame, EntryPort, ExitPort } kind;
  int index; // item, frame, or (for ports) the source item whose value crosses the border
};

bool sameLevel(const BoxGraph& a, const BoxGraph& b) {
  auto sameBox = [](const Box& p, const Box& q) {
    return p.width == q.width && p.height == q.height && p.frame == q.frame && p.stub == q.stub;
  };
  auto sameLink = [](const Link& p, const Link& q) {
    return p.from == q.from && p.to == q.to && p.side_input == q.side_input;
  };
  return a.rankdir == b.rankdir && a.frames.empty() && b.frames.empty() &&
         std::equal(a.boxes.begin(), a.boxes.end(), b.boxes.begin(), b.boxes.end(), sameBox) &&
         std::equal(a.links.begin(), a.links.end(), b.links.begin(), b.links.end(), sameLink);
}

struct LocalLink {
  int from; // local box indices
  int to;
  bool side_input;
};

struct Container {
  std::vector<LocalBox> boxes;
  std::vector<LocalLink> links;
  std::map<std::pair<int, int>, int> link_index; // (from, to) -> local link
  std::map<int, int> item_box, frame_box, entry_port, exit_port;
  // Shared by every container whose level is the same graph: repeated layers lay out once.
  std::shared_ptr<const BoxLayout> layout;
  Point origin; // absolute position of the layout's (0, 0)
};

class NestedLayout {
public:
  NestedLayout(const BoxGraph& graph, const DotSettings& settings, const LayoutControl& control,
               LayoutCache* cache)
      : graph_(graph), settings_(settings), control_(control), cache_(cache),
        containers_(graph.frames.size() + 1), started_(std::chrono::steady_clock::now()) {}

  BoxLayout run() {
    for (size_t b = 0; b < graph_.boxes.size(); ++b)
      container(graph_.boxes[b].frame).item_box[static_cast<int>(b)] =
          addBox(graph_.boxes[b].frame, {LocalBox::Kind::Item, static_cast<int>(b)});
    for (size_t f = 0; f < graph_.frames.size(); ++f)
      container(graph_.frames[f].parent).frame_box[static_cast<int>(f)] =
          addBox(graph_.frames[f].parent, {LocalBox::Kind::Frame, static_cast<int>(f)});
    pieces_.resize(graph_.links.size());
    for (size_t l = 0; l < graph_.links.size(); ++l)
      routeLink(static_cast<int>(l));
    // Frames come after their parents, so going backwards lays out children first.
    total_runs_ = containers_.size();
    frame_sizes_.resize(graph_.frames.size());
    for (int f = static_cast<int>(graph_.frames.size()) - 1; f >= 0; --f)
      layOutContainer(f);
    layOutContainer(kRoot);
    placeTopDown();
    return assemble();
  }

private:
  Container& container(int frame) { return containers_[static_cast<size_t>(frame + 1)]; }

  int addBox(int frame, LocalBox box) {
    container(frame).boxes.push_back(box);
    return static_cast<int>(container(frame).boxes.size()) - 1;
  }

  std::vector<int> chainOf(int item) const {
    std::vector<int> chain; // innermost first, ending with kRoot
    for (int f = graph_.boxes[item].frame; f != kRoot; f = graph_.frames[f].parent)
      chain.push_back(f);
    chain.push_back(kRoot);
    return chain;
  }

  // The box that stands for `item` inside container `frame`: the item itself, or the child
  // frame on the way down to it.
  int proxy(int frame, int item, const std::vector<int>& chain) {
    Container& c = container(frame);
    if (graph_.boxes[item].frame == frame)
      return c.item_box.at(item);
    for (size_t i = 1; i < chain.size(); ++i) {
      if (chain[i] == frame)
        return c.frame_box.at(chain[i - 1]);
    }
    return -1;
  }

  int port(int frame, int source_item, bool entry) {
    Container& c = container(frame);
    auto& ports = entry ? c.entry_port : c.exit_port;
    if (auto it = ports.find(source_item); it != ports.end())
      return it->second;
    const int box =
        addBox(frame, {entry ? LocalBox::Kind::EntryPort : LocalBox::Kind::ExitPort, source_item});
    ports[source_item] = box;
    return box;
  }

  struct Piece {
    int frame;
    int link; // local link index in that frame's container
  };

  int addLocalLink(int frame, int from, int to, bool side_input) {
    Container& c = container(frame);
    auto [it, inserted] = c.link_index.emplace(std::make_pair(from, to), -1);
    if (inserted) {
      it->second = static_cast<int>(c.links.size());
      c.links.push_back({from, to, side_input});
    }
    return it->second;
  }

  // Splits link l into one local link per container it passes through, in path order.
  void routeLink(int l) {
    const Link& link = graph_.links[l];
    const std::vector<int> up = chainOf(link.from);
    const std::vector<int> down = chainOf(link.to);
    int common = kRoot;
    for (int f : up) {
      if (std::find(down.begin(), down.end(), f) != down.end()) {
        common = f;
        break;
      }
    }
    std::vector<Piece>& pieces = pieces_[l];
    for (int f : up) { // leaving frames, innermost first
      if (f == common)
        break;
      pieces.push_back({f, addLocalLink(f, proxy(f, link.from, up), port(f, link.from, false),
                                        link.side_input)});
    }
    pieces.push_back({common, addLocalLink(common, proxy(common, link.from, up),
                                           proxy(common, link.to, down), link.side_input)});
    std::vector<Piece> entering;
    for (int f : down) { // entering frames, collected innermost first
      if (f == common)
        break;
      entering.push_back(
          {f, addLocalLink(f, port(f, link.from, true), proxy(f, link.to, down), link.side_input)});
    }
    pieces.insert(pieces.end(), entering.rbegin(), entering.rend());
  }

  void layOutContainer(int frame) {
    Container& c = container(frame);
    BoxGraph local;
    local.rankdir = graph_.rankdir;
    for (const LocalBox& box : c.boxes) {
      switch (box.kind) {
      case LocalBox::Kind::Item:
        local.boxes.push_back({graph_.boxes[box.index].width, graph_.boxes[box.index].height, -1,
                               graph_.boxes[box.index].stub});
        break;
      case LocalBox::Kind::Frame:
        local.boxes.push_back({frame_sizes_[box.index].x, frame_sizes_[box.index].y, -1});
        break;
      case LocalBox::Kind::EntryPort:
      case LocalBox::Kind::ExitPort:
        local.boxes.push_back({kPortSize, kPortSize, -1});
        break;
      }
    }
    for (const LocalLink& link : c.links)
      local.links.push_back({link.from, link.to, link.side_input});
    if (control_.cancel && control_.cancel->load())
      throw LayoutCancelled();
    c.layout =
        local.boxes.empty() ? std::make_shared<const BoxLayout>() : layOutLevel(std::move(local));
    ++runs_done_;
    if (control_.progress)
      control_.progress(runs_done_, total_runs_);
    if (frame != kRoot) {
      // At least as wide as the frame's title, which the renderer draws in bold.
      const double title = estimateTextWidth(graph_.frames[frame].label, kFrameTitleFontSize) * 1.1;
      frame_sizes_[frame] = {std::max(c.layout->bounds.width, title) + 2 * kFramePadding,
                             c.layout->bounds.height + kFrameLabelHeight + kFramePadding};
    }
  }

  // One dot run, with cheaper settings when the level is huge or the budget is spent. A level
  // equal to one laid out before in this run (the same boxes and links: a repeated layer, a stage
  // of identical layers) takes that layout: dot is deterministic, so it would draw the same.
  std::shared_ptr<const BoxLayout> layOutLevel(BoxGraph local) {
    const DotSettings* chosen = &settings_;
    const DotSettings fast = DotSettings::fast();
    if (local.boxes.size() > control_.large_level) {
      chosen = &fast;
      note("levels of more than " + std::to_string(control_.large_level) +
           " boxes are drawn with straight edges, to keep the layout fast");
    } else if (control_.budget_seconds > 0 &&
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() >
                   control_.budget_seconds) {
      chosen = &fast;
      note("the layout ran past its " + std::to_string(static_cast<int>(control_.budget_seconds)) +
           " s budget; the rest is drawn with straight edges");
    }
    const uint64_t key = layoutKey(local, *chosen);
    auto [same, first_seen] = laid_out_.try_emplace(key);
    if (!first_seen) {
      for (const LaidOutLevel& level : same->second)
        if (sameLevel(level.graph, local))
          return level.layout;
    }
    std::shared_ptr<const BoxLayout> layout;
    if (cache_) {
      if (auto cached = cache_->find(key, local, false))
        layout = std::make_shared<const BoxLayout>(std::move(*cached));
    }
    if (!layout) {
      layout = std::make_shared<const BoxLayout>(layoutWithDot(local, *chosen));
      if (cache_)
        cache_->store(key, *layout, false);
    }
    same->second.push_back({std::move(local), layout});
    return layout;
  }

  void note(const std::string& text) {
    if (std::find(notes_.begin(), notes_.end(), text) == notes_.end())
      notes_.push_back(text);
  }

  void placeTopDown() {
    container(kRoot).origin = {-container(kRoot).layout->bounds.x,
                               -container(kRoot).layout->bounds.y};
    frame_rects_.resize(graph_.frames.size());
    for (size_t f = 0; f < graph_.frames.size(); ++f) {
      const int parent = graph_.frames[f].parent;
      const Container& outer = container(parent);
      const Rect& slot = outer.layout->boxes[outer.frame_box.at(static_cast<int>(f))];
      frame_rects_[f] = {outer.origin.x + slot.x, outer.origin.y + slot.y, slot.width, slot.height};
      Container& inner = container(static_cast<int>(f));
      const double spare = frame_rects_[f].width - 2 * kFramePadding - inner.layout->bounds.width;
      inner.origin = {frame_rects_[f].x + kFramePadding + spare / 2 - inner.layout->bounds.x,
                      frame_rects_[f].y + kFrameLabelHeight - inner.layout->bounds.y};
    }
  }

  static Point shifted(const Point& p, const Point& by) { return {p.x + by.x, p.y + by.y}; }

  // Joins two pieces of an edge with an S-curve that leaves and arrives along the rank
  // direction, so that the joint reads as one edge rather than a kink.
  void joinTo(std::vector<Point>& points, const Point& to) const {
    const Point from = points.back();
    if (graph_.rankdir == RankDir::LeftToRight) {
      const double middle = (from.x + to.x) / 2;
      points.push_back({middle, from.y});
      points.push_back({middle, to.y});
    } else {
      const double middle = (from.y + to.y) / 2;
      points.push_back({from.x, middle});
      points.push_back({to.x, middle});
    }
    points.push_back(to);
  }

  BoxLayout assemble() {
    BoxLayout out;
    const Container& root = container(kRoot);
    out.bounds = {0, 0, root.layout->bounds.width, root.layout->bounds.height};
    out.boxes.resize(graph_.boxes.size());
    for (size_t b = 0; b < graph_.boxes.size(); ++b) {
      const Container& c = container(graph_.boxes[b].frame);
      const Rect& r = c.layout->boxes[c.item_box.at(static_cast<int>(b))];
      out.boxes[b] = {c.origin.x + r.x, c.origin.y + r.y, r.width, r.height};
    }
    out.frames = frame_rects_;
    out.notes = notes_;
    out.links.resize(graph_.links.size());
    out.link_labels.resize(graph_.links.size());
    for (size_t l = 0; l < graph_.links.size(); ++l) {
      EdgePath& path = out.links[l];
      const std::vector<Piece>& pieces = pieces_[l];
      for (size_t p = 0; p < pieces.size(); ++p) {
        const Container& c = container(pieces[p].frame);
        const EdgePath& local = c.layout->links[pieces[p].link];
        if (local.points.empty())
          continue;
        const bool last = p + 1 == pieces.size();
        if (path.points.empty())
          path.points.push_back(shifted(local.points.front(), c.origin));
        else
          joinTo(path.points, shifted(local.points.front(), c.origin));
        for (size_t i = 1; i < local.points.size(); ++i)
          path.points.push_back(shifted(local.points[i], c.origin));
        if (local.has_arrow && !last)
          joinTo(path.points, shifted(local.tip, c.origin)); // reach the port itself
        if (last) {
          path.has_arrow = local.has_arrow;
          path.tip = shifted(local.tip, c.origin);
        }
      }
      out.link_labels[l] = labelAnchor(path);
    }
    return out;
  }

  const BoxGraph& graph_;
  const DotSettings& settings_;
  const LayoutControl& control_;
  LayoutCache* cache_;
  std::vector<Container> containers_; // [frame + 1]; 0 is the root
  std::chrono::steady_clock::time_point started_;
  size_t runs_done_ = 0;
  size_t total_runs_ = 0;
  std::vector<std::string> notes_;
  std::vector<std::vector<Piece>> pieces_;
  std::vector<Point> frame_sizes_; // width, height
  std::vector<Rect> frame_rects_;
  struct LaidOutLevel {
    BoxGraph graph;
    std::shared_ptr<const BoxLayout> layout;
  };
  std::unordered_map<uint64_t, std::vector<LaidOutLevel>> laid_out_; // by layoutKey
};

} // namespace

BoxLayout layoutNested(const BoxGraph& graph, const DotSettings& settings,
                       const LayoutControl& control, LayoutCache* cache) {
  const uint64_t key = layoutKey(graph, settings);
  if (cache) {
    if (auto cached = cache->find(key, graph, true))
      return *cached;
  }
  BoxLayout layout = NestedLayout(graph, settings, control, cache).run();
  // A layout simplified because time ran out depends on the machine's speed; keep it out of the
  // disk cache so that a later, luckier run can do better.
  const bool timing_dependent = std::any_of(layout.notes.begin(), layout.notes.end(), [](auto& n) {
    return n.find("budget") != std::string::npos;
  });
  if (cache)
    cache->store(key, layout, !timing_dependent);
  return layout;
}

} // namespace irscope::layout
