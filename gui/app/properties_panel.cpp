#include "gui/app/properties_panel.h"

#include "core/consumer_groups.h"
#include "core/stack_trace.h"
#include "gui/app/histogram_widget.h"
#include "gui/app/mapping_colouring.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/statistics_text.h"
#include "gui/render/heat_map.h"
#include "io/torch_ir_writer.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

namespace irscope::app {

namespace {
constexpr int kNodeRole = Qt::UserRole + 1;
// Up to this many readers of a value are listed one per row; more, in several groups, are
// listed by group.
constexpr size_t kFlatConsumers = 6;
// Groups of readers shown open; more are listed closed, one row per group.
constexpr size_t kExpandedConsumerGroups = 6;

QString text(const std::string& s) {
  return QString::fromStdString(s);
}

QString shapeText(const ir::Shape& shape) {
  return text(ir::formatShapeList(shape));
}

void addJson(QTreeWidgetItem* parent, const QString& key, const Json& value) {
  auto* row = new QTreeWidgetItem(parent, {key});
  if (value.is_object()) {
    for (const auto& [k, v] : value.items())
      addJson(row, text(k), v);
  } else if (value.is_array() && !value.empty() && (value[0].is_object() || value[0].is_array())) {
    for (size_t i = 0; i < value.size(); ++i)
      addJson(row, QString("[%1]").arg(i), value[i]);
  } else {
    row->setText(1, text(value.dump()));
  }
  row->setExpanded(true);
}
} // namespace

PropertiesPanel::PropertiesPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  title_ = new QLabel(tr("Select a node to see its properties"), this);
  title_->setWordWrap(true);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Property"), tr("Value")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  tree_->header()->resizeSection(0, 170);
  tree_->header()->setStretchLastSection(true);
  tree_->setAlternatingRowColors(true);
  copy_ = new QPushButton(tr("Copy as JSON"), this);
  copy_->setEnabled(false);
  layout->addWidget(title_);
  layout->addWidget(tree_, 1);
  layout->addWidget(copy_);
  connect(copy_, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(nodeJson()); });
  connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const QVariant node = item->data(0, kNodeRole);
    if (node.isValid())
      emit nodeRequested(node.toInt());
  });
  connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item, int column) {
    const QVariant node = item->data(0, kNodeRole);
    if (node.isValid() && column == 1)
      emit nodeRequested(node.toInt());
  });
}

void PropertiesPanel::setDocument(const ModelDocument* document) {
  document_ = document;
  showNode(-1);
}

void PropertiesPanel::setRun(const RunResult* run) {
  run_ = run;
  if (node_ >= 0)
    showNode(node_);
  else if (group_ >= 0)
    showGroup(group_);
}

void PropertiesPanel::setMapping(const ModelMapping* mapping) {
  mapping_ = mapping;
  if (node_ >= 0)
    showNode(node_);
  else if (group_ >= 0)
    showGroup(group_);
}

void PropertiesPanel::setModuleAnalysis(const ModelModuleAnalysis* analysis) {
  module_analysis_ = analysis;
  if (node_ >= 0)
    showNode(node_);
  else if (group_ >= 0)
    showGroup(group_);
}

QColor PropertiesPanel::failedInk() const {
  const QColor red = moduleStatusColor(ir::ModuleStatus::Failed);
  return palette().color(QPalette::Base).lightness() < 128 ? red : red.darker(130);
}

void PropertiesPanel::addModuleAnalysisRows(int node) {
  if (!module_analysis_)
    return;
  const ModelModuleAnalysis& analysis = *module_analysis_;
  const auto& failures = analysis.node_failures[static_cast<size_t>(node)];
  const int group =
      analysis.analysedGroupAround(*document_, document_->modules.group_of_node[node]);
  const ir::ModuleStatus status = analysis.groupStatus(group);
  QTreeWidgetItem* section = nullptr;
  if (!failures.empty()) {
    // The failure of the innermost module that lists the op, then the modules around it.
    const ModuleFailure& failure = analysis.failures[static_cast<size_t>(failures.front())];
    const ir::FailedOp& op = failure.failedOp(analysis.document);
    section = addRow(nullptr, tr("module analysis"), tr("failed op in %1").arg(text(failure.path)));
    section->setIcon(1, moduleStatusIcon(ir::ModuleStatus::Failed));
    section->setForeground(1, failedInk());
    addRow(section, tr("module"), text(failure.path));
    addRow(section, tr("op"), text(op.op_name));
    addRow(section, tr("error"), text(op.error_message))->setForeground(1, failedInk());
    QStringList around;
    for (size_t i = 1; i < failures.size(); ++i)
      around << text(analysis.failures[static_cast<size_t>(failures[i])].path);
    around.removeDuplicates();
    if (!around.isEmpty())
      addRow(section, tr("also fails"), around.join(", "));
  } else {
    if (status == ir::ModuleStatus::Unknown)
      return;
    section = addRow(nullptr, tr("module analysis"),
                     tr("%1 (%2)").arg(moduleStatusText(status), text(analysis.groupPath(group))));
    section->setIcon(1, moduleStatusIcon(status));
    addRow(section, tr("module"), text(analysis.groupPath(group)));
  }
  QTreeWidgetItem* status_row = addRow(section, tr("module status"), moduleStatusText(status));
  status_row->setIcon(1, moduleStatusIcon(status));
  if (!analysis.document.backend.empty())
    addRow(section, tr("backend"), text(analysis.document.backend));
  section->setExpanded(true);
}

void PropertiesPanel::addGroupModuleAnalysisRows(int group) {
  if (!module_analysis_)
    return;
  const ModelModuleAnalysis& analysis = *module_analysis_;
  const int analysed = analysis.analysedGroupAround(*document_, group);
  const ir::ModuleStatus status = analysis.groupStatus(analysed);
  if (status == ir::ModuleStatus::Unknown)
    return;
  auto* section = addRow(nullptr, tr("module analysis"),
                         analysed == group ? moduleStatusText(status)
                                           : tr("%1 (%2)").arg(moduleStatusText(status),
                                                               text(analysis.groupPath(analysed))));
  section->setIcon(1, moduleStatusIcon(status));
  if (status == ir::ModuleStatus::Failed || status == ir::ModuleStatus::IrExportFailed)
    section->setForeground(1, failedInk());
  // This call's failed ops, one click away.
  if (analysed == group)
    for (const int index : analysis.group_failures[static_cast<size_t>(group)]) {
      const ModuleFailure& failure = analysis.failures[static_cast<size_t>(index)];
      const ir::FailedOp& op = failure.failedOp(analysis.document);
      QTreeWidgetItem* row =
          addRow(section, tr("failed op"),
                 failure.node >= 0 ? tr("%1: %2  \u2192")
                                         .arg(text(document_->model.graph.nodes[failure.node].name),
                                              text(op.error_message))
                                   : text(op.error_message));
      row->setForeground(1, failedInk());
      if (failure.node >= 0)
        row->setData(0, kNodeRole, failure.node);
    }
  section->setExpanded(true);
}

QColor PropertiesPanel::fallbackInk() const {
  // The fallback orange, deepened on a light background and as it is on a dark one.
  const QColor orange = mappingColor(ir::CoverageClass::Fallback);
  return palette().color(QPalette::Base).lightness() < 128 ? orange : orange.darker(150);
}

bool PropertiesPanel::inGroup(int node, int group) const {
  const ir::ModuleTree& modules = document_->modules;
  for (int g = modules.group_of_node[node]; g >= 0; g = modules.groups[g].parent)
    if (g == group)
      return true;
  return false;
}

void PropertiesPanel::addTargetRows(int node) {
  const ir::Node& n = document_->model.graph.nodes[node];
  if (!mapping_ || n.isGetItem())
    return;
  // Evaluated on this node, so that a fallback's reason quotes its own shapes and attrs.
  const ir::NodeMapping mapped = ir::mapNode(*mapping_->mapping, n);
  const QString target_name = text(mapping_->mapping->target);
  auto* target = addRow(nullptr, tr("target"),
                        mappingClassName(mapped.coverage, mapped.entry) + " (" + target_name + ")");
  target->setIcon(1, mappingIcon(mapped.coverage));
  if (!mapped.entry) {
    addRow(target, tr("note"),
           tr("no entry for %1 in the %2 mapping").arg(text(n.op_type), target_name));
  } else {
    QStringList ops;
    for (const std::string& op : mapped.entry->targets)
      ops << text(op);
    addRow(target, tr("%1 ops").arg(target_name), ops.isEmpty() ? tr("(none)") : ops.join(", "));
    if (!mapped.entry->note.empty())
      addRow(target, tr("note"), text(mapped.entry->note));
  }
  if (!mapped.reason.empty())
    addRow(target, tr("reason"), text(mapped.reason))->setForeground(1, fallbackInk());
  target->setExpanded(true);
}

void PropertiesPanel::addGroupTargetRows(int group) {
  if (!mapping_)
    return;
  size_t counts[4] = {0, 0, 0, 0};
  int first[4] = {-1, -1, -1, -1};
  const size_t nodes = std::min(mapping_->node_class.size(), document_->model.graph.nodes.size());
  for (size_t node = 0; node < nodes; ++node) {
    const auto& coverage = mapping_->node_class[node];
    if (!coverage || !inGroup(static_cast<int>(node), group))
      continue;
    const auto c = static_cast<size_t>(*coverage);
    ++counts[c];
    if (first[c] < 0)
      first[c] = static_cast<int>(node);
  }
  const size_t ops = counts[0] + counts[1] + counts[2] + counts[3];
  if (ops == 0)
    return;
  const size_t mapped = counts[static_cast<size_t>(ir::CoverageClass::Converted)] +
                        counts[static_cast<size_t>(ir::CoverageClass::Removed)];
  auto* target = addRow(nullptr, tr("target"),
                        tr("%1 of %2 ops map (%3%)")
                            .arg(mapped)
                            .arg(ops)
                            .arg(qRound(100.0 * double(mapped) / double(ops))));
  for (ir::CoverageClass coverage : {ir::CoverageClass::Converted, ir::CoverageClass::Removed,
                                     ir::CoverageClass::Fallback, ir::CoverageClass::Unmapped}) {
    const auto c = static_cast<size_t>(coverage);
    if (counts[c] == 0)
      continue;
    QTreeWidgetItem* row = addRow(target, mappingClassName(coverage), QString::number(counts[c]));
    row->setIcon(0, mappingIcon(coverage));
    if (coverage == ir::CoverageClass::Fallback || coverage == ir::CoverageClass::Unmapped) {
      // What keeps the group from mapping, one click away.
      row->setText(1, tr("%1, first %2  \u2192")
                          .arg(counts[c])
                          .arg(text(document_->model.graph.nodes[first[c]].name)));
      row->setData(0, kNodeRole, first[c]);
    }
  }
  target->setExpanded(true);
}

void PropertiesPanel::addRunRows(QTreeWidgetItem* output_row, int node, size_t output) {
  if (!run_ || static_cast<size_t>(node) >= run_->statistics.size())
    return;
  // After a verify, the error first: it is what the verify was for.
  if (static_cast<size_t>(node) < run_->errors.size() && output < run_->errors[node].size() &&
      run_->errors[node][output]) {
    const ir::TensorComparison& comparison = *run_->errors[node][output];
    auto* error = addRow(output_row, tr("vs reference"), comparisonSummary(comparison));
    if (!comparison.is_close)
      error->setForeground(1, render::nonFiniteColor());
    for (const auto& [label, value] : comparisonRows(comparison))
      addRow(error, label, value);
    error->setExpanded(true);
  }
  const auto& statistics = run_->statistics[node];
  if (output < statistics.size() && statistics[output]) {
    const ir::TensorStatistics& s = *statistics[output];
    auto* values = addRow(output_row, tr("values"), statisticsSummary(s));
    if (s.hasNonFinite())
      values->setForeground(1, render::nonFiniteColor());
    for (const auto& [label, value] : statisticsRows(s))
      addRow(values, label, value);
    auto* histogram_row = addRow(values, tr("histogram"), QString());
    auto* histogram = new HistogramWidget;
    histogram->setStatistics(s);
    tree_->setItemWidget(histogram_row, 1, histogram);
    values->setExpanded(true);
  }
}

void PropertiesPanel::addGroupRunRows(int group) {
  if (!run_)
    return;
  // What the group's box colour stands for: its worst node, one click away.
  const ir::ModuleTree& modules = document_->modules;
  auto inside = [&](int node) {
    for (int g = modules.group_of_node[node]; g >= 0; g = modules.groups[g].parent)
      if (g == group)
        return true;
    return false;
  };
  int worst_error = -1, first_non_finite = -1;
  double worst_rank = -1, worst = 0;
  for (int node = 0; node < document_->nodeCount(); ++node) {
    if (!inside(node))
      continue;
    if (static_cast<size_t>(node) < run_->errors.size())
      for (const auto& comparison : run_->errors[node]) {
        // NaN is the worst there is, as the heat map paints it.
        const double rank = !comparison ? -1
                            : std::isnan(comparison->max_diff)
                                ? std::numeric_limits<double>::infinity()
                                : comparison->max_diff;
        if (rank > worst_rank) {
          worst_rank = rank;
          worst = comparison->max_diff;
          worst_error = node;
        }
      }
    if (first_non_finite < 0 && static_cast<size_t>(node) < run_->statistics.size())
      for (const auto& statistics : run_->statistics[node])
        if (statistics && statistics->hasNonFinite())
          first_non_finite = node;
  }
  auto link = [&](const QString& key, const QString& value, int node) {
    auto* row = addRow(nullptr, key, value + "  \u2192");
    row->setData(0, kNodeRole, node);
    row->setForeground(1, render::nonFiniteColor());
  };
  if (worst_error >= 0)
    link(tr("worst vs reference"),
         tr("%1, max diff %2")
             .arg(text(document_->model.graph.nodes[worst_error].name))
             .arg(formatNumber(worst)),
         worst_error);
  if (first_non_finite >= 0)
    link(tr("first NaN/Inf"), text(document_->model.graph.nodes[first_non_finite].name),
         first_non_finite);
}

QTreeWidgetItem* PropertiesPanel::addRow(QTreeWidgetItem* parent, const QString& key,
                                         const QString& value) {
  auto* row =
      parent ? new QTreeWidgetItem(parent, {key, value}) : new QTreeWidgetItem(tree_, {key, value});
  row->setToolTip(1, value);
  return row;
}

void PropertiesPanel::showGroup(int group) {
  tree_->clear();
  node_ = -1;
  group_ = group;
  copy_->setEnabled(false);
  if (!document_ || group < 0) {
    title_->setText(tr("Select a node to see its properties"));
    return;
  }
  const ir::ModuleGroup& g = document_->modules.groups[group];
  title_->setText(QString("<b>%1</b>").arg(text(g.name).toHtmlEscaped()));
  addRow(nullptr, tr("group"), text(g.name));
  if (!g.type.empty())
    addRow(nullptr, document_->modules.derived ? tr("mostly") : tr("module type"), text(g.type));
  if (!g.qualified_type.empty())
    addRow(nullptr, tr("module class"), text(g.qualified_type));
  addRow(nullptr, tr("ops"), QString::number(g.total_nodes));
  addRow(nullptr, tr("derived"),
         document_->modules.derived ? tr("yes, from the dataflow")
         : document_->model.module_paths == ir::ModulePathSource::InferredFromWeightNames
             ? tr("yes, from the weights' names")
             : tr("no, from module paths"));
  addGroupModuleAnalysisRows(group);
  addGroupTargetRows(group);
  addGroupRunRows(group);
}

void PropertiesPanel::showNode(int node) {
  tree_->clear();
  node_ = node;
  group_ = -1;
  copy_->setEnabled(node >= 0);
  if (!document_ || node < 0 || node >= document_->nodeCount()) {
    node_ = -1;
    copy_->setEnabled(false);
    title_->setText(tr("Select a node to see its properties"));
    return;
  }
  const ir::Graph& graph = document_->model.graph;
  const ir::Topology& topo = document_->model.topology;
  const ir::Node& n = graph.nodes[node];
  QString title = QString("<b>%1</b><br/>%2")
                      .arg(text(n.name).toHtmlEscaped(), text(n.op_type).toHtmlEscaped());
  if (mapping_ && !n.isGetItem()) {
    // What keeps the node off the target, where it reads whole (the rows elide long values).
    const ir::NodeMapping mapped = ir::mapNode(*mapping_->mapping, n);
    if (mapped.coverage == ir::CoverageClass::Fallback ||
        mapped.coverage == ir::CoverageClass::Unmapped)
      title +=
          QString("<br/><span style=\"color:%1\">%2</span>")
              .arg(fallbackInk().name(),
                   (mapped.reason.empty() ? tr("no %1 mapping").arg(text(mapping_->mapping->target))
                                          : tr("fallback: %1").arg(text(mapped.reason)))
                       .toHtmlEscaped());
  }
  if (module_analysis_ && !module_analysis_->node_failures[static_cast<size_t>(node)].empty()) {
    // Why the module failed, where it reads whole.
    const ModuleFailure& failure = module_analysis_->failures[static_cast<size_t>(
        module_analysis_->node_failures[static_cast<size_t>(node)].front())];
    title += QString("<br/><span style=\"color:%1\">%2</span>")
                 .arg(failedInk().name(),
                      tr("failed op in %1: %2")
                          .arg(text(failure.path),
                               text(failure.failedOp(module_analysis_->document).error_message))
                          .toHtmlEscaped());
  }
  title_->setText(title);
  addRow(nullptr, tr("name"), text(n.name));
  addRow(nullptr, tr("op_type"), text(n.op_type));
  addRow(nullptr, tr("module"),
         n.module_path.empty()
             ? tr("(not recorded)")
             : text(n.module_path) +
                   (n.module_type.empty() ? "" : "  (" + text(n.module_type) + ")"));
  addSourceRows(n);

  addModuleAnalysisRows(node);
  addTargetRows(node);

  auto* inputs = addRow(nullptr, tr("inputs"), QString::number(n.inputs.size()));
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    const ir::Tensor& t = n.inputs[i];
    auto* row = addRow(inputs, text(t.name), shapeText(t.shape) + "  " + text(t.dtype));
    const ir::ValueRef& source = topo.node_inputs[node][i];
    QString from;
    switch (source.kind) {
    case ir::ValueKind::NodeOutput: {
      from = tr("node %1, output %2").arg(text(graph.nodes[source.index].name)).arg(source.output);
      auto* producer = addRow(row, tr("producer"), from + "  \u2192");
      producer->setData(0, kNodeRole, source.index);
      producer->setForeground(1, QColor(0x1a, 0x73, 0xe8));
      producer->setToolTip(1, tr("Click to go to the producer"));
      break;
    }
    case ir::ValueKind::GraphInput:
      addRow(row, tr("producer"), tr("graph input %1").arg(text(graph.inputs[source.index].name)));
      break;
    case ir::ValueKind::Weight:
      addRow(row, tr("weight"), text(graph.weights[source.index].name));
      break;
    case ir::ValueKind::Constant:
      addRow(row, tr("constant"), text(graph.constants[source.index].name));
      break;
    case ir::ValueKind::Unresolved:
      addRow(row, tr("producer"), tr("(unresolved)"));
      break;
    }
    row->setExpanded(true);
  }
  inputs->setExpanded(true);

  auto* outputs = addRow(nullptr, tr("outputs"), QString::number(n.outputs.size()));
  for (size_t o = 0; o < n.outputs.size(); ++o) {
    const ir::Tensor& t = n.outputs[o];
    auto* row = addRow(outputs, text(t.name), shapeText(t.shape) + "  " + text(t.dtype));
    addConsumerRows(row, topo.output_consumers[node][o]);
    addRunRows(row, node, o);
    row->setExpanded(true);
  }
  outputs->setExpanded(true);
  if (run_) // what the run found comes first; the inputs are a scroll away
    tree_->scrollToItem(outputs, QAbstractItemView::PositionAtTop);

  auto* attrs = addRow(nullptr, tr("attrs"), n.attrs.empty() ? tr("(none)") : QString());
  for (const auto& [key, value] : n.attrs.items())
    addJson(attrs, text(key), value);
  attrs->setExpanded(true);
}

QTreeWidgetItem* PropertiesPanel::addNodeLink(QTreeWidgetItem* parent, const QString& key,
                                              int node) {
  auto* row = addRow(parent, key, text(document_->model.graph.nodes[node].name) + "  \u2192");
  row->setData(0, kNodeRole, node);
  row->setForeground(1, QColor(0x1a, 0x73, 0xe8));
  return row;
}

void PropertiesPanel::addConsumerRows(QTreeWidgetItem* value_row,
                                      const std::vector<ir::Use>& uses) {
  const std::vector<ir::ConsumerGroup> groups = ir::groupConsumers(document_->modules, uses);
  size_t readers = 0;
  for (const ir::ConsumerGroup& group : groups)
    readers += group.nodes.size();
  // A few readers, or all in one place: one row each, as the inputs list their producers.
  if (groups.size() < 2 || readers <= kFlatConsumers) {
    for (const ir::ConsumerGroup& group : groups)
      for (int32_t node : group.nodes)
        addNodeLink(value_row, tr("consumer"), node);
    return;
  }
  // Many readers in many groups (a decoder's memory in every layer): by the group each is in.
  auto* consumers =
      addRow(value_row, tr("consumers"), tr("%1 in %2 groups").arg(readers).arg(groups.size()));
  for (const ir::ConsumerGroup& group : groups) {
    QStringList names;
    for (int32_t node : group.nodes)
      names << text(document_->model.graph.nodes[node].name);
    auto* group_row = addRow(consumers,
                             group.group < 0 ? tr("(top level)")
                                             : text(document_->modules.groups[group.group].name),
                             names.join(", "));
    for (int32_t node : group.nodes)
      addNodeLink(group_row, tr("consumer"), node);
    group_row->setExpanded(groups.size() <= kExpandedConsumerGroups);
  }
  consumers->setExpanded(true);
}

void PropertiesPanel::showGraphInput(int input) {
  tree_->clear();
  node_ = -1;
  group_ = -1;
  copy_->setEnabled(false);
  const ir::Graph* graph = document_ ? &document_->model.graph : nullptr;
  if (!graph || input < 0 || static_cast<size_t>(input) >= graph->inputs.size()) {
    title_->setText(tr("Select a node to see its properties"));
    return;
  }
  const ir::Tensor& tensor = graph->inputs[input];
  title_->setText(
      QString("<b>%1</b><br/>%2").arg(text(tensor.name).toHtmlEscaped(), tr("graph input")));
  addRow(nullptr, tr("name"), text(tensor.name));
  addRow(nullptr, tr("kind"), tr("graph input %1").arg(input));
  auto* value = addRow(nullptr, tr("value"), shapeText(tensor.shape) + "  " + text(tensor.dtype));
  addConsumerRows(value, document_->model.topology.input_consumers[input]);
  value->setExpanded(true);
}

void PropertiesPanel::addSourceRows(const ir::Node& n) {
  const std::vector<ir::SourceFrame> frames = ir::parseStackTrace(n.stack_trace);
  if (frames.empty())
    return;
  // The innermost frame is the line that made the op; the others say how it was reached.
  const ir::SourceFrame& innermost = frames.back();
  auto* source = addRow(nullptr, tr("source"), text(ir::describeFrame(innermost)));
  source->setToolTip(
      1, text(innermost.file + ":" + std::to_string(innermost.line) + "\n" + innermost.code));
  for (auto frame = frames.rbegin(); frame != frames.rend(); ++frame) {
    // The label column is narrow: the file's name and line, the whole frame in the tooltip.
    const std::string file_name = frame->file.substr(frame->file.rfind('/') + 1);
    auto* row =
        addRow(source, text(file_name + ":" + std::to_string(frame->line)), text(frame->code));
    row->setToolTip(0, text(ir::describeFrame(*frame)));
    row->setToolTip(1, text(frame->code));
  }
  source->setExpanded(true);
}

QString PropertiesPanel::nodeJson() const {
  if (!document_ || node_ < 0)
    return {};
  // The node exactly as torch_ir writes it.
  ir::Graph single;
  single.nodes.push_back(document_->model.graph.nodes[node_]);
  const Json json = Json::parse(io::writeTorchIrJson(single));
  return text(json["nodes"][0].dump(2));
}

void PropertiesPanel::showItem(int item) {
  if (!document_ || item < 0)
    return showNode(-1);
  const layout::DiagramItem& selected = document_->diagram.items[item];
  // A stub stands for its value: what the value's producer shows.
  const ir::ValueRef& value = selected.value;
  if (selected.kind == layout::ItemKind::CollapsedGroup)
    showGroup(selected.group);
  else if ((selected.kind == layout::ItemKind::GraphInput ||
            selected.kind == layout::ItemKind::Stub) &&
           value.kind == ir::ValueKind::GraphInput)
    showGraphInput(value.index);
  else
    showNode(selected.kind == layout::ItemKind::Op || selected.kind == layout::ItemKind::Stub
                 ? selected.node
                 : -1);
}

} // namespace irscope::app
