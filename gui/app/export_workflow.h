#pragma once
// File > Export Diagram and Export Current View: the diagram to .svg, .pdf or .png through the
// shared renderer, coloured as the canvas is, so that the file looks like the window. A PDF is
// printed on the paper the page setup asks for (page_setup_dialog.h), as `irscope-cli render
// --page` prints it; its pages are drawn on a worker, with progress and Cancel in the status bar.
#include "gui/app/background_job.h"
#include "gui/render/diagram_export.h"

#include <QObject>
#include <QString>
#include <optional>

namespace irscope::app {

class Workbench;

class ExportWorkflow : public QObject {
  Q_OBJECT
public:
  explicit ExportWorkflow(Workbench& bench, QObject* parent = nullptr);

  void addActions(); // File > Export Diagram, Export Current View

  // What an export of the open model draws: the canvas's colours, and with `current_view` only
  // what the canvas shows; a PDF on `page` (none: one page, tiled past kMaxPdfPageSide).
  render::ExportOptions exportOptions(bool current_view,
                                      const std::optional<render::PageSetup>& page = {}) const;
  // Writes the whole diagram (with `current_view`, only what the canvas shows); false with the
  // one-line reason in `error` when it cannot.
  bool exportTo(const QString& path, QString* error, bool current_view = false,
                const std::optional<render::PageSetup>& page = {});
  // The same on a worker; the status bar or the error dialog says how it went, and
  // exportEnded follows.
  void startExport(const QString& path, bool current_view,
                   const std::optional<render::PageSetup>& page = {});
  bool exporting() const { return job_.busy(); }
  // A save dialog, the page setup for a PDF, then startExport.
  void exportInteractively(bool current_view);

signals:
  void exportEnded(bool written);

private:
  Workbench& bench_;
  BackgroundJob job_;
};

} // namespace irscope::app
