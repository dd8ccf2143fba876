#include "gui/app/mapping_workflow.h"

#include "gui/app/model_session.h"
#include "gui/app/operators_dock.h"
#include "gui/app/workbench.h"
#include "io/op_mapping_file.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace irscope::app {

namespace {
constexpr char kMappingFileKey[] = "mapping/file";
} // namespace

MappingWorkflow::MappingWorkflow(Workbench& bench, OperatorsDock& dock, QObject* parent)
    : QObject(parent), bench_(bench), dock_(dock) {
  connect(&bench_.session(), &ModelSession::mappingChanged, this, [this] {
    if (reset_)
      reset_->setEnabled(!bench_.session().operatorMappingFile().isEmpty());
  });
}

void MappingWorkflow::addActions() {
  QMenu* file = bench_.menu(Workbench::Menu::File);
  QAction* load = file->addAction(tr("Load Operator &Mapping..."), this, [this] {
    const QString current = bench_.session().operatorMappingFile();
    const QString start = current.isEmpty() ? QSettings().value("paths/mapping").toString()
                                            : QFileInfo(current).absolutePath();
    const QString path =
        QFileDialog::getOpenFileName(bench_.dialogParent(), tr("Load operator mapping"), start,
                                     tr("Operator mappings (*.json);;All files (*)"));
    if (path.isEmpty())
      return;
    QSettings().setValue("paths/mapping", QFileInfo(path).absolutePath());
    loadOperatorMapping(path);
  });
  load->setStatusTip(tr("Override the built-in TTNN mapping's entries with a mapping file's"));
  reset_ = file->addAction(tr("Reset to &Built-in Mapping"), this,
                           &MappingWorkflow::resetOperatorMapping);
  reset_->setEnabled(!bench_.session().operatorMappingFile().isEmpty());
}

void MappingWorkflow::restore() {
  QSettings settings;
  const QString remembered = settings.value(kMappingFileKey).toString();
  if (remembered.isEmpty())
    return; // the session starts with the built-in table
  try {
    ir::OpMapping mapping = io::defaultOpMapping();
    mapping.override(io::readOpMappingFile(remembered.toStdString()));
    bench_.session().setOperatorMapping(std::make_shared<const ir::OpMapping>(std::move(mapping)),
                                        remembered);
  } catch (const std::exception& error) {
    // Gone or broken since: no dialog at start, the built-in table and a note instead.
    settings.remove(kMappingFileKey);
    bench_.showMessage(tr("Operator mapping %1 dropped, using the built-in one: %2")
                           .arg(remembered, QString::fromStdString(error.what())),
                       10000);
  }
}

bool MappingWorkflow::loadOperatorMapping(const QString& path) {
  ir::OpMapping mapping = io::defaultOpMapping();
  size_t entries = 0;
  try {
    const ir::OpMapping overrides = io::readOpMappingFile(path.toStdString());
    entries = overrides.entries.size();
    mapping.override(overrides);
  } catch (const std::exception& error) {
    bench_.showError(QString::fromStdString(error.what()));
    return false;
  }
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QSettings().setValue(kMappingFileKey, absolute);
  bench_.session().setOperatorMapping(std::make_shared<const ir::OpMapping>(std::move(mapping)),
                                      absolute);
  bench_.showMessage(
      tr("Operator mapping %1: %2 over the built-in entries")
          .arg(absolute, entries == 1 ? tr("1 entry") : tr("%1 entries").arg(entries)),
      6000);
  return true;
}

void MappingWorkflow::resetOperatorMapping() {
  QSettings().remove(kMappingFileKey);
  bench_.session().setOperatorMapping(std::make_shared<const ir::OpMapping>(io::defaultOpMapping()),
                                      {});
  bench_.showMessage(tr("Operator mapping: the built-in %1 table")
                         .arg(QString::fromStdString(bench_.session().operatorMapping().target)),
                     4000);
}

bool MappingWorkflow::showOperators(const QString& op) {
  bench_.raiseDock(&dock_, dock_.preferredWidth());
  if (op.isEmpty())
    return true;
  if (!dock_.showOp(op))
    return false;
  bench_.markNodes(dock_.nodesOf(dock_.opItem(op)));
  return true;
}

} // namespace irscope::app
