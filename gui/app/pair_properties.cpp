#include "gui/app/pair_properties.h"

#include "core/shape.h"
#include "gui/app/diff_colouring.h"
#include "gui/app/statistics_text.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <set>

namespace irscope::app {

namespace {

QString text(const std::string& s) {
  return QString::fromStdString(s);
}

const ir::Node* nodeOf(const ModelDocument& document, int node) {
  return node < 0 ? nullptr : &document.model.graph.nodes[static_cast<size_t>(node)];
}

QString tensorText(const ir::Tensor& tensor) {
  return text(ir::formatShapeList(tensor.shape)) + "  " + text(tensor.dtype);
}

// The state_dict name of the weight an input reads; empty when it reads none.
QString weightRead(const ModelDocument& document, int node, size_t input) {
  const ir::Topology& topology = document.model.topology;
  const ir::ValueRef& source = topology.node_inputs[static_cast<size_t>(node)][input];
  if (source.kind != ir::ValueKind::Weight)
    return {};
  return text(document.model.graph.weights[static_cast<size_t>(source.index)].name);
}

QString attrText(const ir::Node* node, const std::string& key) {
  if (!node || !node->attrs.contains(key))
    return {};
  return text(node->attrs[key].dump());
}

} // namespace

PairProperties::PairProperties(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(3);
  tree_->setHeaderLabels({tr("Field"), tr("A"), tr("B")});
  // The two sides share what the field names leave.
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  tree_->header()->resizeSection(0, 120);
  tree_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(2, QHeaderView::Stretch);
  tree_->setAlternatingRowColors(true);
  layout->addWidget(title_);
  layout->addWidget(tree_, 1);
  showEntry(-1);
}

void PairProperties::setComparison(const ModelComparison* comparison) {
  comparison_ = comparison;
  showEntry(comparison && entry_ >= 0 && static_cast<size_t>(entry_) < comparison->diff.nodes.size()
                ? entry_
                : -1);
}

QTreeWidgetItem* PairProperties::addRow(QTreeWidgetItem* parent, const QString& field,
                                        const QString& a, const QString& b, bool differs) {
  auto* row = parent ? new QTreeWidgetItem(parent, {field, a, b})
                     : new QTreeWidgetItem(tree_, {field, a, b});
  row->setToolTip(1, a);
  row->setToolTip(2, b);
  if (differs) {
    // Marked in the changed class's colour, and its rows above it, so that a closed section
    // still shows it holds a difference.
    const QColor ink = changeColor(ir::ChangeClass::Changed)
                           .darker(palette().color(QPalette::Base).lightness() < 128 ? 100 : 150);
    for (QTreeWidgetItem* marked = row; marked; marked = marked->parent()) {
      marked->setData(0, kDiffersRole, true);
      marked->setIcon(0, changeIcon(ir::ChangeClass::Changed));
    }
    QFont bold = row->font(1);
    bold.setBold(true);
    for (int column = 1; column < 3; ++column) {
      row->setFont(column, bold);
      row->setForeground(column, ink);
    }
  }
  return row;
}

void PairProperties::showEntry(int entry) {
  tree_->clear();
  entry_ = entry;
  if (!comparison_ || entry < 0 || static_cast<size_t>(entry) >= comparison_->diff.nodes.size()) {
    entry_ = -1;
    title_->setText(comparison_ ? tr("Select a node on either canvas, or a change, to compare "
                                     "its two sides")
                                : tr("Compare with another model (File > Compare With...) to see "
                                     "the two sides of a node here"));
    return;
  }
  const ir::NodeDifference& difference = comparison_->diff.nodes[static_cast<size_t>(entry)];
  const ModelDocument& a = *comparison_->a;
  const ModelDocument& b = *comparison_->b;
  const ir::Node* node_a = nodeOf(a, difference.a);
  const ir::Node* node_b = nodeOf(b, difference.b);
  std::set<std::string> differing;
  for (const ir::FieldDifference& field : difference.fields)
    differing.insert(field.field);
  auto differs = [&](const std::string& field) { return differing.count(field) > 0; };

  title_->setText(QStringLiteral("<span style=\"color:%1\">\u25a0</span> <b>%2</b>: %3 "
                                 "\u2194 %4")
                      .arg(changeColor(difference.change).name(),
                           changeClassLabel(difference.change),
                           node_a ? text(node_a->name).toHtmlEscaped() : tr("(none)"),
                           node_b ? text(node_b->name).toHtmlEscaped() : tr("(none)")));
  auto* change = addRow(nullptr, tr("class"), changeClassLabel(difference.change), QString());
  change->setIcon(1, changeIcon(difference.change));
  change->setFirstColumnSpanned(false);
  if (node_a && node_b)
    addRow(nullptr, tr("paired by"), text(ir::matchEvidenceName(difference.matched_by)), QString());
  addRow(nullptr, tr("name"), node_a ? text(node_a->name) : QString(),
         node_b ? text(node_b->name) : QString());
  addRow(nullptr, tr("op_type"), node_a ? text(node_a->op_type) : QString(),
         node_b ? text(node_b->op_type) : QString(), differs("op_type"));
  addRow(nullptr, tr("module"), node_a ? text(node_a->module_path) : QString(),
         node_b ? text(node_b->module_path) : QString());

  auto addTensors = [&](const QString& label, const std::string& field, bool inputs) {
    const size_t count_a = node_a ? (inputs ? node_a->inputs : node_a->outputs).size() : 0;
    const size_t count_b = node_b ? (inputs ? node_b->inputs : node_b->outputs).size() : 0;
    auto* section = addRow(nullptr, label, node_a ? QString::number(count_a) : QString(),
                           node_b ? QString::number(count_b) : QString(), differs(field));
    for (size_t i = 0; i < std::max(count_a, count_b); ++i) {
      const std::string prefix = field + "[" + std::to_string(i) + "]";
      const ir::Tensor* ta =
          i < count_a ? &(inputs ? node_a->inputs : node_a->outputs)[i] : nullptr;
      const ir::Tensor* tb =
          i < count_b ? &(inputs ? node_b->inputs : node_b->outputs)[i] : nullptr;
      const bool tensor_differs = differs(prefix + ".shape") || differs(prefix + ".dtype");
      auto* row = addRow(section, QStringLiteral("[%1]").arg(i), ta ? tensorText(*ta) : QString(),
                         tb ? tensorText(*tb) : QString(), tensor_differs);
      if (ta)
        row->setToolTip(1, text(ta->name) + "  " + tensorText(*ta));
      if (tb)
        row->setToolTip(2, text(tb->name) + "  " + tensorText(*tb));
      if (inputs) {
        const QString wa = ta ? weightRead(a, difference.a, i) : QString();
        const QString wb = tb ? weightRead(b, difference.b, i) : QString();
        if (!wa.isEmpty() || !wb.isEmpty() || differs(prefix + ".weight"))
          addRow(row, tr("weight"), wa, wb, differs(prefix + ".weight"));
      }
      row->setExpanded(true);
    }
    section->setExpanded(true);
  };
  addTensors(tr("inputs"), "inputs", true);
  addTensors(tr("outputs"), "outputs", false);

  std::set<std::string> keys;
  for (const ir::Node* node : {node_a, node_b})
    if (node)
      for (const auto& [key, value] : node->attrs.items())
        keys.insert(key);
  bool attrs_differ = false;
  for (const std::string& key : keys)
    attrs_differ = attrs_differ || differs("attrs." + key);
  auto* attrs = addRow(nullptr, tr("attrs"), QString(), QString());
  for (const std::string& key : keys) {
    const QString va = attrText(node_a, key);
    const QString vb = attrText(node_b, key);
    addRow(attrs, text(key), node_a && va.isEmpty() ? tr("(none)") : va,
           node_b && vb.isEmpty() ? tr("(none)") : vb, differs("attrs." + key));
  }
  attrs->setExpanded(true);
  addNumericRows(entry);
}

void PairProperties::addNumericRows(int entry) {
  const ir::GraphDiff& diff = comparison_->diff;
  if (!diff.ran)
    return;
  QTreeWidgetItem* section = nullptr;
  for (size_t i = 0; i < diff.outputs.size(); ++i) {
    const ir::OutputDifference& output = diff.outputs[i];
    if (output.entry != static_cast<size_t>(entry))
      continue;
    if (!section)
      section = addRow(nullptr, tr("run both"), tr("B's outputs against A's"), QString());
    const bool first = diff.first_divergence && *diff.first_divergence == i;
    const QString verdict = output.passed
                                ? tr("passes")
                                : (first ? tr("FAILS (first divergence): %1") : tr("FAILS: %1"))
                                      .arg(text(output.problem));
    auto* row =
        addRow(section, tr("output %1").arg(output.output), verdict, QString(), !output.passed);
    row->setFirstColumnSpanned(false);
    addRow(row, tr("max |\u0394|"), scientific(output.comparison.max_diff), QString());
    addRow(row, tr("mean |\u0394|"), scientific(output.comparison.mean_diff), QString());
    addRow(row, tr("PCC"),
           output.comparison.pcc_applies
               ? formatNumber(output.comparison.pcc)
               : tr("%1 (not applied)").arg(formatNumber(output.comparison.pcc)),
           QString());
    addRow(row, tr("allclose"),
           output.comparison.is_close
               ? tr("yes")
               : tr("no, %1 elements outside").arg(output.comparison.mismatched),
           QString());
    row->setExpanded(true);
  }
  if (!section)
    section = addRow(nullptr, tr("run both"), tr("no outputs compared for this node"), QString());
  section->setExpanded(true);
}

} // namespace irscope::app
