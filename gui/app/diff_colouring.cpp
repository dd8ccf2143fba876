#include "gui/app/diff_colouring.h"

#include <QObject>
#include <QPainter>
#include <QPixmap>
#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>

namespace irscope::app {

namespace {

constexpr ir::ChangeClass kClasses[] = {ir::ChangeClass::Same, ir::ChangeClass::Changed,
                                        ir::ChangeClass::Added, ir::ChangeClass::Removed};
constexpr double kGhostGap = 16; // between a ghost and the boxes it stands beside

ir::ChangeClass classOf(const ModelComparison& comparison, DiffSide side, int node) {
  const int entry = comparison.entryOf(side, node);
  return entry < 0 ? ir::ChangeClass::Same
                   : comparison.diff.nodes[static_cast<size_t>(entry)].change;
}

// The partners in B of the nearest paired nodes around a removed one, walking through other
// removed nodes: up its producers (`upstream`) or down its consumers.
std::vector<int> pairedNeighbours(const ModelComparison& comparison, int removed, bool upstream) {
  const ir::Topology& topology = comparison.a->model.topology;
  std::vector<int> found;
  std::vector<char> seen(comparison.a->model.graph.nodes.size(), 0);
  std::deque<int> queue{removed};
  seen[static_cast<size_t>(removed)] = 1;
  while (!queue.empty() && found.size() < 8) {
    const int node = queue.front();
    queue.pop_front();
    std::vector<int> next;
    if (upstream) {
      for (const ir::ValueRef& source : topology.node_inputs[static_cast<size_t>(node)])
        if (source.kind == ir::ValueKind::NodeOutput)
          next.push_back(source.index);
    } else {
      for (const auto& uses : topology.output_consumers[static_cast<size_t>(node)])
        for (const ir::Use& use : uses)
          next.push_back(use.node);
    }
    for (const int neighbour : next) {
      if (neighbour < 0 || seen[static_cast<size_t>(neighbour)])
        continue;
      seen[static_cast<size_t>(neighbour)] = 1;
      const int partner = comparison.partnerOf(DiffSide::A, neighbour);
      if (partner >= 0)
        found.push_back(partner);
      else
        queue.push_back(neighbour);
    }
  }
  return found;
}

QRectF rectOf(const layout::Rect& r) {
  return QRectF(r.x, r.y, r.width, r.height);
}

// The boxes a ghost must not cover, bucketed on a grid so that placing a ghost looks at the
// boxes near it only: a comparison of two unlike 10k-node models has thousands of ghosts.
class TakenBoxes {
public:
  void add(const QRectF& box) {
    const size_t index = boxes_.size();
    boxes_.push_back(box);
    forCells(box, [&](int64_t key) { cells_[key].push_back(index); });
  }
  // A box within the margin of `box`, or null.
  const QRectF* covering(const QRectF& box, double margin) const {
    const QRectF* found = nullptr;
    forCells(box.adjusted(-margin, -margin, margin, margin), [&](int64_t key) {
      const auto cell = cells_.find(key);
      if (found || cell == cells_.end())
        return;
      for (const size_t index : cell->second)
        if (boxes_[index].adjusted(-margin, -margin, margin, margin).intersects(box)) {
          found = &boxes_[index];
          return;
        }
    });
    return found;
  }

private:
  static constexpr double kCell = 256;
  template <typename Visit> static void forCells(const QRectF& box, Visit visit) {
    const auto first_x = static_cast<int64_t>(std::floor(box.left() / kCell));
    const auto last_x = static_cast<int64_t>(std::floor(box.right() / kCell));
    const auto first_y = static_cast<int64_t>(std::floor(box.top() / kCell));
    const auto last_y = static_cast<int64_t>(std::floor(box.bottom() / kCell));
    for (int64_t x = first_x; x <= last_x; ++x)
      for (int64_t y = first_y; y <= last_y; ++y)
        visit(x * 1000003 + y);
  }
  std::vector<QRectF> boxes_;
  std::unordered_map<int64_t, std::vector<size_t>> cells_;
};

} // namespace

QColor changeColor(ir::ChangeClass change) {
  switch (change) {
  case ir::ChangeClass::Same:
    return QColor(0xcf, 0xd4, 0xdb);
  case ir::ChangeClass::Changed:
    return QColor(0xf2, 0xa9, 0x1e);
  case ir::ChangeClass::Added:
    return QColor(0x4c, 0xb0, 0x50);
  case ir::ChangeClass::Removed:
    return QColor(0xe0, 0x4b, 0x3f);
  }
  return {};
}

QString changeClassLabel(ir::ChangeClass change) {
  switch (change) {
  case ir::ChangeClass::Same:
    return QObject::tr("same");
  case ir::ChangeClass::Changed:
    return QObject::tr("changed");
  case ir::ChangeClass::Added:
    return QObject::tr("added");
  case ir::ChangeClass::Removed:
    return QObject::tr("removed");
  }
  return {};
}

QIcon changeIcon(ir::ChangeClass change) {
  QPixmap pixmap(12, 12);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(changeColor(change).darker(130));
  painter.setBrush(changeColor(change));
  painter.drawRoundedRect(QRectF(1, 1, 10, 10), 2, 2);
  return QIcon(pixmap);
}

render::HeatMap colourByChange(const ModelComparison& comparison, DiffSide side,
                               bool ghost_swatch) {
  const ModelDocument& document = comparison.side(side);
  const auto& items = document.diagram.items;
  render::HeatMap map;
  map.fills.resize(items.size());
  // A collapsed group: the one class of its changes, or changed when they are of several.
  std::vector<std::optional<ir::ChangeClass>> group_class(items.size());
  for (int node = 0; node < document.nodeCount(); ++node) {
    const int item = document.item_of_node[static_cast<size_t>(node)];
    if (item < 0)
      continue;
    const ir::ChangeClass change = classOf(comparison, side, node);
    if (items[static_cast<size_t>(item)].kind == layout::ItemKind::Op) {
      map.fills[static_cast<size_t>(item)] = changeColor(change);
      continue;
    }
    auto& shown = group_class[static_cast<size_t>(item)];
    if (!shown || *shown == ir::ChangeClass::Same)
      shown = change;
    else if (change != ir::ChangeClass::Same && change != *shown)
      shown = ir::ChangeClass::Changed;
  }
  for (size_t item = 0; item < items.size(); ++item)
    if (group_class[item])
      map.fills[item] = changeColor(*group_class[item]);
  render::HeatLegend legend;
  legend.title = side == DiffSide::A ? QObject::tr("change, A side") : QObject::tr("change");
  for (const ir::ChangeClass change : kClasses) {
    // Each side shows only the classes it can hold: A has no added nodes, B no removed ones
    // (but their ghosts).
    if ((side == DiffSide::A && change == ir::ChangeClass::Added) ||
        (side == DiffSide::B && change == ir::ChangeClass::Removed && !ghost_swatch))
      continue;
    QString label = changeClassLabel(change);
    if (side == DiffSide::B && change == ir::ChangeClass::Removed)
      label = QObject::tr("removed (dashed)");
    legend.swatches.push_back({label, changeColor(change)});
  }
  map.legend = legend;
  return map;
}

std::vector<render::GhostBox> removedNodeGhosts(const ModelComparison& comparison,
                                                std::vector<int>* entries) {
  const ModelDocument& a = *comparison.a;
  const ModelDocument& b = *comparison.b;
  std::vector<render::GhostBox> ghosts;
  TakenBoxes taken;
  for (const layout::DiagramItem& item : b.diagram.items)
    taken.add(rectOf(item.box));
  const QRectF bounds = rectOf(b.diagram.bounds);
  double stray_y = bounds.top(); // ghosts with no paired neighbour line up at the right
  for (size_t e = 0; e < comparison.diff.nodes.size(); ++e) {
    const ir::NodeDifference& entry = comparison.diff.nodes[e];
    if (entry.change != ir::ChangeClass::Removed || entry.a < 0)
      continue;
    const ir::Node& node = a.model.graph.nodes[static_cast<size_t>(entry.a)];
    const int a_item = a.item_of_node[static_cast<size_t>(entry.a)];
    render::GhostBox ghost;
    ghost.color = changeColor(ir::ChangeClass::Removed);
    ghost.detail = QString::fromStdString(node.name);
    QSizeF size(120, 36);
    if (a_item >= 0 && a.diagram.items[static_cast<size_t>(a_item)].kind == layout::ItemKind::Op) {
      const layout::DiagramItem& shown = a.diagram.items[static_cast<size_t>(a_item)];
      size = QSizeF(shown.box.width, shown.box.height);
      ghost.title = QString::fromStdString(shown.lines.empty() ? node.op_type : shown.lines[0]);
    } else {
      ghost.title = QString::fromStdString(ir::opKind(node.op_type));
    }
    // Between the partners of what feeds it and what it fed.
    auto boxesOf = [&](const std::vector<int>& nodes) {
      std::vector<QRectF> boxes;
      for (const int n : nodes)
        if (const int item = b.item_of_node[static_cast<size_t>(n)]; item >= 0)
          boxes.push_back(rectOf(b.diagram.items[static_cast<size_t>(item)].box));
      return boxes;
    };
    const std::vector<QRectF> above = boxesOf(pairedNeighbours(comparison, entry.a, true));
    const std::vector<QRectF> below = boxesOf(pairedNeighbours(comparison, entry.a, false));
    QPointF centre;
    if (above.empty() && below.empty()) {
      centre = QPointF(bounds.right() + kGhostGap + size.width() / 2, stray_y + size.height() / 2);
      stray_y += size.height() + kGhostGap;
    } else {
      double x = 0, top = -1e18, bottom = 1e18, right = -1e18;
      for (const QRectF& box : above) {
        x += box.center().x();
        top = std::max(top, box.bottom());
        right = std::max(right, box.right());
      }
      for (const QRectF& box : below) {
        x += box.center().x();
        bottom = std::min(bottom, box.top());
        right = std::max(right, box.right());
      }
      x /= static_cast<double>(above.size() + below.size());
      const double y = above.empty()   ? bottom - kGhostGap - size.height() / 2
                       : below.empty() ? top + kGhostGap + size.height() / 2
                                       : (top + bottom) / 2;
      // Beside the edge that now joins its neighbours, not over it.
      centre = QPointF(std::max(x, right - size.width() / 2) + size.width() + kGhostGap, y);
    }
    QRectF box(centre - QPointF(size.width() / 2, size.height() / 2), size);
    for (int tries = 0; tries < 40; ++tries) {
      const QRectF* covers = taken.covering(box, 4);
      if (!covers)
        break;
      box.moveLeft(covers->right() + kGhostGap);
    }
    taken.add(box);
    ghost.box = box;
    ghosts.push_back(ghost);
    if (entries)
      entries->push_back(static_cast<int>(e));
  }
  return ghosts;
}

} // namespace irscope::app
