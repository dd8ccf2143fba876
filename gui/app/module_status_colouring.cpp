#include "gui/app/module_status_colouring.h"

#include <QObject>
#include <QPainter>
#include <QPixmap>
#include <optional>
#include <vector>

namespace irscope::app {

QColor moduleStatusColor(ir::ModuleStatus status) {
  switch (status) {
  case ir::ModuleStatus::Success:
    return QColor(0x22, 0xc5, 0x5e);
  case ir::ModuleStatus::Failed:
  case ir::ModuleStatus::IrExportFailed:
    return QColor(0xef, 0x44, 0x44);
  case ir::ModuleStatus::InheritedSuccess:
    return QColor(0x10, 0xb9, 0x81);
  case ir::ModuleStatus::Skipped:
    return QColor(0x9c, 0xa3, 0xaf);
  case ir::ModuleStatus::Unknown:
    break;
  }
  return QColor(0xd1, 0xd5, 0xdb);
}

QString moduleStatusText(ir::ModuleStatus status) {
  const std::string_view name = ir::moduleStatusName(status);
  return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QIcon moduleStatusIcon(ir::ModuleStatus status) {
  const QColor color = moduleStatusColor(status);
  QPixmap pixmap(12, 12);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(color.darker(130), 1));
  painter.setBrush(color);
  painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
  return QIcon(pixmap);
}

namespace {
const QColor kInFailedModule(0xfe, 0xca, 0xca); // ttchop's failed badge background
} // namespace

render::HeatMap colourByModuleStatus(const ModelDocument& document,
                                     const ModelModuleAnalysis& analysis) {
  const auto& items = document.diagram.items;
  const QString backend = QString::fromStdString(analysis.document.backend);
  // Classes only: no item carries a number, so the legend shows no ramp.
  render::HeatMap map = render::buildHeatMap(
      std::vector<std::optional<double>>(items.size()),
      backend.isEmpty() ? QObject::tr("module status")
                        : QObject::tr("module status (%1 backend)").arg(backend),
      render::HeatScale::Flag);
  map.fills.assign(items.size(), QColor());
  const QColor failed = moduleStatusColor(ir::ModuleStatus::Failed);
  for (size_t i = 0; i < items.size(); ++i) {
    const layout::DiagramItem& item = items[i];
    if (item.kind == layout::ItemKind::CollapsedGroup) {
      map.fills[i] = moduleStatusColor(
          analysis.groupStatus(analysis.analysedGroupAround(document, item.group)));
    } else if (item.kind == layout::ItemKind::Op && item.node >= 0) {
      const auto node = static_cast<size_t>(item.node);
      const ir::ModuleStatus status = analysis.nodeStatus(document, item.node);
      // A failed module's other ops are tinted, so that the ops that failed stand out in it.
      map.fills[i] =
          node < analysis.node_failures.size() && !analysis.node_failures[node].empty() ? failed
          : status == ir::ModuleStatus::Failed || status == ir::ModuleStatus::IrExportFailed
              ? kInFailedModule
              : moduleStatusColor(status);
    }
  }
  map.legend->swatches = {
      {QObject::tr("failed op; failed group"), failed},
      {QObject::tr("op in a failed module"), kInFailedModule},
      {moduleStatusText(ir::ModuleStatus::Success), moduleStatusColor(ir::ModuleStatus::Success)},
      {moduleStatusText(ir::ModuleStatus::InheritedSuccess),
       moduleStatusColor(ir::ModuleStatus::InheritedSuccess)},
      {moduleStatusText(ir::ModuleStatus::Skipped), moduleStatusColor(ir::ModuleStatus::Skipped)},
      {moduleStatusText(ir::ModuleStatus::Unknown), moduleStatusColor(ir::ModuleStatus::Unknown)},
  };
  return map;
}

} // namespace irscope::app
