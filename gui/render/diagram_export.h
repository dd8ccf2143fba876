#pragma once
#include "gui/render/diagram_painter.h"
#include "gui/render/page_setup.h"
#include "layout/diagram.h"

#include <QString>
#include <optional>

namespace irscope::render {

struct ExportOptions {
  PaintOptions paint;
  // PDF only. None: one page the drawing's size, or, past kMaxPdfPageSide on a side, tiled onto
  // kDefaultPaper (paged_pdf.h: planPdf says which beforehand).
  std::optional<PageSetup> page;
  double dpi = 96; // PNG only
  // Only this part of the painted diagram (paintedSize coordinates: header included); empty
  // exports the whole. The window's "Export Current View" passes what is on screen.
  QRectF region;
};

// The size in points of what an export draws: the region, or the whole painted diagram.
QSizeF exportedSize(const layout::Diagram& diagram, const ExportOptions& options);

// Paints `part` of what an export draws (coordinates from the drawing's top-left corner) with
// the part's top-left at the painter's origin, clipped to it; only what meets it is painted, so
// that a PDF page holds only its own part.
void paintExportedPart(QPainter& painter, const layout::Diagram& diagram,
                       const ExportOptions& options, const QRectF& part);

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
