#pragma once
// What gets laid out: sized boxes, optional nested frames, and edges between boxes.
#include "layout/geometry.h"

#include <string>
#include <vector>

namespace irscope::layout {

struct Box {
  double width = 0; // points
  double height = 0;
  int frame = -1; // index into BoxGraph::frames of the innermost frame holding it; -1: none
  // A stub (shared_values.h): it goes beside what it feeds, and the layout straightens the
  // other edges before its own, so that a chain of layers each fed by a stub stays a column.
  bool stub = false;
};

struct Frame {
  int parent = -1; // enclosing frame, or -1
  std::string label;
};

struct Link {
  int from = 0; // box indices
  int to = 0;
  bool side_input = false; // weights and constants: ranked like any input, drawn dashed
};

enum class RankDir { TopToBottom, LeftToRight };

struct BoxGraph {
  std::vector<Box> boxes;
  std::vector<Frame> frames;
  std::vector<Link> links;
  RankDir rankdir = RankDir::TopToBottom;
};

// dot's knobs that trade quality for time. The defaults are what irscope found to keep large
// graphs fast (see bench/ and the README).
struct DotSettings {
  double nslimit = 2;   // network-simplex iterations per node, for x coordinates
  double nslimit1 = 2;  // the same for ranking
  double mclimit = 0.2; // crossing-minimisation effort
  int searchsize = 20;
  bool remincross = false;
  bool splines = true; // spline edges; false draws straight lines (much cheaper)

  // For levels too large for the defaults: straight edges, minimal search.
  static DotSettings fast();
};

// Where everything went.
struct BoxLayout {
  Rect bounds;
  std::vector<Rect> boxes;
  std::vector<Rect> frames;
  std::vector<EdgePath> links;
  std::vector<Point> link_labels; // where each link's label goes (labelAnchor)
  std::vector<std::string> notes; // what was simplified to keep the layout fast
};

} // namespace irscope::layout
