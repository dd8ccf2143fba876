#include "gui/app/changes_dock.h"

#include "gui/app/diff_colouring.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

namespace irscope::app {

namespace {

constexpr int kEntryRole = Qt::UserRole + 1;
constexpr ir::ChangeClass kToggled[] = {ir::ChangeClass::Changed, ir::ChangeClass::Added,
                                        ir::ChangeClass::Removed};

int toggleIndex(ir::ChangeClass change) {
  return change == ir::ChangeClass::Changed ? 0 : change == ir::ChangeClass::Added ? 1 : 2;
}

QString nodeText(const ModelDocument& document, int node) {
  if (node < 0)
    return QStringLiteral("\u2014");
  return QString::fromStdString(document.model.graph.nodes[static_cast<size_t>(node)].name);
}

// What changed, in one line: the fields of a changed pair, the op of a single node.
QString whatChanged(const ModelComparison& comparison, const ir::NodeDifference& entry) {
  if (entry.change == ir::ChangeClass::Added)
    return QObject::tr("only in B: %1")
        .arg(QString::fromStdString(
            comparison.b->model.graph.nodes[static_cast<size_t>(entry.b)].op_type));
  if (entry.change == ir::ChangeClass::Removed)
    return QObject::tr("only in A: %1")
        .arg(QString::fromStdString(
            comparison.a->model.graph.nodes[static_cast<size_t>(entry.a)].op_type));
  QStringList fields;
  for (const ir::FieldDifference& field : entry.fields)
    fields << QStringLiteral("%1: %2 \u2192 %3")
                  .arg(QString::fromStdString(field.field), QString::fromStdString(field.a),
                       QString::fromStdString(field.b));
  return fields.join(QStringLiteral("; "));
}

} // namespace

ChangesDock::ChangesDock(QWidget* parent) : QDockWidget(tr("Changes"), parent) {
  setObjectName("changes");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(6, 6, 6, 6);
  summary_ = new QLabel(tr("Compare with another model (File > Compare With...) to list what "
                           "changed"),
                        content);
  summary_->setWordWrap(true);
  auto* toggles = new QHBoxLayout;
  toggles->setSpacing(4);
  for (const ir::ChangeClass change : kToggled) {
    auto* toggle = new QToolButton(content);
    toggle->setCheckable(true);
    toggle->setChecked(true);
    toggle->setIcon(changeIcon(change));
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setText(changeClassLabel(change));
    toggle->setToolTip(tr("Show the %1 nodes").arg(changeClassLabel(change)));
    connect(toggle, &QToolButton::toggled, this, [this] { rebuild(); });
    toggles->addWidget(toggle);
    toggles_[toggleIndex(change)] = toggle;
  }
  toggles->addStretch(1);
  tree_ = new QTreeWidget(content);
  tree_->setColumnCount(4);
  tree_->setHeaderLabels({tr("Class"), tr("A"), tr("B"), tr("What changed")});
  tree_->header()->setStretchLastSection(true);
  tree_->setRootIsDecorated(true);
  tree_->setUniformRowHeights(true);
  layout->addWidget(summary_);
  layout->addLayout(toggles);
  layout->addWidget(tree_, 1);
  setWidget(content);
  auto choose = [this](QTreeWidgetItem* item) {
    const QVariant entry = item ? item->data(0, kEntryRole) : QVariant();
    if (entry.isValid())
      emit entryChosen(entry.toInt());
  };
  connect(tree_, &QTreeWidget::itemClicked, this, choose);
  connect(tree_, &QTreeWidget::itemActivated, this, choose);
}

void ChangesDock::setComparison(const ModelComparison* comparison) {
  comparison_ = comparison;
  rebuild();
}

void ChangesDock::setClassShown(ir::ChangeClass change, bool shown) {
  if (change != ir::ChangeClass::Same)
    toggles_[toggleIndex(change)]->setChecked(shown); // rebuilds
}

void ChangesDock::rebuild() {
  tree_->clear();
  if (!comparison_) {
    for (QToolButton* toggle : toggles_)
      toggle->setText(toggle->text().section(' ', -1));
    return;
  }
  const ir::GraphDiff& diff = comparison_->diff;
  const ir::ClassCounts& counts = diff.node_counts;
  const size_t per_class[3] = {counts.changed, counts.added, counts.removed};
  for (const ir::ChangeClass change : kToggled)
    toggles_[toggleIndex(change)]->setText(
        QStringLiteral("%1 %2").arg(per_class[toggleIndex(change)]).arg(changeClassLabel(change)));
  summary_->setText(
      counts.changes() == 0
          ? tr("No changes: all %1 nodes are the same.").arg(counts.same)
          : tr("%1 changes; %2 nodes the same.").arg(counts.changes()).arg(counts.same));
  // Modules in order of first appearance, their changes in execution order under them.
  std::map<std::string, QTreeWidgetItem*> modules;
  for (size_t e = 0; e < diff.nodes.size(); ++e) {
    const ir::NodeDifference& entry = diff.nodes[e];
    if (entry.change == ir::ChangeClass::Same || !toggles_[toggleIndex(entry.change)]->isChecked())
      continue;
    const std::string& module =
        ir::moduleOf(entry, comparison_->a->model.graph, comparison_->b->model.graph);
    QTreeWidgetItem*& parent = modules[module];
    if (!parent) {
      parent = new QTreeWidgetItem(tree_);
      parent->setText(0, module.empty() ? tr("(no module)") : QString::fromStdString(module));
      parent->setFirstColumnSpanned(true);
      parent->setExpanded(true);
    }
    auto* row = new QTreeWidgetItem(parent);
    row->setIcon(0, changeIcon(entry.change));
    row->setText(0, changeClassLabel(entry.change));
    row->setText(1, nodeText(*comparison_->a, entry.a));
    row->setText(2, nodeText(*comparison_->b, entry.b));
    const QString what = whatChanged(*comparison_, entry);
    row->setText(3, what);
    for (int column = 0; column < 4; ++column)
      row->setToolTip(column, what);
    row->setData(0, kEntryRole, static_cast<int>(e));
  }
  // Weights that changed (in shape or dtype, or by value after Run Both), after the nodes.
  QTreeWidgetItem* weights = nullptr;
  for (const ir::WeightDifference& weight : diff.weights) {
    if (weight.change == ir::ChangeClass::Same ||
        !toggles_[toggleIndex(weight.change)]->isChecked())
      continue;
    if (!weights) {
      weights = new QTreeWidgetItem(tree_);
      weights->setText(0, tr("(weights)"));
      weights->setFirstColumnSpanned(true);
      weights->setExpanded(true);
    }
    auto* row = new QTreeWidgetItem(weights);
    row->setIcon(0, changeIcon(weight.change));
    row->setText(0, changeClassLabel(weight.change));
    const QString name = QString::fromStdString(weight.name);
    row->setText(1, weight.a >= 0 ? name : QStringLiteral("\u2014"));
    row->setText(2, weight.b >= 0 ? name : QStringLiteral("\u2014"));
    QStringList fields;
    for (const ir::FieldDifference& field : weight.fields)
      fields << (field.a.empty()
                     ? QStringLiteral("%1: %2").arg(QString::fromStdString(field.field),
                                                    QString::fromStdString(field.b))
                     : QStringLiteral("%1: %2 \u2192 %3")
                           .arg(QString::fromStdString(field.field),
                                QString::fromStdString(field.a), QString::fromStdString(field.b)));
    row->setText(3, fields.join(QStringLiteral("; ")));
    for (int column = 0; column < 4; ++column)
      row->setToolTip(column, row->text(3));
  }
  for (int column = 0; column < 3; ++column)
    tree_->resizeColumnToContents(column);
}

void ChangesDock::showEntry(int entry) {
  const QSignalBlocker block(tree_);
  for (int m = 0; m < tree_->topLevelItemCount(); ++m) {
    QTreeWidgetItem* module = tree_->topLevelItem(m);
    for (int c = 0; c < module->childCount(); ++c)
      if (module->child(c)->data(0, kEntryRole) == QVariant(entry)) {
        tree_->setCurrentItem(module->child(c));
        tree_->scrollToItem(module->child(c));
        return;
      }
  }
  tree_->setCurrentItem(nullptr);
}

std::vector<int> ChangesDock::listedEntries() const {
  std::vector<int> entries;
  for (int m = 0; m < tree_->topLevelItemCount(); ++m) {
    const QTreeWidgetItem* module = tree_->topLevelItem(m);
    for (int c = 0; c < module->childCount(); ++c)
      if (const QVariant entry = module->child(c)->data(0, kEntryRole); entry.isValid())
        entries.push_back(entry.toInt());
  }
  return entries;
}

} // namespace irscope::app
