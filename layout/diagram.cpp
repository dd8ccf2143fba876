#include "layout/diagram.h"

#include "core/op_name.h"
#include "layout/edge_labels.h"
#include "layout/nested_layout.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace irscope::layout {

double estimateTextWidth(const std::string& text, double font_size) {
  double em = 0;
  for (unsigned char c : text) {
    if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' || c == '\'' ||
        c == '|' || c == '!')
      em += 0.32;
    else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
      em += 0.9;
    else if (c >= 'A' && c <= 'Z')
      em += 0.72;
    else if (c < 0x80)
      em += 0.62;
    else if (c >= 0xC0)
      em += 0.7; // first byte of a multi-byte character; continuation bytes add nothing
  }
  return em * font_size;
}

namespace {

constexpr double kPaddingX = 10;
constexpr double kPaddingY = 6;
constexpr double kMinWidth = 54;

constexpr double kStubPaddingX = 6;
constexpr double kStubPaddingY = 3;
constexpr size_t kStubNameLimit = 24; // characters of the value's name a stub shows

// A stub is a small port: one line in the detail font.
Box stubSize(const std::string& text) {
  return {std::max(24.0, estimateTextWidth(text, kStubFontSize) + 2 * kStubPaddingX),
          kStubFontSize * 1.3 + 2 * kStubPaddingY, -1};
}

Box sizeFor(const std::vector<std::string>& lines) {
  double width = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    width = std::max(width, estimateTextWidth(lines[i], i == 0 ? kTitleFontSize : kDetailFontSize));
  double height = kTitleFontSize * 1.3 + (lines.size() - 1) * kDetailFontSize * 1.3;
  return {std::max(kMinWidth, width + 2 * kPaddingX), height + 2 * kPaddingY, -1};
}

std::string mainShape(const ir::Node& node) {
  return node.outputs.empty() ? "" : ir::formatShapeCompact(node.outputs.front().shape);
}

class DiagramBuilder {
public:
  DiagramBuilder(const ir::Graph& graph, const ir::Topology& topology,
                 const ir::ModuleTree& modules, const DiagramOptions& options)
      : graph_(graph), topo_(topology), modules_(modules), options_(options) {}

  Diagram build(const DotSettings& settings, const LayoutControl& control, LayoutCache* cache) {
    diagram_.title = graph_.model_name;
    chooseVisibleNodes();
    addGraphInputs();
    addOps();
    addStubs();
    addEdges();
    addGraphOutputs();
    layOut(settings, control, cache);
    return std::move(diagram_);
  }

private:
  // A module of one op, drawn as the op with the module's name rather than as a group.
  bool isFolded(int group) const {
    if (!options_.fold_single_op_modules || group < 0)
      return false;
    const ir::ModuleGroup& module = modules_.groups[group];
    return module.total_nodes == 1 && module.children.empty();
  }

  // The innermost group a node is drawn in: its own, unless that one is folded into the op.
  int displayGroupOf(int32_t node) const {
    const int group = modules_.group_of_node[node];
    return isFolded(group) ? modules_.groups[group].parent : group;
  }

  // The outermost collapsed group holding a node, or -1 when the node is visible itself.
  int collapsedGroupOf(int32_t node) const {
    int found = -1;
    for (int g = displayGroupOf(node); g >= 0; g = modules_.groups[g].parent) {
      if (isCollapsed(g))
        found = g;
    }
    return found;
  }

  bool isCollapsed(int group) const {
    if (options_.collapsed_groups.count(group))
      return true;
    if (options_.expanded_groups.count(group) || options_.collapse_depth < 0)
      return false;
    return modules_.groups[group].depth >= options_.collapse_depth - 1;
  }

  void chooseVisibleNodes() {
    shown_.assign(graph_.nodes.size(), options_.max_nodes == 0);
    if (options_.max_nodes == 0)
      return;
    const auto& order = topo_.topological_order;
    const size_t count = std::min(options_.max_nodes, order.size());
    for (size_t i = 0; i < count; ++i)
      shown_[order[i]] = true;
    if (count < graph_.nodes.size())
      diagram_.notes.push_back("showing the first " + std::to_string(count) + " of " +
                               std::to_string(graph_.nodes.size()) + " ops");
  }

  int addItem(DiagramItem item, int frame) {
    Box box = item.kind == ItemKind::Stub ? stubSize(item.lines.front()) : sizeFor(item.lines);
    box.frame = frame;
    box.stub = item.kind == ItemKind::Stub;
    boxes_.boxes.push_back(box);
    diagram_.items.push_back(std::move(item));
    return static_cast<int>(diagram_.items.size()) - 1;
  }

  // The frame (cluster) for an expanded group, made with its expanded ancestors on first use.
  int frameFor(int group) {
    if (group < 0)
      return -1;
    if (auto it = frame_of_group_.find(group); it != frame_of_group_.end())
      return it->second;
    const ir::ModuleGroup& module = modules_.groups[group];
    const int parent = frameFor(module.parent);
    Frame frame;
    frame.parent = parent;
    // A module's class helps in a title; a derived group's op summary is too long for one and
    // is shown on its collapsed box instead.
    frame.label = module.type.empty() || modules_.derived ? module.label
                                                          : module.label + " (" + module.type + ")";
    boxes_.frames.push_back(frame);
    diagram_.frames.push_back({group, frame.label, module.depth, {}});
    const int index = static_cast<int>(boxes_.frames.size()) - 1;
    frame_of_group_.emplace(group, index);
    return index;
  }

  void addGraphInputs() {
    input_items_.resize(graph_.inputs.size());
    for (size_t i = 0; i < graph_.inputs.size(); ++i) {
      const ir::Tensor& input = graph_.inputs[i];
      DiagramItem item;
      item.kind = ItemKind::GraphInput;
      item.value = ir::ValueRef::of(ir::ValueKind::GraphInput, static_cast<int32_t>(i));
      item.lines = {input.name, ir::formatShapeCompact(input.shape) + " " + input.dtype};
      input_items_[i] = addItem(std::move(item), -1);
    }
  }

  void addOps() {
    node_items_.assign(graph_.nodes.size(), -1);
    std::map<int, int> group_items;
    for (int32_t n : topo_.topological_order) {
      if (!shown_[n])
        continue;
      const int collapsed = collapsedGroupOf(n);
      if (collapsed >= 0) {
        auto [it, inserted] = group_items.emplace(collapsed, -1);
        if (inserted)
          it->second = addCollapsedGroup(collapsed);
        node_items_[n] = it->second;
        continue;
      }
      const ir::Node& node = graph_.nodes[n];
      DiagramItem item;
      item.kind = ItemKind::Op;
      item.node = n;
      item.category = ir::opCategory(node.op_type);
      item.lines = {ir::shortOpName(node.op_type), mainShape(node)};
      if (const int own = modules_.group_of_node[n]; isFolded(own))
        item.lines.push_back(modules_.groups[own].label);
      if (options_.show_names)
        item.lines.push_back(node.name);
      node_items_[n] = addItem(std::move(item), frameFor(displayGroupOf(n)));
    }
  }

  int addCollapsedGroup(int group) {
    const ir::ModuleGroup& module = modules_.groups[group];
    DiagramItem item;
    item.kind = ItemKind::CollapsedGroup;
    item.group = group;
    item.lines = {module.label};
    if (!module.type.empty())
      item.lines.push_back(module.type);
    item.lines.push_back(std::to_string(module.total_nodes) +
                         (module.total_nodes == 1 ? " op" : " ops"));
    return addItem(std::move(item), frameFor(module.parent));
  }

  // The groups an item is drawn in, innermost first; a collapsed box counts as its own group.
  std::vector<int> chainOf(int item) const {
    const DiagramItem& drawn = diagram_.items[item];
    int group = -1;
    if (drawn.kind == ItemKind::CollapsedGroup)
      group = drawn.group;
    else if (drawn.kind == ItemKind::Op)
      group = displayGroupOf(drawn.node);
    std::vector<int> chain;
    for (int g = group; g >= 0 && chain.size() <= static_cast<size_t>(ir::kMaxModuleDepth);
         g = modules_.groups[g].parent)
      chain.push_back(g);
    return chain;
  }

  using ValueKey = std::tuple<ir::ValueKind, int32_t, int32_t>; // kind, index, output

  int producerItem(const ir::ValueRef& source) const {
    if (source.kind == ir::ValueKind::NodeOutput)
      return node_items_[source.index];
    if (source.kind == ir::ValueKind::GraphInput)
      return input_items_[source.index];
    return -1;
  }

  std::string valueName(const ir::ValueRef& source) const {
    std::string name;
    if (source.kind == ir::ValueKind::GraphInput)
      name = graph_.inputs[source.index].name;
    else if (const ir::Node& node = graph_.nodes[source.index];
             static_cast<size_t>(source.output) < node.outputs.size())
      name =
          node.outputs[source.output].name.empty() ? node.name : node.outputs[source.output].name;
    if (name.size() > kStubNameLimit)
      name = name.substr(0, kStubNameLimit - 1) + "\u2026";
    return name;
  }

  // Values read in many groups get a stub in each instead of edges (shared_values.h).
  void addStubs() {
    if (!options_.stubs)
      return;
    struct Reads {
      ir::ValueRef value;
      int producer = -1;
      std::vector<int> consumers; // items, each once, in topological order
      std::set<int> seen;
    };
    std::map<ValueKey, Reads> values;
    for (int32_t n : topo_.topological_order) {
      const int to = node_items_[n];
      if (to < 0)
        continue;
      for (const ir::ValueRef& source : topo_.node_inputs[n]) {
        const int from = producerItem(source);
        if (from < 0 || from == to)
          continue;
        Reads& reads = values[{source.kind, source.index, source.output}];
        reads.value = source;
        reads.producer = from;
        if (reads.seen.insert(to).second)
          reads.consumers.push_back(to);
      }
    }
    std::vector<std::pair<std::string, size_t>> stubbed; // value name, stub count
    for (auto& [key, reads] : values) {
      if (reads.consumers.size() < options_.stub_min_groups)
        continue;
      std::vector<std::vector<int>> chains;
      chains.reserve(reads.consumers.size());
      for (int consumer : reads.consumers)
        chains.push_back(chainOf(consumer));
      const std::vector<StubSite> sites =
          planStubs(chains, chainOf(reads.producer), options_.stub_min_groups);
      if (sites.empty())
        continue;
      const std::string name = valueName(reads.value);
      for (const StubSite& site : sites) {
        DiagramItem stub;
        stub.kind = ItemKind::Stub;
        stub.lines = {name + " \u2197"};
        stub.node = reads.value.kind == ir::ValueKind::NodeOutput ? reads.value.index : -1;
        stub.source = reads.producer;
        stub.value = reads.value;
        const int index = addItem(std::move(stub), stubFrame(site, reads.consumers));
        for (size_t c : site.consumers)
          stub_for_.emplace(std::make_pair(key, reads.consumers[c]), index);
      }
      // The producer says where its value went, since no edge leaves it for those groups.
      DiagramItem& producer = diagram_.items[reads.producer];
      if (producer.kind != ItemKind::CollapsedGroup) {
        producer.lines.push_back("read in " + std::to_string(sites.size()) + " groups \u2197");
        const int frame = boxes_.boxes[reads.producer].frame;
        boxes_.boxes[reads.producer] = sizeFor(producer.lines);
        boxes_.boxes[reads.producer].frame = frame;
      }
      stubbed.emplace_back(name, sites.size());
    }
    if (stubbed.size() == 1)
      diagram_.notes.push_back(stubbed.front().first + " is read in " +
                               std::to_string(stubbed.front().second) + " groups: each has a \"" +
                               stubbed.front().first +
                               " \u2197\" stub in place of an edge from it");
    else if (!stubbed.empty())
      diagram_.notes.push_back(std::to_string(stubbed.size()) +
                               " values read in many groups are drawn as \"\u2197\" stubs in "
                               "each group in place of edges from their producers");
  }

  // The frame a stub is drawn in: its site's group's, or, when that group is a collapsed box,
  // the frame that holds the box.
  int stubFrame(const StubSite& site, const std::vector<int>& consumers) const {
    if (site.group < 0)
      return -1;
    if (auto it = frame_of_group_.find(site.group); it != frame_of_group_.end())
      return it->second;
    return boxes_.boxes[consumers[site.consumers.front()]].frame;
  }

  // The item an edge for `source` into `to` starts from: its stub there, or its producer.
  int edgeSource(const ir::ValueRef& source, int to) const {
    if (!stub_for_.empty()) {
      const ValueKey key{source.kind, source.index, source.output};
      if (auto it = stub_for_.find({key, to}); it != stub_for_.end())
        return it->second;
    }
    return producerItem(source);
  }

  int sideInputItem(const ir::ValueRef& source, const ir::Tensor& recorded, int frame) {
    const auto key = std::make_pair(source.kind, source.index);
    if (auto it = side_items_.find(key); it != side_items_.end())
      return it->second;
    const bool weight = source.kind == ir::ValueKind::Weight;
    DiagramItem item;
    item.kind = weight ? ItemKind::Weight : ItemKind::Constant;
    item.lines = {weight ? graph_.weights[source.index].name : graph_.constants[source.index].name,
                  ir::formatShapeCompact(recorded.shape)};
    const int index = addItem(std::move(item), frame);
    side_items_.emplace(key, index);
    return index;
  }

  void addEdge(int from, int to, std::string label, bool side_input) {
    if (from < 0 || to < 0 || from == to)
      return; // inside one collapsed group, or not drawn
    if (!edge_seen_.insert({from, to}).second)
      return; // one edge per pair of items is enough to show the dataflow
    // The label is kept here and placed by us: as a dot label it would become a virtual node
    // in every rank the edge crosses, which doubles dot's work on large graphs.
    boxes_.links.push_back({from, to, side_input});
    edge_labels_.push_back(options_.edge_labels ? std::move(label) : std::string());
  }

  void addEdges() {
    for (int32_t n : topo_.topological_order) {
      const int to = node_items_[n];
      if (to < 0)
        continue;
      const ir::Node& node = graph_.nodes[n];
      const bool into_group = diagram_.items[to].kind == ItemKind::CollapsedGroup;
      for (size_t i = 0; i < node.inputs.size(); ++i) {
        const ir::ValueRef& source = topo_.node_inputs[n][i];
        const std::string shape = ir::formatShapeCompact(node.inputs[i].shape);
        switch (source.kind) {
        case ir::ValueKind::NodeOutput:
        case ir::ValueKind::GraphInput:
          addEdge(edgeSource(source, to), to, shape, false);
          break;
        case ir::ValueKind::Weight:
        case ir::ValueKind::Constant:
          if (options_.show_weights && !into_group)
            addEdge(sideInputItem(source, node.inputs[i], boxes_.boxes[to].frame), to, shape, true);
          break;
        case ir::ValueKind::Unresolved:
          break;
        }
      }
    }
  }

  void addGraphOutputs() {
    for (size_t o = 0; o < graph_.outputs.size(); ++o) {
      const ir::Tensor& output = graph_.outputs[o];
      const ir::ValueRef& source = topo_.graph_outputs[o];
      if (source.kind == ir::ValueKind::NodeOutput && node_items_[source.index] < 0)
        continue; // its producer is beyond --max-nodes
      DiagramItem item;
      item.kind = ItemKind::GraphOutput;
      item.lines = {output.name, ir::formatShapeCompact(output.shape) + " " + output.dtype};
      const int index = addItem(std::move(item), -1);
      if (source.kind == ir::ValueKind::NodeOutput)
        addEdge(node_items_[source.index], index, "", false);
      else if (source.kind == ir::ValueKind::GraphInput)
        addEdge(input_items_[source.index], index, "", false);
    }
  }

  void layOut(const DotSettings& settings, const LayoutControl& control, LayoutCache* cache) {
    boxes_.rankdir = options_.rankdir;
    const BoxLayout placed = layoutNested(boxes_, settings, control, cache);
    diagram_.notes.insert(diagram_.notes.end(), placed.notes.begin(), placed.notes.end());
    diagram_.bounds = placed.bounds;
    for (size_t i = 0; i < diagram_.items.size(); ++i)
      diagram_.items[i].box = placed.boxes[i];
    for (size_t f = 0; f < diagram_.frames.size(); ++f)
      diagram_.frames[f].box = placed.frames[f];
    diagram_.edges.reserve(boxes_.links.size());
    for (size_t l = 0; l < boxes_.links.size(); ++l) {
      const Link& link = boxes_.links[l];
      diagram_.edges.push_back({link.from, link.to, edge_labels_[l], link.side_input,
                                placed.links[l], placed.link_labels[l]});
    }
    placeEdgeLabels(diagram_);
  }

  const ir::Graph& graph_;
  const ir::Topology& topo_;
  const ir::ModuleTree& modules_;
  const DiagramOptions& options_;
  Diagram diagram_;
  BoxGraph boxes_;
  std::vector<bool> shown_;
  std::vector<int> input_items_;
  std::vector<int> node_items_;
  std::map<int, int> frame_of_group_;
  std::map<std::pair<ir::ValueKind, int32_t>, int> side_items_;
  std::set<std::pair<int, int>> edge_seen_;
  std::map<std::pair<ValueKey, int>, int> stub_for_; // (value, consumer item) -> stub item
  std::vector<std::string> edge_labels_;             // parallel to boxes_.links
};

} // namespace

std::vector<int> stubsOf(const Diagram& diagram, int item) {
  std::vector<int> stubs;
  for (size_t i = 0; i < diagram.items.size(); ++i) {
    if (diagram.items[i].kind == ItemKind::Stub && diagram.items[i].source == item)
      stubs.push_back(static_cast<int>(i));
  }
  return stubs;
}

Diagram buildDiagram(const ir::Graph& graph, const ir::Topology& topology,
                     const ir::ModuleTree& modules, const DiagramOptions& options,
                     const DotSettings& settings, const LayoutControl& control,
                     LayoutCache* cache) {
  return DiagramBuilder(graph, topology, modules, options).build(settings, control, cache);
}

} // namespace irscope::layout
