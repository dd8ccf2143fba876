#include "gui/app/export_workflow.h"

#include "gui/app/graph_view.h"
#include "gui/app/model_session.h"
#include "gui/app/page_setup_dialog.h"
#include "gui/app/workbench.h"
#include "gui/render/paged_pdf.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace irscope::app {

namespace {

bool isPdf(const QString& path) {
  return QFileInfo(path).suffix().compare("pdf", Qt::CaseInsensitive) == 0;
}

// Writes the export; a PDF page by page, reporting each to `page_done`.
std::optional<QString> writeExport(const layout::Diagram& diagram, const QString& path,
                                   const render::ExportOptions& options,
                                   const std::function<void(int, int)>& page_done = {}) {
  if (!isPdf(path))
    return render::exportDiagram(diagram, path, options);
  return render::exportPagedPdf(diagram, path, options, render::planPdf(diagram, options),
                                page_done);
}

} // namespace

ExportWorkflow::ExportWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench), job_(tr("the export"), this) {
  bench_.trackJob(job_, tr("Exporting page %v of %m"), tr("Cancel Export"));
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    bench_.showError(message);
    emit exportEnded(false);
  });
  connect(&job_, &BackgroundJob::cancelled, this, [this] {
    bench_.showMessage(tr("Export cancelled; nothing was written"), 4000);
    emit exportEnded(false);
  });
  // The diagram being drawn belongs to the model: stop before it goes.
  connect(&bench_.session(), &ModelSession::contentEnding, this, [this] { job_.cancelAndWait(); });
}

void ExportWorkflow::addActions() {
  QMenu* file = bench_.menu(Workbench::Menu::File);
  file->addAction(tr("&Export Diagram..."), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                  [this] { exportInteractively(false); });
  file->addAction(tr("Export Current &View..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                  this, [this] { exportInteractively(true); });
}

render::ExportOptions
ExportWorkflow::exportOptions(bool current_view,
                              const std::optional<render::PageSetup>& page) const {
  GraphView& canvas = bench_.shownCanvas();
  render::ExportOptions options;
  options.paint.item_fills = canvas.heatMap().fills;
  options.paint.heat_legend = canvas.heatMap().legend;
  options.paint.ghosts = canvas.ghostBoxes(); // an overlay's removed nodes, as on screen
  if (current_view)
    options.region = canvas.visiblePaintedRect();
  options.page = page;
  return options;
}

void ExportWorkflow::exportInteractively(bool current_view) {
  const auto document = bench_.shownCanvas().sharedDocument();
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
  std::optional<render::PageSetup> page;
  if (isPdf(path)) {
    PageSetupDialog dialog(document->diagram, exportOptions(current_view),
                           PageSetupDialog::remembered(), bench_.dialogParent());
    if (dialog.exec() != QDialog::Accepted)
      return;
    page = dialog.pageSetup();
    PageSetupDialog::remember(page);
  }
  startExport(path, current_view, page);
}

void ExportWorkflow::startExport(const QString& path, bool current_view,
                                 const std::optional<render::PageSetup>& page) {
  const std::shared_ptr<const ModelDocument> document = bench_.shownCanvas().sharedDocument();
  if (!document) {
    bench_.showError(tr("Nothing to export: no model is open"));
    return;
  }
  bench_.showMessage(tr("Exporting %1...").arg(path));
  job_.start<std::optional<QString>>(
      [document, path, options = exportOptions(current_view, page)](JobContext& context) {
        return writeExport(document->diagram, path, options, [&context](int done, int pages) {
          context.stopIfCancelled();
          context.progress(static_cast<size_t>(done), static_cast<size_t>(pages));
        });
      },
      [this, path](std::optional<QString> failure) {
        if (failure) {
          bench_.showError(*failure);
          emit exportEnded(false);
          return;
        }
        bench_.showMessage(tr("Exported %1").arg(path), 4000);
        emit exportEnded(true);
      });
}

bool ExportWorkflow::exportTo(const QString& path, QString* error, bool current_view,
                              const std::optional<render::PageSetup>& page) {
  const auto document = bench_.shownCanvas().sharedDocument();
  if (!document) {
    *error = tr("Nothing to export: no model is open");
    return false;
  }
  const auto failure = writeExport(document->diagram, path, exportOptions(current_view, page));
  if (failure)
    *error = *failure;
  return !failure;
}

} // namespace irscope::app
