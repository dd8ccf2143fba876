#include "gui/app/mapping_colouring.h"

#include <QObject>
#include <QPainter>
#include <QPixmap>

namespace irscope::app {

namespace {
constexpr ir::CoverageClass kClasses[] = {ir::CoverageClass::Converted, ir::CoverageClass::Removed,
                                          ir::CoverageClass::Fallback, ir::CoverageClass::Unmapped};
} // namespace

QColor mappingColor(ir::CoverageClass coverage) {
  switch (coverage) {
  case ir::CoverageClass::Converted:
    return render::shareColor(1);
  case ir::CoverageClass::Removed:
    return QColor(0xc4, 0xc9, 0xd1);
  case ir::CoverageClass::Fallback:
    return render::shareColor(0);
  case ir::CoverageClass::Unmapped:
    return QColor(0xbc, 0x9c, 0xdc);
  }
  return {};
}

QString mappingClassName(ir::CoverageClass coverage, const ir::OpMappingEntry* entry) {
  if (coverage == ir::CoverageClass::Converted && entry &&
      entry->status == ir::MappingStatus::Decomposed)
    return QStringLiteral("decomposed");
  const std::string_view name = ir::coverageClassName(coverage);
  return QString::fromUtf8(name.data(), static_cast<int>(name.size()));
}

QIcon mappingIcon(ir::CoverageClass coverage) {
  const QColor color = mappingColor(coverage);
  QPixmap pixmap(12, 12);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(color.darker(140), 1));
  painter.setBrush(color);
  painter.drawRoundedRect(QRectF(0.5, 0.5, 11, 11), 2, 2);
  return QIcon(pixmap);
}

std::vector<std::optional<double>> groupMappedShares(const ModelDocument& document,
                                                     const ModelMapping& mapping) {
  const auto& items = document.diagram.items;
  std::vector<size_t> ops(items.size(), 0), mapped(items.size(), 0);
  const size_t count = std::min(document.item_of_node.size(), mapping.node_class.size());
  for (size_t node = 0; node < count; ++node) {
    const int item = document.item_of_node[node];
    const auto& coverage = mapping.node_class[node];
    if (item < 0 || static_cast<size_t>(item) >= items.size() || !coverage ||
        items[item].kind != layout::ItemKind::CollapsedGroup)
      continue;
    ++ops[item];
    if (*coverage == ir::CoverageClass::Converted || *coverage == ir::CoverageClass::Removed)
      ++mapped[item];
  }
  std::vector<std::optional<double>> shares(items.size());
  for (size_t i = 0; i < items.size(); ++i)
    if (ops[i] > 0)
      shares[i] = static_cast<double>(mapped[i]) / static_cast<double>(ops[i]);
  return shares;
}

render::HeatMap colourByMapping(const ModelDocument& document, const ModelMapping& mapping) {
  const auto& items = document.diagram.items;
  render::HeatMap map = render::buildHeatMap(
      groupMappedShares(document, mapping),
      QObject::tr("target mapping (%1)").arg(QString::fromStdString(mapping.mapping->target)),
      render::HeatScale::Share);
  map.fills.resize(items.size());
  for (size_t node = 0; node < document.item_of_node.size() && node < mapping.node_class.size();
       ++node) {
    const int item = document.item_of_node[node];
    if (item >= 0 && items[item].kind == layout::ItemKind::Op && mapping.node_class[node])
      map.fills[item] = mappingColor(*mapping.node_class[node]);
  }
  for (ir::CoverageClass coverage : kClasses)
    map.legend->swatches.push_back({mappingClassName(coverage), mappingColor(coverage)});
  map.legend->ramp_title = QObject::tr("groups: share of ops that map");
  return map;
}

} // namespace irscope::app
