#include "gui/app/modules_dock.h"

#include "core/layer_summary.h"
#include "gui/app/module_status_colouring.h"
#include "io/summary_report.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace irscope::app {

namespace {

constexpr int kGroupRole = Qt::UserRole;
constexpr int kNodeRole = Qt::UserRole + 1;    // a failed op's node
constexpr int kFailureRole = Qt::UserRole + 2; // marks a failed op's row
constexpr char kRootName[] = "full_model";

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

// 320 -> "320", 1'814'000'000 -> "1.81 G": three significant digits, as model cards write MACs.
QString humanCount(int64_t value) {
  if (value < 1000)
    return QString::number(value);
  static constexpr const char* kUnits[] = {"K", "M", "G", "T", "P"};
  double scaled = static_cast<double>(value);
  size_t unit = 0;
  for (scaled /= 1000; scaled >= 999.5 && unit + 1 < std::size(kUnits); scaled /= 1000)
    ++unit;
  const int decimals = scaled < 9.995 ? 2 : scaled < 99.95 ? 1 : 0;
  return QString("%1 %2").arg(QString::number(scaled, 'f', decimals), kUnits[unit]);
}

QString shapesText(const std::vector<ir::Shape>& shapes) {
  QStringList texts;
  for (const ir::Shape& shape : shapes)
    texts << q(ir::formatShapeList(shape));
  return texts.join(", ");
}

} // namespace

ModulesDock::ModulesDock(QWidget* parent) : QDockWidget(tr("Modules"), parent) {
  setObjectName("modules");
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(ColumnCount);
  tree_->setHeaderLabels({tr("Group"), tr("Status"), tr("MACs"), tr("Output Shape"), tr("Ops"),
                          tr("Params"), tr("What")});
  tree_->headerItem()->setToolTip(
      Status, tr("The module's op-by-op analysis status (Tools > Analyze Modules)"));
  tree_->headerItem()->setToolTip(Macs, tr("Multiply-accumulates of the ops inside"));
  for (int column = Group; column < What; ++column)
    tree_->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  // Says when the groups are a guess from the weights' names (torch_ir JSON names no modules).
  inferred_note_ = new QLabel(tr("Module paths inferred from weight names"), this);
  inferred_note_->setObjectName("inferredModulePathsNote");
  inferred_note_->setToolTip(
      tr("The file names no op's module, so each op was placed by the weights it reads: "
         "layers.0.linear1.weight makes its op part of layers.0.linear1. An op that reads no "
         "weight goes to the module enclosing the weighted ops before and after it (a numbered "
         "block such as layers.3 keeps the ops that end or start it). Module classes are "
         "unknown. Open the model's TorchScript file for exact modules."));
  inferred_note_->setContentsMargins(4, 2, 4, 2);
  inferred_note_->hide();
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(inferred_note_);
  layout->addWidget(tree_);
  setWidget(content);
  connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    if (item->data(0, kFailureRole).toBool()) {
      const int node = failedOpNode(item);
      if (node >= 0)
        emit nodeClicked(node);
      return;
    }
    const QVariant group = item->data(0, kGroupRole);
    if (group.isValid())
      emit groupClicked(group.toInt());
  });
}

void ModulesDock::setDocument(const ModelDocument* document) {
  tree_->clear();
  items_.clear();
  group_names_.clear();
  root_ = nullptr;
  inferred_note_->setVisible(document && document->model.module_paths ==
                                             ir::ModulePathSource::InferredFromWeightNames);
  if (!document)
    return;
  const ir::ModuleTree& modules = document->modules;
  const ir::Graph& graph = document->model.graph;
  // MACs and output shapes per group, as `irscope-cli summary` gives them.
  const ir::LayerSummary layers =
      ir::summarizeLayers(graph, document->model.topology, modules, false);
  std::vector<const ir::LayerRow*> row_of_group(modules.groups.size(), nullptr);
  for (const ir::LayerRow& row : layers.rows)
    if (row.group >= 0 && static_cast<size_t>(row.group) < row_of_group.size())
      row_of_group[static_cast<size_t>(row.group)] = &row;

  if (!modules.derived && !modules.groups.empty()) {
    // Module paths name a whole model around the groups, which an analysis gives a status too.
    std::vector<ir::Shape> outputs;
    for (const ir::Tensor& output : graph.outputs)
      outputs.push_back(output.shape);
    QStringList columns(ColumnCount);
    columns[Group] = kRootName;
    columns[Ops] = QString::number(document->summary.num_nodes);
    columns[Params] = q(io::withThousandsSeparators(document->summary.unique_parameters));
    columns[Macs] = humanCount(layers.macs);
    columns[OutputShape] = shapesText(outputs);
    columns[What] = q(graph.model_name);
    root_ = new QTreeWidgetItem(tree_, columns);
    root_->setToolTip(Group, tr("The whole model"));
    root_->setToolTip(Macs, QString::number(layers.macs));
  }
  items_.assign(modules.groups.size(), nullptr);
  for (size_t g = 0; g < modules.groups.size(); ++g) {
    const ir::ModuleGroup& group = modules.groups[g];
    const ir::LayerRow* layer = row_of_group[g];
    QStringList columns(ColumnCount);
    columns[Group] = q(group.label);
    columns[Ops] = QString::number(group.total_nodes);
    columns[Params] = q(io::withThousandsSeparators(document->group_parameters[g]));
    columns[Macs] = layer ? humanCount(layer->macs) : QString();
    columns[OutputShape] = layer ? shapesText(layer->output_shapes) : QString();
    columns[What] = q(group.type);
    QTreeWidgetItem* parent = group.parent >= 0 ? items_[static_cast<size_t>(group.parent)] : root_;
    items_[g] = parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(tree_, columns);
    items_[g]->setData(0, kGroupRole, static_cast<int>(g));
    group_names_ << q(group.name);
    items_[g]->setToolTip(Group, q(group.name));
    if (!group.qualified_type.empty())
      items_[g]->setToolTip(What, q(group.qualified_type));
    if (layer)
      items_[g]->setToolTip(Macs, QString::number(layer->macs));
  }
  if (root_)
    root_->setExpanded(true);
  // A lone top-level group (encoder24's `layers`) says nothing closed: show what it holds.
  if (const std::vector<int> top = modules.topLevel(); top.size() == 1)
    items_[static_cast<size_t>(top.front())]->setExpanded(true);
  if (modules.groups.empty())
    new QTreeWidgetItem(tree_, {tr("(no groups: the graph is small enough to show flat)")});
}

void ModulesDock::clearAnalysis() {
  std::vector<QTreeWidgetItem*> rows = items_;
  rows.push_back(root_);
  for (QTreeWidgetItem* row : rows) {
    if (!row)
      continue;
    row->setText(Status, QString());
    row->setIcon(Status, QIcon());
    row->setToolTip(Status, QString());
    for (int i = row->childCount() - 1; i >= 0; --i)
      if (row->child(i)->data(0, kFailureRole).toBool())
        delete row->takeChild(i);
  }
}

void ModulesDock::setAnalysis(const ModelDocument& document, const ModelModuleAnalysis* analysis) {
  clearAnalysis();
  if (!analysis || analysis->group_module.size() != items_.size())
    return;
  auto show = [&](QTreeWidgetItem* row, int group) {
    const io::AnalysedModule* module = analysis->moduleOfGroup(group);
    if (!row || !module)
      return;
    row->setText(Status, moduleStatusText(module->status));
    row->setIcon(Status, moduleStatusIcon(module->status));
    const size_t occurrences = std::max<size_t>(module->occurrences.size(), 1);
    row->setToolTip(Status, tr("%1: %2, unique module %3 (%4 occurrence(s))")
                                .arg(q(analysis->groupPath(group)),
                                     moduleStatusText(module->status), q(module->id))
                                .arg(occurrences));
  };
  show(root_, -1);
  addFailures(root_, analysis->root_failures, document, *analysis);
  for (size_t g = 0; g < items_.size(); ++g) {
    show(items_[g], static_cast<int>(g));
    addFailures(items_[g], analysis->group_failures[g], document, *analysis);
  }
}

void ModulesDock::addFailures(QTreeWidgetItem* row, const std::vector<int>& failures,
                              const ModelDocument& document, const ModelModuleAnalysis& analysis) {
  if (!row || failures.empty())
    return;
  const ir::Graph& graph = document.model.graph;
  for (size_t i = 0; i < failures.size(); ++i) {
    const ModuleFailure& failure = analysis.failures[static_cast<size_t>(failures[i])];
    const ir::FailedOp& op = failure.failedOp(analysis.document);
    QStringList columns(ColumnCount);
    columns[Group] = q(op.op_name);
    columns[Status] = tr("failed op");
    QStringList outputs;
    for (const std::string& output : op.outputs)
      outputs << q(output);
    columns[OutputShape] = outputs.join(", ");
    columns[What] = q(op.error_message);
    // Before the child groups: what failed here comes first.
    auto* item = new QTreeWidgetItem(columns);
    row->insertChild(static_cast<int>(i), item);
    item->setIcon(Status, moduleStatusIcon(ir::ModuleStatus::Failed));
    item->setData(0, kFailureRole, true);
    item->setData(0, kNodeRole, failure.node);
    const QString where =
        failure.node >= 0
            ? tr("node %1 in %2")
                  .arg(q(graph.nodes[static_cast<size_t>(failure.node)].name), q(failure.path))
            : q(failure.path);
    const QString tip = where + ": " + q(op.error_message);
    for (int column = 0; column < ColumnCount; ++column)
      item->setToolTip(column, tip);
    // The failed ops are what an analysis is for: their rows are in view.
    for (QTreeWidgetItem* around = row; around; around = around->parent())
      around->setExpanded(true);
  }
}

QTreeWidgetItem* ModulesDock::groupItem(const QString& name) const {
  if (name == kRootName)
    return root_;
  const qsizetype group = group_names_.indexOf(name);
  return group >= 0 ? items_[static_cast<size_t>(group)] : nullptr;
}

int ModulesDock::failedOpNode(const QTreeWidgetItem* item) {
  if (!item || !item->data(0, kFailureRole).toBool())
    return -1;
  return item->data(0, kNodeRole).toInt();
}

int ModulesDock::preferredWidth() const {
  int width = 0;
  for (int column = Group; column < What; ++column)
    width += tree_->columnWidth(column);
  return width + 120 + 2 * tree_->frameWidth() + tree_->verticalScrollBar()->sizeHint().width();
}

} // namespace irscope::app
