#include "gui/app/modules_dock.h"

#include "io/summary_report.h"

#include <QHeaderView>
#include <QTreeWidget>

namespace irscope::app {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}
} // namespace

ModulesDock::ModulesDock(QWidget* parent) : QDockWidget(tr("Modules"), parent) {
  setObjectName("modules");
  tree_ = new QTreeWidget(this);
  tree_->setHeaderLabels({tr("Group"), tr("Ops"), tr("Params"), tr("What")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  setWidget(tree_);
  connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    const QVariant group = item->data(0, Qt::UserRole);
    if (group.isValid())
      emit groupClicked(group.toInt());
  });
}

void ModulesDock::setDocument(const ModelDocument* document) {
  tree_->clear();
  if (!document)
    return;
  const ir::ModuleTree& modules = document->modules;
  std::vector<QTreeWidgetItem*> items(modules.groups.size(), nullptr);
  for (size_t g = 0; g < modules.groups.size(); ++g) {
    const ir::ModuleGroup& group = modules.groups[g];
    QStringList columns{q(group.label), QString::number(group.total_nodes),
                        q(io::withThousandsSeparators(document->group_parameters[g])),
                        q(group.type)};
    items[g] = group.parent < 0 ? new QTreeWidgetItem(tree_, columns)
                                : new QTreeWidgetItem(items[group.parent], columns);
    items[g]->setData(0, Qt::UserRole, static_cast<int>(g));
  }
  if (modules.groups.empty())
    new QTreeWidgetItem(tree_, {tr("(no groups: the graph is small enough to show flat)")});
}

} // namespace irscope::app
