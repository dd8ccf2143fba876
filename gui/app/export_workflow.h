#pragma once
// File > Export Diagram and Export Current View: the diagram to .svg, .pdf or .png through the
// shared renderer, coloured as the canvas is, so that the file looks like the window.
#include <QObject>
#include <QString>

namespace irscope::app {

class Workbench;

class ExportWorkflow : public QObject {
  Q_OBJECT
public:
  explicit ExportWorkflow(Workbench& bench, QObject* parent = nullptr);

  void addActions(); // File > Export Diagram, Export Current View

  // Writes the whole diagram (with `current_view`, only what the canvas shows); false with the
  // one-line reason in `error` when it cannot.
  bool exportTo(const QString& path, QString* error, bool current_view = false);
  // A save dialog, then exportTo; the status bar or the error dialog says how it went.
  void exportInteractively(bool current_view);

private:
  Workbench& bench_;
};

} // namespace irscope::app
