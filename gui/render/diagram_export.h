#pragma once
#include "gui/render/diagram_painter.h"
#include "layout/diagram.h"

#include <QString>
#include <optional>

namespace irscope::render {

enum class PageSize { FitToGraph, A4, Letter };

struct ExportOptions {
  PaintOptions paint;
  PageSize page = PageSize::FitToGraph; // PDF only
  double dpi = 96;                      // PNG only
  // Only this part of the painted diagram (paintedSize coordinates: header included); empty
  // exports the whole. The window's "Export Current View" passes what is on screen.
  QRectF region;
};

// Each writes atomically (QSaveFile) and returns an error message, or nullopt on success.
// They need a QGuiApplication (fonts); the offscreen platform is enough.
std::optional<QString> exportSvg(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options);
std::optional<QString> exportPdf(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options);
std::optional<QString> exportPng(const layout::Diagram& diagram, const QString& path,
                                 const ExportOptions& options);

// Chooses the exporter by the file name's suffix (.svg, .pdf, .png).
std::optional<QString> exportDiagram(const layout::Diagram& diagram, const QString& path,
                                     const ExportOptions& options);

} // namespace irscope::render
