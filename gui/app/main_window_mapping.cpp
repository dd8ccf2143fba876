// MainWindow's operator mapping: File > Load Operator Mapping and Reset to Built-in Mapping, the
// file remembered between sessions, and the open model classed against the mapping for the
// Operators dock, Properties and "Colour by: Target Mapping".
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/operators_dock.h"
#include "gui/app/properties_panel.h"
#include "io/op_mapping_file.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLayout>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTreeWidget>

namespace irscope::app {

namespace {
constexpr char kMappingFileKey[] = "mapping/file";
} // namespace

void MainWindow::addMappingActions(QMenu* file) {
  QAction* load = file->addAction(tr("Load Operator &Mapping..."), this, [this] {
    const QString start = mapping_file_.isEmpty() ? QSettings().value("paths/mapping").toString()
                                                  : QFileInfo(mapping_file_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load operator mapping"), start, tr("Operator mappings (*.json);;All files (*)"));
    if (path.isEmpty())
      return;
    QSettings().setValue("paths/mapping", QFileInfo(path).absolutePath());
    loadOperatorMapping(path);
  });
  load->setStatusTip(tr("Override the built-in TTNN mapping's entries with a mapping file's"));
  reset_mapping_ =
      file->addAction(tr("Reset to &Built-in Mapping"), this, &MainWindow::resetOperatorMapping);
  reset_mapping_->setEnabled(false);
}

void MainWindow::restoreOperatorMapping() {
  QSettings settings;
  const QString remembered = settings.value(kMappingFileKey).toString();
  if (!remembered.isEmpty()) {
    try {
      ir::OpMapping mapping = io::defaultOpMapping();
      mapping.override(io::readOpMappingFile(remembered.toStdString()));
      setOperatorMapping(std::make_shared<const ir::OpMapping>(std::move(mapping)), remembered);
      return;
    } catch (const std::exception& error) {
      // Gone or broken since: no dialog at start, the built-in table and a note instead.
      settings.remove(kMappingFileKey);
      mapping_note_ = tr("Operator mapping %1 dropped, using the built-in one: %2")
                          .arg(remembered, QString::fromStdString(error.what()));
      statusBar()->showMessage(mapping_note_, 10000);
    }
  }
  setOperatorMapping(std::make_shared<const ir::OpMapping>(io::defaultOpMapping()), {});
}

bool MainWindow::loadOperatorMapping(const QString& path) {
  ir::OpMapping mapping = io::defaultOpMapping();
  size_t entries = 0;
  try {
    const ir::OpMapping overrides = io::readOpMappingFile(path.toStdString());
    entries = overrides.entries.size();
    mapping.override(overrides);
  } catch (const std::exception& error) {
    showError(QString::fromStdString(error.what()));
    return false;
  }
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QSettings().setValue(kMappingFileKey, absolute);
  setOperatorMapping(std::make_shared<const ir::OpMapping>(std::move(mapping)), absolute);
  statusBar()->showMessage(
      tr("Operator mapping %1: %2 over the built-in entries")
          .arg(absolute, entries == 1 ? tr("1 entry") : tr("%1 entries").arg(entries)),
      6000);
  return true;
}

void MainWindow::resetOperatorMapping() {
  QSettings().remove(kMappingFileKey);
  setOperatorMapping(std::make_shared<const ir::OpMapping>(io::defaultOpMapping()), {});
  statusBar()->showMessage(
      tr("Operator mapping: the built-in %1 table").arg(QString::fromStdString(mapping_->target)),
      4000);
}

void MainWindow::setOperatorMapping(std::shared_ptr<const ir::OpMapping> mapping,
                                    const QString& file) {
  mapping_ = std::move(mapping);
  mapping_file_ = file;
  if (reset_mapping_)
    reset_mapping_->setEnabled(!file.isEmpty());
  remapModel();
  refreshColouring();
}

void MainWindow::remapModel() {
  std::shared_ptr<const ModelMapping> mapped =
      document_ && mapping_ ? app::mapModel(*document_, mapping_) : nullptr;
  // The panel and the dock hold the new mapping before the old one goes.
  properties_->setMapping(mapped.get());
  operators_dock_->setMapping(mapped);
  model_mapping_ = std::move(mapped);
}

bool MainWindow::showOperators(const QString& op) {
  operators_dock_->show();
  operators_dock_->raise();
  // Wide enough for its columns, up to 40% of the window.
  const int wanted = operators_dock_->preferredWidth();
  if (operators_dock_->width() < wanted && !operators_dock_->isFloating()) {
    resizeDocks({operators_dock_}, {std::min(wanted, width() * 2 / 5)}, Qt::Horizontal);
    layout()->activate(); // the canvas has its new size now: fit the graph to it
    view_->fitToView();
  }
  if (op.isEmpty())
    return true;
  if (!operators_dock_->showOp(op))
    return false;
  markNodes(operators_dock_->nodesOf(operators_dock_->opItem(op)));
  return true;
}

} // namespace irscope::app
