#include "gui/app/weight_details.h"

#include "gui/app/histogram_widget.h"
#include "gui/app/statistics_text.h"

#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace irscope::app {

WeightDetails::WeightDetails(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->setSpacing(3);
  title_ = new QLabel(this);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  numbers_ = new QLabel(this);
  numbers_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  histogram_ = new HistogramWidget(this);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setEnabled(false); // drawn muted: a hint, not data
  layout->addWidget(title_);
  layout->addWidget(numbers_);
  layout->addWidget(histogram_);
  layout->addWidget(message_);
  showMessage(tr("Select a weight to see its values"));
}

void WeightDetails::showStatistics(const QString& weight, const QString& source,
                                   const ir::TensorStatistics& statistics) {
  title_->setText(QString("<b>%1</b> <span style=\"color: gray\">from %2</span>")
                      .arg(weight.toHtmlEscaped(), QFileInfo(source).fileName().toHtmlEscaped()));
  title_->setToolTip(source);
  // Two rows of three: min/max/mean, then std/NaN/Inf.
  QString rows = "<table cellspacing=\"0\" cellpadding=\"1\"><tr>";
  const auto cells = statisticsRows(statistics);
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i == 3)
      rows += "</tr><tr>";
    rows += QString("<td>%1&nbsp;</td><td><b>%2</b>&nbsp;&nbsp;&nbsp;</td>")
                .arg(cells[i].first.toHtmlEscaped(), cells[i].second.toHtmlEscaped());
  }
  numbers_->setText(rows + "</tr></table>");
  histogram_->setStatistics(statistics);
  title_->show();
  numbers_->show();
  histogram_->show();
  message_->hide();
}

void WeightDetails::showMessage(const QString& message) {
  message_->setText(message);
  message_->show();
  title_->hide();
  numbers_->hide();
  histogram_->hide();
  histogram_->clear();
}

QString WeightDetails::text() const {
  if (message_->isVisibleTo(this))
    return message_->text();
  QStringList lines;
  if (histogram_->statistics())
    for (const auto& [label, value] : statisticsRows(*histogram_->statistics()))
      lines << label + " " + value;
  return lines.join('\n');
}

} // namespace irscope::app
