#include "gui/app/export_workflow.h"

#include "gui/app/graph_view.h"
#include "gui/app/model_session.h"
#include "gui/app/workbench.h"
#include "gui/render/diagram_export.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace irscope::app {

ExportWorkflow::ExportWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench) {}

void ExportWorkflow::addActions() {
  QMenu* file = bench_.menu(Workbench::Menu::File);
  file->addAction(tr("&Export Diagram..."), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                  [this] { exportInteractively(false); });
  file->addAction(tr("Export Current &View..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                  this, [this] { exportInteractively(true); });
}

void ExportWorkflow::exportInteractively(bool current_view) {
  const auto& document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Nothing to export: no model is open"));
    return;
  }
  const QString suggested = QFileInfo(document->path).completeBaseName() + ".svg";
  const QString path = QFileDialog::getSaveFileName(
      bench_.dialogParent(), current_view ? tr("Export current view") : tr("Export diagram"),
      QDir(QSettings().value("paths/export").toString()).filePath(suggested),
      tr("SVG (*.svg);;PDF (*.pdf);;PNG (*.png)"));
  if (path.isEmpty())
    return;
  QSettings().setValue("paths/export", QFileInfo(path).absolutePath());
  QString error;
  if (exportTo(path, &error, current_view))
    bench_.showMessage(tr("Exported %1").arg(path), 4000);
  else
    bench_.showError(error);
}

bool ExportWorkflow::exportTo(const QString& path, QString* error, bool current_view) {
  const auto& document = bench_.session().document();
  if (!document) {
    *error = tr("Nothing to export: no model is open");
    return false;
  }
  GraphView& canvas = bench_.canvas();
  render::ExportOptions options;
  options.paint.item_fills = canvas.heatMap().fills;
  options.paint.heat_legend = canvas.heatMap().legend;
  if (current_view)
    options.region = canvas.visiblePaintedRect();
  const auto failure = render::exportDiagram(document->diagram, path, options);
  if (failure)
    *error = *failure;
  return !failure;
}

} // namespace irscope::app
