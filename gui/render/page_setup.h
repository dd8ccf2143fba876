#pragma once
// Paper for PDF export, and how a drawing too large for one sheet is cut into pages.
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <optional>

namespace irscope::render {

enum class Paper { A4, A3, Letter, Tabloid };

struct PageSetup {
  Paper paper = Paper::A4;
  bool landscape = false;
  // false: the whole drawing shrunk onto one page. true: an overview page, then the drawing cut
  // into pages at kTileScale, each labelled with its row and column.
  bool tile = false;
};

// Printed text is never smaller than this, in points.
inline constexpr double kSmallestPrintedText = 6;
// Tiles print the drawing at this scale, so that its smallest text (kSmallestDrawnText, edge
// labels) comes out at 6.1 pt and box titles at 8.75 pt.
inline constexpr double kTileScale = 0.875;
// Acrobat and many other viewers stop at 200 inches a side; larger pages are tiled instead.
inline constexpr double kMaxPdfPageSide = 14400;
// What a drawing over kMaxPdfPageSide is tiled onto when no paper was asked for.
inline constexpr Paper kDefaultPaper = Paper::A4;

// "A4", "A3", "Letter", "Tabloid", any case.
std::optional<Paper> paperNamed(const QString& name);
QString paperName(Paper paper);
// In points, turned for landscape.
QSizeF paperSize(const PageSetup& setup);

// Where things go on a printed sheet, in points from its top-left corner.
struct SheetLayout {
  QSizeF paper;
  QRectF label;   // the line naming the model, the group and the page, above the content
  QRectF content; // the drawing (a tile of it, the overview, or all of it shrunk)
};
SheetLayout sheetLayout(const PageSetup& setup);

// A drawing cut into rows and columns of tiles. Neighbouring tiles share `overlap` points of
// paper, so that pages can be trimmed at their crop marks and laid over the next one.
struct TileGrid {
  SheetLayout sheet;
  double scale = kTileScale; // paper points per drawing point
  double overlap = 0;        // in paper points
  int rows = 0;
  int columns = 0;
  QPointF origin; // the top-left of tile (0, 0) in drawing coordinates (the grid is centred)

  int count() const { return rows * columns; }
  // Drawing points from one tile's left (top) to the next one's.
  QSizeF step() const;
  // The part of the drawing on the tile at (row, column), zero-based, in drawing coordinates.
  QRectF tile(int row, int column) const;
};

// Tiles covering a drawing of `drawing` points (its top-left at the origin).
TileGrid planTiles(const QSizeF& drawing, const PageSetup& setup);

} // namespace irscope::render
