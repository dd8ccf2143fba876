#pragma once
// PDF on paper: the drawing shrunk onto one sheet, or an overview page and then the drawing cut
// into overlapping pages at a scale where no text prints below kSmallestPrintedText.
#include "gui/render/diagram_export.h"
#include "gui/render/page_setup.h"

#include <QString>
#include <functional>
#include <optional>

namespace irscope::render {

// How exportPdf prints a diagram with given options, worked out before anything is written
// (for the CLI's notes and the app's status bar).
struct PdfPlan {
  // The paper, or none for one page the drawing's size.
  std::optional<PageSetup> page;
  // No paper was asked for, but the drawing is over kMaxPdfPageSide on a side, so it is tiled
  // onto kDefaultPaper (turned to the drawing's shape).
  bool tiled_for_size = false;
  QSizeF drawing;   // what is printed, in points (exportedSize)
  double scale = 1; // paper points per drawing point where the drawing is printed at full size
  int pages = 1;    // the overview included
  int rows = 1, columns = 1;
};

PdfPlan planPdf(const layout::Diagram& diagram, const ExportOptions& options);

// Writes the pages `plan` describes (planPdf of the same diagram and options) atomically.
// Tiled: first an overview (the whole drawing, in side-by-side bands when it is tall, with the
// page grid over it), then one page per tile that has something on it, row by row. Each page's
// top line names the model, the module group under its centre, its page number, row and column;
// crop marks in the margins show where the tile's part ends and where its neighbours start.
// `page_done` is called after each page with the pages done and their number; it may throw to
// stop, and the file is then left as it was.
std::optional<QString>
exportPagedPdf(const layout::Diagram& diagram, const QString& path, const ExportOptions& options,
               const PdfPlan& plan, const std::function<void(int done, int pages)>& page_done = {});

// The module groups under the middle of `part` (coordinates of what an export draws), outermost
// first, joined by " › " ("layers › 3 (Block) › attn"), or those of the frame covering most of
// `part`; then, if the middle falls between groups inside the innermost, the first and last of
// those on the part ("layers › 3 (Block) … 4 (Block)"). Empty if no frame meets `part`.
QString groupsUnder(const layout::Diagram& diagram, const ExportOptions& options,
                    const QRectF& part);

} // namespace irscope::render
