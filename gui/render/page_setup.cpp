#include "gui/render/page_setup.h"

#include <QPageSize>
#include <algorithm>
#include <cmath>

namespace irscope::render {

namespace {

// Clear of what office printers cannot reach (about 5 mm), with room for the crop marks.
constexpr double kSideMargin = 28;
constexpr double kLabelHeight = 14;
constexpr double kLabelTop = 10;
constexpr double kTopMargin = kLabelTop + kLabelHeight + 18;
// About a third of an inch: enough to glue, and to see a box cut at one page's edge whole on
// the next.
constexpr double kTileOverlap = 24;

QPageSize::PageSizeId pageSizeId(Paper paper) {
  switch (paper) {
  case Paper::A3:
    return QPageSize::A3;
  case Paper::Letter:
    return QPageSize::Letter;
  case Paper::Tabloid:
    return QPageSize::Tabloid;
  case Paper::A4:
    break;
  }
  return QPageSize::A4;
}

// How many tiles of `window` points, each starting `step` after the last, cover `length`.
int tilesAlong(double length, double window, double step) {
  if (length <= window + 1e-6)
    return 1;
  return 1 + static_cast<int>(std::ceil((length - window) / step - 1e-9));
}

} // namespace

std::optional<Paper> paperNamed(const QString& name) {
  for (Paper paper : {Paper::A4, Paper::A3, Paper::Letter, Paper::Tabloid}) {
    if (name.compare(paperName(paper), Qt::CaseInsensitive) == 0)
      return paper;
  }
  return std::nullopt;
}

QString paperName(Paper paper) {
  switch (paper) {
  case Paper::A3:
    return QStringLiteral("A3");
  case Paper::Letter:
    return QStringLiteral("Letter");
  case Paper::Tabloid:
    return QStringLiteral("Tabloid");
  case Paper::A4:
    break;
  }
  return QStringLiteral("A4");
}

QSizeF paperSize(const PageSetup& setup) {
  const QSizeF portrait = QPageSize::size(pageSizeId(setup.paper), QPageSize::Point);
  return setup.landscape ? portrait.transposed() : portrait;
}

SheetLayout sheetLayout(const PageSetup& setup) {
  SheetLayout sheet;
  sheet.paper = paperSize(setup);
  sheet.label = QRectF(kSideMargin, kLabelTop, sheet.paper.width() - 2 * kSideMargin, kLabelHeight);
  sheet.content = QRectF(kSideMargin, kTopMargin, sheet.paper.width() - 2 * kSideMargin,
                         sheet.paper.height() - kTopMargin - kSideMargin);
  return sheet;
}

QSizeF TileGrid::step() const {
  return QSizeF((sheet.content.width() - overlap) / scale,
                (sheet.content.height() - overlap) / scale);
}

QRectF TileGrid::tile(int row, int column) const {
  return QRectF(origin.x() + column * step().width(), origin.y() + row * step().height(),
                sheet.content.width() / scale, sheet.content.height() / scale);
}

TileGrid planTiles(const QSizeF& drawing, const PageSetup& setup) {
  TileGrid grid;
  grid.sheet = sheetLayout(setup);
  grid.scale = kTileScale;
  grid.overlap = kTileOverlap;
  const QSizeF window = grid.sheet.content.size() / grid.scale;
  const QSizeF step = grid.step();
  grid.columns = tilesAlong(drawing.width(), window.width(), step.width());
  grid.rows = tilesAlong(drawing.height(), window.height(), step.height());
  // Centred across, so that a narrow graph is not pressed against the left edge; from the top
  // down, where the graph starts.
  const double covered = window.width() + (grid.columns - 1) * step.width();
  grid.origin = QPointF((drawing.width() - covered) / 2, 0);
  return grid;
}

} // namespace irscope::render
