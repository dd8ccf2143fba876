#include "gui/app/operators_dock.h"

#include "core/op_name.h"
#include "gui/app/mapping_colouring.h"
#include "io/coverage_report.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QScrollBar>
#include <QSet>
#include <QSignalBlocker>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace irscope::app {

namespace {

constexpr int kOpRole = Qt::UserRole;                // top-level rows: the op type
constexpr int kConfigurationRole = Qt::UserRole + 1; // configuration rows: index in the op's
constexpr int kSortRole = Qt::UserRole + 2;          // per column: what it sorts by
// The Op column takes what the Count and Configs columns leave, within these (pixels).
constexpr int kMinOpColumnWidth = 110;
constexpr int kMaxOpColumnWidth = 240;
// Dark text on the light class colours, in either theme.
const QColor kInkOnFill(0x2b, 0x33, 0x3e);

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

// Sorts by each column's kSortRole: numbers as numbers, text without regard to case.
class SortableItem : public QTreeWidgetItem {
public:
  using QTreeWidgetItem::QTreeWidgetItem;
  bool operator<(const QTreeWidgetItem& other) const override {
    const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
    const QVariant a = data(column, kSortRole), b = other.data(column, kSortRole);
    if (!a.isValid() || !b.isValid())
      return QTreeWidgetItem::operator<(other);
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
      return a.toString().compare(b.toString(), Qt::CaseInsensitive) < 0;
    return a.toDouble() < b.toDouble();
  }
};

// One class for the whole op, or "mixed: 9 converted, 2 fallback" (counting configurations).
struct OpStatus {
  QString text;
  bool uniform = false;
  ir::CoverageClass coverage = ir::CoverageClass::Unmapped; // when uniform
};

OpStatus opStatus(const ir::OpCoverage& op, const ir::OpMappingEntry* entry) {
  const std::pair<ir::CoverageClass, size_t> counts[] = {
      {ir::CoverageClass::Converted, op.converted},
      {ir::CoverageClass::Removed, op.removed},
      {ir::CoverageClass::Fallback, op.fallback},
      {ir::CoverageClass::Unmapped, op.unmapped}};
  OpStatus status;
  QStringList parts;
  for (const auto& [coverage, count] : counts) {
    if (count == 0)
      continue;
    parts << QStringLiteral("%1 %2").arg(count).arg(mappingClassName(coverage, entry));
    status.coverage = coverage;
  }
  status.uniform = parts.size() == 1;
  status.text = status.uniform ? mappingClassName(status.coverage, entry)
                               : QObject::tr("mixed: %1").arg(parts.join(", "));
  return status;
}

// The reason without the op's name in front, which the row above already shows.
QString shortReason(const std::string& reason, const std::string& op) {
  const std::string prefix = ir::shortOpName(op) + ": ";
  return q(reason.rfind(prefix, 0) == 0 ? reason.substr(prefix.size()) : reason);
}

} // namespace

// Draws an op's node count as a bar proportional to the largest, so the dock reads as a
// histogram of the model's ops.
class OpCountDelegate : public QStyledItemDelegate {
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void setLargest(qlonglong largest) { largest_ = std::max<qlonglong>(1, largest); }
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    if (!index.parent().isValid()) {
      const double share = double(index.data(kSortRole).toLongLong()) / double(largest_);
      QRectF bar = QRectF(option.rect).adjusted(2, 3, -2, -3);
      bar.setWidth(bar.width() * std::min(1.0, share));
      painter->save();
      painter->setPen(Qt::NoPen);
      painter->setBrush(QColor(0x8a, 0xb4, 0xf8, 110));
      painter->drawRoundedRect(bar, 2, 2);
      painter->restore();
    }
    QStyledItemDelegate::paint(painter, option, index);
  }

private:
  qlonglong largest_ = 1;
};

QString configurationSummary(const Json& arguments) {
  QStringList parts;
  for (const auto& [key, value] : arguments.items()) {
    if (value.is_object() && value.contains("shape") && value.contains("dtype")) {
      QString dtype = value["dtype"].is_string() ? q(value["dtype"].get<std::string>()) : "?";
      if (dtype.startsWith("torch."))
        dtype = dtype.mid(6);
      parts << q(value["shape"].dump()) + " " + dtype;
    } else {
      parts << q(key) + " " + q(value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  return parts.isEmpty() ? QObject::tr("(no arguments)") : parts.join(QStringLiteral(" \u00b7 "));
}

OperatorsDock::OperatorsDock(QWidget* parent) : QDockWidget(tr("Operators"), parent) {
  setObjectName("operators");
  auto* panel = new QWidget(this);
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  filter_ = new QLineEdit(panel);
  filter_->setPlaceholderText(tr("Filter by op or target op"));
  filter_->setClearButtonEnabled(true);
  tree_ = new QTreeWidget(panel);
  tree_->setColumnCount(6);
  tree_->setHeaderLabels(
      {tr("Op"), tr("Count"), tr("Configs"), tr("Score"), tr("Status"), tr("Target")});
  tree_->headerItem()->setToolTip(Count, tr("Nodes of this op type"));
  tree_->headerItem()->setToolTip(Configurations,
                                  tr("Distinct configurations: input shapes, dtypes and attrs"));
  tree_->headerItem()->setToolTip(Status, tr("How the op's configurations map to the target"));
  tree_->headerItem()->setToolTip(Score,
                                  tr("Share of the configurations that are converted or removed"));
  tree_->setUniformRowHeights(false); // configuration rows hold two lines
  tree_->setTextElideMode(Qt::ElideMiddle);
  tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  tree_->setSortingEnabled(true);
  tree_->sortByColumn(Count, Qt::DescendingOrder);
  tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
  tree_->header()->setStretchLastSection(true);
  counts_ = new OpCountDelegate(tree_);
  tree_->setItemDelegateForColumn(Count, counts_);
  connect(tree_->header(), &QHeaderView::sectionResized, this,
          [this](int section) { op_column_by_user_ |= section == Op && !sizing_op_column_; });
  layout->addWidget(filter_);
  layout->addWidget(tree_, 1);
  setWidget(panel);

  connect(filter_, &QLineEdit::textChanged, this, [this] { applyFilter(); });
  // A row is chosen when it becomes current (mouse or keyboard), and when the current row is
  // clicked again; a click that made its row current chooses it once.
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
    if (!current)
      return;
    chosen_by_press_ = QApplication::mouseButtons() != Qt::NoButton;
    choose(current);
  });
  connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    if (std::exchange(chosen_by_press_, false))
      return;
    choose(item);
  });
}

void OperatorsDock::setMapping(std::shared_ptr<const ModelMapping> mapping) {
  // What the user had open and where, by op and configuration, for the new rows.
  QSet<QString> expanded;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    if (tree_->topLevelItem(i)->isExpanded())
      expanded.insert(tree_->topLevelItem(i)->data(Op, kOpRole).toString());
  QString current_op;
  int current_configuration = -1;
  if (const QTreeWidgetItem* current = tree_->currentItem()) {
    const QTreeWidgetItem* top = current->parent() ? current->parent() : current;
    current_op = top->data(Op, kOpRole).toString();
    if (current->parent())
      current_configuration = current->data(Op, kConfigurationRole).toInt();
  }
  const bool same_model =
      mapping_ && mapping && mapping_->models.front().source == mapping->models.front().source;
  mapping_ = std::move(mapping);
  const QSignalBlocker blocker(tree_);
  fill();
  if (!same_model)
    return;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* top = tree_->topLevelItem(i);
    const QString op = top->data(Op, kOpRole).toString();
    top->setExpanded(expanded.contains(op));
    if (op != current_op)
      continue;
    QTreeWidgetItem* current = top;
    for (int c = 0; c < top->childCount(); ++c)
      if (top->child(c)->data(Op, kConfigurationRole).toInt() == current_configuration)
        current = top->child(c);
    tree_->setCurrentItem(current);
  }
}

void OperatorsDock::fill() {
  tree_->setSortingEnabled(false);
  tree_->clear();
  if (!mapping_) {
    tree_->setSortingEnabled(true);
    return;
  }
  qlonglong largest = 1;
  for (const ir::OpCoverage& op : mapping_->coverage.ops) {
    const ir::OpMappingEntry* entry = mapping_->mapping->find(op.op);
    qlonglong nodes = 0;
    for (const ir::ConfigurationCoverage& configuration : op.configurations)
      nodes += static_cast<qlonglong>(configuration.nodes);
    largest = std::max(largest, nodes);
    const OpStatus status = opStatus(op, entry);
    const QString target = op.target.empty() ? QStringLiteral("\u2014") : q(op.target);
    auto* row = new SortableItem(tree_);
    row->setText(Op, q(op.op));
    row->setText(Count, QString::number(nodes));
    row->setText(Configurations, QString::number(op.variations()));
    row->setText(Status, status.text);
    row->setText(Score, QString::number(op.score(), 'f', 2));
    row->setText(Target, target);
    row->setData(Op, kOpRole, q(op.op));
    row->setData(Op, kSortRole, q(op.op));
    row->setData(Count, kSortRole, nodes);
    row->setData(Configurations, kSortRole, static_cast<qlonglong>(op.variations()));
    row->setData(Target, kSortRole, target);
    row->setData(Status, kSortRole, status.text);
    row->setData(Score, kSortRole, op.score());
    for (int column : {Count, Configurations, Score})
      row->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
    // The status in its class's colour; a mixed op in its share of configurations that map.
    row->setBackground(Status, status.uniform ? mappingColor(status.coverage)
                                              : render::shareColor(op.score()));
    row->setForeground(Status, kInkOnFill);
    QString tip = q(op.op);
    if (entry && !entry->note.empty())
      tip += "\n" + q(entry->note);
    for (int column = 0; column < kColumnCount; ++column)
      row->setToolTip(column, tip);

    for (size_t c = 0; c < op.configurations.size(); ++c) {
      const ir::ConfigurationCoverage& configuration = op.configurations[c];
      const QString summary = configurationSummary(configuration.configuration->arguments);
      QString verdict = mappingClassName(configuration.coverage, entry);
      if (!configuration.reason.empty())
        verdict += ": " + shortReason(configuration.reason, op.op);
      const QString count =
          configuration.nodes == 1 ? tr("1 node") : tr("%1 nodes").arg(configuration.nodes);
      auto* child =
          new SortableItem(row, QStringList{summary + "\n" + count + " \u00b7 " + verdict});
      child->setFirstColumnSpanned(true);
      child->setIcon(Op, mappingIcon(configuration.coverage));
      child->setData(Op, kConfigurationRole, static_cast<int>(c));
      child->setData(Op, kSortRole, static_cast<qlonglong>(c)); // the graph's order
      child->setData(Count, kSortRole, static_cast<qlonglong>(configuration.nodes));
      child->setData(Status, kSortRole, verdict);
      child->setToolTip(Op, summary + "\n" + count + " \u00b7 " + verdict + "\nconfig_hash " +
                                q(io::configHash(*configuration.configuration)));
    }
  }
  counts_->setLargest(largest);
  tree_->setSortingEnabled(true);
  sizing_op_column_ = true;
  tree_->resizeColumnToContents(Op);
  sizing_op_column_ = false;
  tree_->resizeColumnToContents(Target);
  // The short columns as wide as their header's text and their values, not more.
  const QFontMetrics metrics = tree_->fontMetrics();
  for (int column : {Count, Configurations, Status, Score}) {
    int width = metrics.horizontalAdvance(tree_->headerItem()->text(column));
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
      width = std::max(width, metrics.horizontalAdvance(tree_->topLevelItem(i)->text(column)));
    tree_->setColumnWidth(column, width + 16);
  }
  // Long op names and mixed statuses are elided in the middle (their tooltips hold them), so
  // that the counts beside the op show at the dock's opening width; the target ops, last, take
  // what is left.
  op_column_natural_ = tree_->columnWidth(Op);
  fitOpColumn();
  tree_->setColumnWidth(Status, std::min(tree_->columnWidth(Status), 140));
  applyFilter();
}

void OperatorsDock::fitOpColumn() {
  if (op_column_by_user_ || op_column_natural_ <= 0)
    return;
  const int room =
      tree_->viewport()->width() - tree_->columnWidth(Count) - tree_->columnWidth(Configurations);
  const int width =
      std::min({op_column_natural_, kMaxOpColumnWidth, std::max(kMinOpColumnWidth, room)});
  sizing_op_column_ = true;
  tree_->setColumnWidth(Op, width);
  sizing_op_column_ = false;
}

void OperatorsDock::resizeEvent(QResizeEvent* event) {
  QDockWidget::resizeEvent(event);
  fitOpColumn();
}

void OperatorsDock::applyFilter() {
  const QString text = filter_->text().trimmed();
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* row = tree_->topLevelItem(i);
    row->setHidden(!text.isEmpty() && !row->text(Op).contains(text, Qt::CaseInsensitive) &&
                   !row->text(Target).contains(text, Qt::CaseInsensitive));
  }
}

int OperatorsDock::preferredWidth() const {
  int width = 0;
  for (int column = 0; column < Target; ++column)
    width += tree_->columnWidth(column);
  // The target ops as wide as the longest, up to a point.
  int target = tree_->header()->sectionSizeHint(Target);
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    target = std::max(
        target, tree_->fontMetrics().horizontalAdvance(tree_->topLevelItem(i)->text(Target)) + 12);
  return width + std::min(target, 200) + 2 * tree_->frameWidth() +
         tree_->verticalScrollBar()->sizeHint().width() + 12;
}

QTreeWidgetItem* OperatorsDock::opItem(const QString& op) const {
  for (int i = 0; i < tree_->topLevelItemCount(); ++i)
    if (tree_->topLevelItem(i)->data(Op, kOpRole).toString() == op)
      return tree_->topLevelItem(i);
  return nullptr;
}

bool OperatorsDock::showOp(const QString& op) {
  QTreeWidgetItem* row = opItem(op);
  if (!row)
    return false;
  row->setHidden(false);
  row->setExpanded(true);
  {
    const QSignalBlocker blocker(tree_); // shown, not chosen
    tree_->setCurrentItem(row);
  }
  tree_->scrollToItem(row, QAbstractItemView::PositionAtTop);
  return true;
}

const ir::OpCoverage* OperatorsDock::coverageOf(const QTreeWidgetItem* item) const {
  if (!mapping_ || !item)
    return nullptr;
  const QTreeWidgetItem* top = item->parent() ? item->parent() : item;
  return mapping_->op(top->data(Op, kOpRole).toString().toStdString());
}

std::vector<int> OperatorsDock::nodesOf(const QTreeWidgetItem* item) const {
  std::vector<int> nodes;
  const ir::OpCoverage* op = coverageOf(item);
  if (!op)
    return nodes;
  const int only = item->parent() ? item->data(Op, kConfigurationRole).toInt() : -1;
  for (size_t c = 0; c < op->configurations.size(); ++c)
    if (only < 0 || static_cast<int>(c) == only)
      for (const int32_t node : op->configurations[c].configuration->nodes)
        nodes.push_back(node);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

void OperatorsDock::choose(QTreeWidgetItem* item) {
  if (!item || !coverageOf(item))
    return;
  if (item->parent())
    emit configurationChosen(nodesOf(item));
  else
    emit opChosen(item->data(Op, kOpRole).toString());
}

} // namespace irscope::app
