#include "gui/app/page_setup_dialog.h"

#include "gui/render/diagram_painter.h"
#include "gui/render/paged_pdf.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace irscope::app {

namespace {

constexpr render::Paper kPapers[] = {render::Paper::A4, render::Paper::A3, render::Paper::Letter,
                                     render::Paper::Tabloid};

QString percent(double scale) {
  return QString::number(scale * 100, 'f', scale < 0.1 ? 1 : 0) + "%";
}

} // namespace

QString describePdfPlan(const render::PdfPlan& plan) {
  const double text = plan.scale * render::kSmallestDrawnText;
  if (!plan.page)
    return QObject::tr("One page of %1 × %2 pt, at full size")
        .arg(qRound(plan.drawing.width()))
        .arg(qRound(plan.drawing.height()));
  const QString paper = render::paperName(plan.page->paper);
  QString line;
  if (plan.tiled_for_size)
    line = QObject::tr("Too large for one page (%1 × %2 pt; viewers stop at %3 pt): ")
               .arg(qRound(plan.drawing.width()))
               .arg(qRound(plan.drawing.height()))
               .arg(qRound(render::kMaxPdfPageSide));
  if (!plan.page->tile) {
    line += QObject::tr("one %1 page, the drawing at %2, its smallest text %3 pt")
                .arg(paper, percent(plan.scale))
                .arg(text, 0, 'f', 1);
    if (text < render::kSmallestPrintedText)
      line += QObject::tr(" (too small to read: Tile cuts it into readable pages)");
    return line;
  }
  line += QObject::tr("%1 %2 pages: an overview, then %3 of a %4 × %5 grid at %6, text at %7 pt "
                      "or larger")
              .arg(plan.pages)
              .arg(paper)
              .arg(plan.pages - 1)
              .arg(plan.rows)
              .arg(plan.columns)
              .arg(percent(plan.scale))
              .arg(text, 0, 'f', 1);
  return line;
}

PageSetupDialog::PageSetupDialog(const layout::Diagram& diagram, render::ExportOptions options,
                                 const std::optional<render::PageSetup>& initial, QWidget* parent)
    : QDialog(parent), diagram_(diagram), options_(std::move(options)) {
  setWindowTitle(tr("PDF Page Setup"));
  paper_ = new QComboBox(this);
  paper_->addItem(tr("None: one page the drawing's size"));
  for (render::Paper paper : kPapers)
    paper_->addItem(render::paperName(paper));
  landscape_ = new QCheckBox(tr("&Landscape"), this);
  tile_ = new QCheckBox(tr("&Tile: an overview, then pages at a readable scale"), this);
  tile_->setToolTip(tr("Cuts the drawing into overlapping pages with crop marks, each labelled "
                       "with its row, column and module groups; no text prints below 6 pt"));
  plan_ = new QLabel(this);
  plan_->setWordWrap(true);
  plan_->setMinimumWidth(360);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* form = new QFormLayout;
  form->addRow(tr("&Paper:"), paper_);
  form->addRow(QString(), landscape_);
  form->addRow(QString(), tile_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(plan_);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  if (initial) {
    for (size_t i = 0; i < std::size(kPapers); ++i)
      if (kPapers[i] == initial->paper)
        paper_->setCurrentIndex(static_cast<int>(i) + 1);
    landscape_->setChecked(initial->landscape);
    tile_->setChecked(initial->tile);
  }
  connect(paper_, &QComboBox::currentIndexChanged, this, &PageSetupDialog::showPlan);
  connect(landscape_, &QCheckBox::toggled, this, &PageSetupDialog::showPlan);
  connect(tile_, &QCheckBox::toggled, this, &PageSetupDialog::showPlan);
  showPlan();
}

std::optional<render::PageSetup> PageSetupDialog::pageSetup() const {
  const int index = paper_->currentIndex();
  if (index <= 0)
    return std::nullopt;
  render::PageSetup setup;
  setup.paper = kPapers[index - 1];
  setup.landscape = landscape_->isChecked();
  setup.tile = tile_->isChecked();
  return setup;
}

QString PageSetupDialog::planText() const {
  return plan_->text();
}

void PageSetupDialog::showPlan() {
  const bool paper = paper_->currentIndex() > 0;
  landscape_->setEnabled(paper);
  tile_->setEnabled(paper);
  render::ExportOptions options = options_;
  options.page = pageSetup();
  plan_->setText(describePdfPlan(render::planPdf(diagram_, options)));
}

std::optional<render::PageSetup> PageSetupDialog::remembered() {
  QSettings settings;
  const auto paper = render::paperNamed(settings.value("export/paper").toString());
  if (!paper)
    return std::nullopt;
  render::PageSetup setup;
  setup.paper = *paper;
  setup.landscape = settings.value("export/landscape", false).toBool();
  setup.tile = settings.value("export/tile", true).toBool();
  return setup;
}

void PageSetupDialog::remember(const std::optional<render::PageSetup>& setup) {
  QSettings settings;
  settings.setValue("export/paper", setup ? render::paperName(setup->paper) : QString());
  if (setup) {
    settings.setValue("export/landscape", setup->landscape);
    settings.setValue("export/tile", setup->tile);
  }
}

} // namespace irscope::app
