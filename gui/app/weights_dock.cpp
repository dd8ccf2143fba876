#include "gui/app/weights_dock.h"

#include "core/dtype.h"
#include "gui/app/weight_details.h"
#include "io/summary_report.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace irscope::app {

namespace {

// Pixels: enough for "layers.0.self_attn.in_proj_weight" cut in the middle to read.
constexpr int kMinNameWidth = 170;

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

// A table cell that sorts by number.
class NumberItem : public QTableWidgetItem {
public:
  NumberItem(qlonglong value, const QString& text) : QTableWidgetItem(text) {
    setData(Qt::UserRole, value);
    setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  }
  bool operator<(const QTableWidgetItem& other) const override {
    return data(Qt::UserRole).toLongLong() < other.data(Qt::UserRole).toLongLong();
  }
};

} // namespace

WeightsDock::WeightsDock(QWidget* parent) : QDockWidget(tr("Weights"), parent) {
  setObjectName("weights");
  auto* panel = new QWidget(this);
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  filter_ = new QLineEdit(panel);
  filter_->setPlaceholderText(tr("Filter weights"));
  filter_->setClearButtonEnabled(true);
  // The selected weight's statistics under the table; the split is the user's to move.
  auto* split = new QSplitter(Qt::Vertical, panel);
  table_ = new QTableWidget(0, 6, split);
  table_->setHorizontalHeaderLabels(
      {tr("Name"), tr("Shape"), tr("Dtype"), tr("Params"), tr("Bytes"), tr("Consumers")});
  table_->setSortingEnabled(true);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->hide();
  // Names are cut in the middle, so that both the module ("encoder.layers.3…") and the
  // parameter ("…weight") show; the tooltip has all of it.
  table_->setTextElideMode(Qt::ElideMiddle);
  table_->setWordWrap(false);
  connect(table_->horizontalHeader(), &QHeaderView::sectionResized, this,
          [this](int section) { name_column_by_user_ |= section == 0 && !sizing_name_column_; });
  details_ = new WeightDetails(split);
  split->addWidget(table_);
  split->addWidget(details_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 0);
  split->setChildrenCollapsible(false);
  layout->addWidget(filter_);
  layout->addWidget(split, 1);
  setWidget(panel);

  connect(table_, &QTableWidget::currentCellChanged, this, [this] { emit currentWeightChanged(); });
  connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
    for (int row = 0; row < table_->rowCount(); ++row)
      table_->setRowHidden(row, !table_->item(row, 0)->text().contains(text, Qt::CaseInsensitive));
  });
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
    if (const QTableWidgetItem* name = table_->item(row, 0))
      emit weightClicked(name->data(Qt::UserRole).toInt());
  });
}

void WeightsDock::setDocument(const ModelDocument* document) {
  table_->setSortingEnabled(false);
  if (!document) {
    table_->setRowCount(0);
    table_->setSortingEnabled(true);
    return;
  }
  const ir::Graph& graph = document->model.graph;
  table_->setRowCount(static_cast<int>(graph.weights.size()));
  for (size_t w = 0; w < graph.weights.size(); ++w) {
    const ir::Weight& weight = graph.weights[w];
    const int64_t params = ir::elementCount(weight.shape).value_or(0);
    const int64_t bytes = params * static_cast<int64_t>(ir::dtypeSize(weight.dtype).value_or(0));
    auto* name = new QTableWidgetItem(q(weight.name));
    name->setData(Qt::UserRole, static_cast<int>(w));
    name->setToolTip(q(weight.name)); // cut short in the middle in the column
    const int row = static_cast<int>(w);
    table_->setItem(row, 0, name);
    table_->setItem(row, 1, new QTableWidgetItem(q(ir::formatShapeList(weight.shape))));
    table_->setItem(row, 2, new QTableWidgetItem(q(weight.dtype)));
    table_->setItem(row, 3, new NumberItem(params, q(io::withThousandsSeparators(params))));
    table_->setItem(row, 4, new NumberItem(bytes, q(io::humanBytes(bytes))));
    const auto consumers = document->model.topology.weight_consumers[w].size();
    table_->setItem(row, 5,
                    new NumberItem(static_cast<qlonglong>(consumers), QString::number(consumers)));
  }
  table_->setSortingEnabled(true);
  table_->sortByColumn(0, Qt::AscendingOrder);
  sizing_name_column_ = true;
  for (int column = 1; column < table_->columnCount(); ++column)
    table_->resizeColumnToContents(column);
  sizing_name_column_ = false;
  fitNameColumn();
}

void WeightsDock::fitNameColumn() {
  if (name_column_by_user_)
    return;
  constexpr int kShape = 1, kParams = 3;
  int beside = 0;
  for (int column = kShape; column <= kParams; ++column)
    beside += table_->columnWidth(column);
  // Room for the vertical scroll bar too, which a long list shows only once it is laid out.
  const int room =
      table_->viewport()->width() - (table_->verticalScrollBar()->isVisible()
                                         ? 0
                                         : table_->verticalScrollBar()->sizeHint().width());
  const int width = std::max(kMinNameWidth, room - beside);
  sizing_name_column_ = true;
  table_->setColumnWidth(0, width);
  sizing_name_column_ = false;
}

void WeightsDock::resizeEvent(QResizeEvent* event) {
  QDockWidget::resizeEvent(event);
  fitNameColumn();
}

int WeightsDock::currentWeight() const {
  const int row = table_->currentRow();
  const QTableWidgetItem* name = row >= 0 ? table_->item(row, 0) : nullptr;
  return name ? name->data(Qt::UserRole).toInt() : -1;
}

bool WeightsDock::selectWeight(const QString& name) {
  for (int row = 0; row < table_->rowCount(); ++row) {
    if (table_->item(row, 0)->text() == name) {
      table_->setCurrentCell(row, 0);
      return true;
    }
  }
  return false;
}

void WeightsDock::clearCurrent() {
  table_->setCurrentItem(nullptr);
}

void WeightsDock::keepCurrentInView() {
  QTimer::singleShot(0, table_, [this] {
    if (table_->currentItem())
      table_->scrollToItem(table_->currentItem());
  });
}

} // namespace irscope::app
