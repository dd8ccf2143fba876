#pragma once
// A graph turned into something to draw: labelled items with boxes, edges with paths, and
// frames for expanded module groups. Renderers draw a Diagram and nothing else.
#include "core/graph.h"
#include "core/module_tree.h"
#include "core/op_category.h"
#include "core/topology.h"
#include "layout/box_graph.h"
#include "layout/geometry.h"
#include "layout/layout_cache.h"
#include "layout/layout_control.h"
#include "layout/shared_values.h"

#include <set>
#include <string>
#include <vector>

namespace irscope::layout {

// Stub: where a value read in many groups enters one of them (shared_values.h); it stands for
// the edge from the value's producer, which is drawn elsewhere.
enum class ItemKind { Op, GraphInput, GraphOutput, Weight, Constant, CollapsedGroup, Stub };

struct DiagramItem {
  ItemKind kind = ItemKind::Op;
  std::vector<std::string> lines; // first line is the title (op or group name)
  ir::OpCategory category = ir::OpCategory::Other;
  int node = -1;  // ir node index for ops; for stubs, the producing node (-1 for a graph input)
  int group = -1; // module group index for collapsed groups
  // Stubs only: the item that produces the value (what a click on the stub selects).
  int source = -1;
  // For stubs, the value they stand for; for graph inputs, the input (Topology lists who reads
  // either).
  ir::ValueRef value;
  Rect box;
};

struct DiagramEdge {
  int from = 0; // item indices
  int to = 0;
  std::string label;
  bool side_input = false;
  EdgePath path;
  Point label_center;
};

struct DiagramFrame {
  int group = -1;
  std::string label;
  int depth = 0;
  Rect box;
};

struct Diagram {
  std::string title;
  Rect bounds;
  std::vector<DiagramItem> items;
  std::vector<DiagramEdge> edges;
  std::vector<DiagramFrame> frames;
  std::vector<std::string> notes; // what was left out, what was simplified
};

struct DiagramOptions {
  // How many levels of module groups to show: 1 draws each top-level group as one box, 2 opens
  // those and draws their children as boxes, and so on. -1 expands everything.
  int collapse_depth = -1;
  std::set<int> expanded_groups;  // module groups shown open whatever collapse_depth says
  std::set<int> collapsed_groups; // module groups shown as one box whatever collapse_depth says
  bool show_weights = false;
  bool show_names = false; // add each op's node name as a third line
  bool edge_labels = true; // tensor shapes beside edges
  RankDir rankdir = RankDir::TopToBottom;
  size_t max_nodes = 0; // draw the first N ops in topological order; 0 draws all
  // Values read in at least `stub_min_groups` groups are drawn as a stub in each of them rather
  // than as edges from their producer (shared_values.h). false draws every edge.
  bool stubs = true;
  size_t stub_min_groups = kStubMinGroups;
  // A module of one op (a Linear, a LayerNorm) is drawn as that op with the module's name in
  // its box, not as a frame or a collapsed box around it. false gives it a frame like any group.
  bool fold_single_op_modules = true;
};

// Chooses what is visible and lays it out with dot, group by group (see nested_layout.h).
// Throws LayoutCancelled when `control.cancel` is set.
Diagram buildDiagram(const ir::Graph& graph, const ir::Topology& topology,
                     const ir::ModuleTree& modules, const DiagramOptions& options,
                     const DotSettings& settings = {}, const LayoutControl& control = {},
                     LayoutCache* cache = nullptr);

// Font sizes the layout sizes boxes for; the renderer draws with the same.
inline constexpr double kTitleFontSize = 10;
inline constexpr double kDetailFontSize = 8;
inline constexpr double kFrameTitleFontSize = 9; // bold
inline constexpr double kStubFontSize = 8;

// The stubs drawn for the value that `item` produces (empty when it has none).
std::vector<int> stubsOf(const Diagram& diagram, int item);

// Estimated width in points of `text` in a DejaVu-Sans-like face at `font_size`. Layout cannot
// ask Qt (no Qt below gui/), so it estimates generously and the renderer shrinks to fit.
double estimateTextWidth(const std::string& text, double font_size);

} // namespace irscope::layout
