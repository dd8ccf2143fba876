#include "layout/dot_layout.h"

#include "layout/graphviz_handle.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace irscope::layout {

std::mutex& graphvizMutex() {
  static std::mutex mutex;
  return mutex;
}

DotSettings DotSettings::fast() {
  DotSettings settings;
  settings.nslimit = 1;
  settings.nslimit1 = 1;
  settings.mclimit = 0.05;
  settings.searchsize = 10;
  settings.splines = false;
  return settings;
}

namespace {

constexpr double kPointsPerInch = 72.0;

// cgraph takes char* for names and values it does not modify.
char* cstr(const char* text) {
  return const_cast<char*>(text);
}

void set(void* object, const char* name, const std::string& value) {
  agsafeset(object, cstr(name), cstr(value.c_str()), cstr(""));
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

void applySettings(Agraph_t* graph, const BoxGraph& boxes, const DotSettings& settings) {
  set(graph, "rankdir", boxes.rankdir == RankDir::LeftToRight ? "LR" : "TB");
  if (settings.nslimit > 0)
    set(graph, "nslimit", number(settings.nslimit));
  if (settings.nslimit1 > 0)
    set(graph, "nslimit1", number(settings.nslimit1));
  set(graph, "mclimit", number(settings.mclimit));
  set(graph, "searchsize", std::to_string(settings.searchsize));
  set(graph, "remincross", settings.remincross ? "true" : "false");
  set(graph, "splines", settings.splines ? "spline" : "line");
  set(graph, "nodesep", "0.25");
  set(graph, "ranksep", "0.35");
  set(graph, "newrank", "true"); // ranks across clusters, as if they were not there
}

// Graphviz's y axis points up; ours points down.
Point flip(pointf p, double height) {
  return {p.x, height - p.y};
}

Rect boxRect(pointf center, double width, double height, double graph_height) {
  const Point c = flip(center, graph_height);
  return {c.x - width / 2, c.y - height / 2, width, height};
}

} // namespace

namespace {
// One context for the process: making one loads Graphviz's plugins, which a nested layout's
// hundreds of small runs should not repeat. Only used under graphvizMutex().
GVC_t* sharedContext() {
  static GvcContext context(gvContext());
  return context.get();
}
} // namespace

BoxLayout layoutWithDot(const BoxGraph& input, const DotSettings& settings) {
  if (!input.frames.empty())
    throw std::invalid_argument("layoutWithDot lays out one level; frames are layoutNested's job");
  std::lock_guard<std::mutex> lock(graphvizMutex());
  GVC_t* context = sharedContext();
  CGraph graph(agopen(cstr("irscope"), Agdirected, nullptr));
  if (!context || !graph)
    throw std::runtime_error("Graphviz could not start");
  applySettings(graph.get(), input, settings);

  // dot weighs an edge between two nodes of one group 100 times: with stubs in the level, all
  // other nodes share a group, so that their edges are kept straight and the stubs move aside
  // (a stub's own edge would otherwise pull each layer of a chain sideways, into a staircase).
  const bool has_stubs =
      std::any_of(input.boxes.begin(), input.boxes.end(), [](const Box& box) { return box.stub; });
  std::vector<Agnode_t*> nodes(input.boxes.size());
  for (size_t b = 0; b < input.boxes.size(); ++b) {
    const Box& box = input.boxes[b];
    const std::string name = "b" + std::to_string(b);
    nodes[b] = agnode(graph.get(), cstr(name.c_str()), 1);
    set(nodes[b], "shape", "box");
    set(nodes[b], "fixedsize", "true");
    set(nodes[b], "label", "");
    set(nodes[b], "width", number(box.width / kPointsPerInch));
    set(nodes[b], "height", number(box.height / kPointsPerInch));
    if (has_stubs && !box.stub)
      set(nodes[b], "group", "main");
  }

  std::vector<Agedge_t*> edges(input.links.size());
  for (size_t l = 0; l < input.links.size(); ++l) {
    const Link& link = input.links[l];
    const std::string name = "e" + std::to_string(l); // keeps parallel edges apart
    edges[l] = agedge(graph.get(), nodes.at(link.from), nodes.at(link.to), cstr(name.c_str()), 1);
  }

  if (gvLayout(context, graph.get(), "dot") != 0)
    throw std::runtime_error("Graphviz's dot layout failed");
  ScopedLayout attached_layout(context, graph.get());

  BoxLayout out;
  const boxf bb = GD_bb(graph.get());
  const double height = bb.UR.y;
  out.bounds = {bb.LL.x, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y};
  out.boxes.reserve(nodes.size());
  for (Agnode_t* node : nodes)
    out.boxes.push_back(boxRect(ND_coord(node), ND_width(node) * kPointsPerInch,
                                ND_height(node) * kPointsPerInch, height));
  out.links.resize(edges.size());
  out.link_labels.resize(edges.size());
  for (size_t l = 0; l < edges.size(); ++l) {
    const splines* spl = ED_spl(edges[l]);
    EdgePath& path = out.links[l];
    if (spl && spl->size > 0) {
      const bezier& curve = spl->list[0];
      // With sflag the curve starts at an arrow tail; irscope draws no tail arrows.
      path.points.reserve(static_cast<size_t>(curve.size));
      for (int i = 0; i < curve.size; ++i)
        path.points.push_back(flip(curve.list[i], height));
      if (curve.eflag) {
        path.has_arrow = true;
        path.tip = flip(curve.ep, height);
      }
    }
    out.link_labels[l] = labelAnchor(path);
  }
  return out;
}

} // namespace irscope::layout
