#include "gui/app/colouring_workflow.h"

#include "gui/app/graph_view.h"
#include "gui/app/mapping_colouring.h"
#include "gui/app/model_session.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/workbench.h"

#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QStandardItemModel>

namespace irscope::app {

ColouringWorkflow::ColouringWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench) {
  ModelSession& session = bench_.session();
  connect(&session, &ModelSession::documentChanged, this, &ColouringWorkflow::refresh);
  connect(&session, &ModelSession::mappingChanged, this, &ColouringWorkflow::refresh);
  connect(&session, &ModelSession::runChanged, this, [this] {
    // Show what the run is about, unless the user chose a colouring that still applies.
    const RunResult* run = bench_.session().lastRun();
    if (run && (colour_by_ == ColourBy::None || !usable(colour_by_))) {
      if (run->hasErrors())
        colour_by_ = ColourBy::Error;
      else if (run->first_non_finite)
        colour_by_ = ColourBy::NonFinite;
    }
    refresh();
  });
  connect(&session, &ModelSession::moduleAnalysisChanged, this, [this] {
    if (bench_.session().moduleAnalysis()) // the statuses are what was asked for
      colour_by_ = ColourBy::ModuleStatus;
    refresh();
  });
}

QWidget* ColouringWorkflow::buildChooser(QWidget* parent) {
  auto* chooser = new QWidget(parent);
  auto* layout = new QHBoxLayout(chooser);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(6);
  auto* label = new QLabel(tr("Colour by"), chooser);
  combo_ = new QComboBox(chooser);
  for (ColourBy colouring : kAllColourings)
    combo_->addItem(colouringLabel(colouring), static_cast<int>(colouring));
  combo_->setToolTip(tr("Paint each box by what the last run found, by how its op maps to the "
                        "target, or by its module's analysis status (View > Colour By)"));
  label->setBuddy(combo_);
  layout->addWidget(label);
  layout->addWidget(combo_);
  connect(combo_, &QComboBox::activated, this, [this](int index) {
    setColourBy(static_cast<ColourBy>(combo_->itemData(index).toInt()));
  });
  refresh();
  return chooser;
}

void ColouringWorkflow::addActions() {
  QMenu* colour_by = bench_.menu(Workbench::Menu::View)->addMenu(tr("C&olour By"));
  auto* group = new QActionGroup(this);
  int shortcut = Qt::Key_0;
  for (ColourBy colouring : kAllColourings) {
    QAction* action = colour_by->addAction(colouringLabel(colouring));
    action->setCheckable(true);
    action->setShortcut(QKeySequence(Qt::ALT | shortcut++));
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, colouring] { setColourBy(colouring); });
    actions_.emplace_back(colouring, action);
  }
  refresh();
}

void ColouringWorkflow::setColourBy(ColourBy colouring) {
  colour_by_ = colouring;
  refresh();
}

bool ColouringWorkflow::usable(ColourBy colouring) const {
  if (colouring == ColourBy::ModuleStatus)
    return bench_.session().moduleAnalysis() != nullptr;
  return colouringAvailable(colouring, bench_.session().lastRun());
}

void ColouringWorkflow::refresh() {
  const ModelSession& session = bench_.session();
  const bool can_show = usable(colour_by_);
  if (const auto& document = session.document())
    bench_.canvas().setHeatMap(
        colour_by_ == ColourBy::Mapping && session.modelMapping()
            ? colourByMapping(*document, *session.modelMapping())
        : colour_by_ == ColourBy::ModuleStatus && session.moduleAnalysis()
            ? colourByModuleStatus(*document, *session.moduleAnalysis())
            : colourItems(*document, session.lastRun(), can_show ? colour_by_ : ColourBy::None));
  // The menu and the combo box show the choice, and offer only what can be coloured by.
  const ColourBy shown = can_show ? colour_by_ : ColourBy::None;
  for (const auto& [colouring, action] : actions_) {
    action->setEnabled(usable(colouring));
    action->setChecked(colouring == shown);
  }
  if (!combo_)
    return;
  auto* model = qobject_cast<QStandardItemModel*>(combo_->model());
  for (int row = 0; row < combo_->count(); ++row) {
    const auto colouring = static_cast<ColourBy>(combo_->itemData(row).toInt());
    if (model)
      model->item(row)->setEnabled(usable(colouring));
    if (colouring == shown)
      combo_->setCurrentIndex(row);
  }
}

} // namespace irscope::app
