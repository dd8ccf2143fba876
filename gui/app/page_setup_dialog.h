#pragma once
// File > Export to PDF asks for the paper: none (one page the drawing's size, tiled anyway past
// what viewers open), or A4, A3, Letter or Tabloid, upright or landscape, with the drawing shrunk
// onto one sheet or cut into pages at a readable scale after an overview (render::PageSetup, as
// `irscope-cli render --page … --tile`). It says what that gives (render::planPdf) before
// anything is written, and remembers the choice.
#include "gui/render/diagram_export.h"
#include "gui/render/page_setup.h"
#include "gui/render/paged_pdf.h"

#include <QDialog>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;

namespace irscope::app {

class PageSetupDialog : public QDialog {
  Q_OBJECT
public:
  // `options` is what the export will draw (colours, region); the dialog sets its page.
  PageSetupDialog(const layout::Diagram& diagram, render::ExportOptions options,
                  const std::optional<render::PageSetup>& initial, QWidget* parent = nullptr);

  std::optional<render::PageSetup> pageSetup() const;
  // What the chosen setup gives: pages, scale, text size.
  QString planText() const;
  QComboBox* paper() const { return paper_; }
  QCheckBox* landscape() const { return landscape_; }
  QCheckBox* tile() const { return tile_; }

  // The page setup last used (QSettings); none the first time.
  static std::optional<render::PageSetup> remembered();
  static void remember(const std::optional<render::PageSetup>& setup);

private:
  void showPlan();

  const layout::Diagram& diagram_;
  render::ExportOptions options_;
  QComboBox* paper_;
  QCheckBox* landscape_;
  QCheckBox* tile_;
  QLabel* plan_;
};

// One line on what a PDF plan gives: "12 A4 pages: an overview and 11 tiles (3 rows × 4
// columns) at 88%, text at 6.1 pt or larger".
QString describePdfPlan(const render::PdfPlan& plan);

} // namespace irscope::app
