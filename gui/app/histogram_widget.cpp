#include "gui/app/histogram_widget.h"

#include "gui/app/statistics_text.h"
#include "gui/render/heat_map.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace irscope::app {

namespace {
constexpr double kPadding = 6;

QFont smallFont(const QWidget& widget) {
  QFont font = widget.font();
  font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
  return font;
}
} // namespace

HistogramWidget::HistogramWidget(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setAttribute(Qt::WA_Hover);
}

void HistogramWidget::setStatistics(const ir::TensorStatistics& statistics) {
  statistics_ = statistics;
  update();
}

void HistogramWidget::clear() {
  statistics_.reset();
  update();
}

QSize HistogramWidget::sizeHint() const {
  return {260, 96};
}

QSize HistogramWidget::minimumSizeHint() const {
  return {140, 96};
}

QRectF HistogramWidget::barsRect() const {
  const QFontMetricsF metrics(smallFont(*this));
  // Room for the counts above and the range below.
  return QRectF(rect()).adjusted(kPadding, kPadding + metrics.height() + 2, -kPadding,
                                 -(kPadding + metrics.height() + 4));
}

int HistogramWidget::binAt(QPointF position) const {
  const QRectF bars = barsRect();
  if (!statistics_ || !bars.contains(position))
    return -1;
  const int bin =
      static_cast<int>((position.x() - bars.left()) / bars.width() * ir::TensorStatistics::kBins);
  return std::clamp(bin, 0, ir::TensorStatistics::kBins - 1);
}

void HistogramWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QPalette& colors = palette();
  painter.setPen(QPen(colors.color(QPalette::Mid), 1));
  painter.setBrush(colors.color(QPalette::Base));
  painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
  painter.setFont(smallFont(*this));
  QColor muted = colors.color(QPalette::Text);
  muted.setAlphaF(0.65);
  if (!statistics_ || statistics_->finite_count == 0) {
    painter.setPen(statistics_ && statistics_->hasNonFinite() ? render::nonFiniteColor() : muted);
    painter.drawText(rect(), Qt::AlignCenter,
                     statistics_ ? tr("no finite values: %1").arg(statisticsSummary(*statistics_))
                                 : tr("no values"));
    return;
  }
  const ir::TensorStatistics& s = *statistics_;
  const QRectF bars = barsRect();
  const QFontMetricsF metrics(painter.font());

  // Counts above: how many elements, and NaN/Inf in red when there are any.
  const QRectF top(bars.left(), kPadding, bars.width(), metrics.height());
  painter.setPen(muted);
  painter.drawText(top, Qt::AlignLeft | Qt::AlignVCenter,
                   tr("%1 values").arg(QLocale::c().toString(static_cast<qlonglong>(s.count))));
  if (s.hasNonFinite()) {
    painter.setPen(render::nonFiniteColor());
    painter.drawText(top, Qt::AlignRight | Qt::AlignVCenter,
                     tr("NaN %1  \u00b7  Inf %2")
                         .arg(QLocale::c().toString(static_cast<qlonglong>(s.nan_count)))
                         .arg(QLocale::c().toString(static_cast<qlonglong>(s.inf_count))));
  }

  // A faint baseline and zero line give the bars something to stand on.
  QColor faint = colors.color(QPalette::Text);
  faint.setAlphaF(0.25);
  painter.setPen(QPen(faint, 1));
  painter.drawLine(bars.bottomLeft(), bars.bottomRight());
  const bool zero_inside = s.min < 0 && s.max > 0;
  if (zero_inside) {
    const double x = bars.left() + (0 - s.min) / (s.max - s.min) * bars.width();
    painter.setPen(QPen(faint, 1, Qt::DashLine));
    painter.drawLine(QPointF(x, bars.top()), QPointF(x, bars.bottom()));
  }

  const int64_t tallest = *std::max_element(s.histogram.begin(), s.histogram.end());
  const double bin_width = bars.width() / ir::TensorStatistics::kBins;
  painter.setPen(Qt::NoPen);
  painter.setBrush(colors.color(QPalette::Highlight));
  for (int bin = 0; bin < ir::TensorStatistics::kBins; ++bin) {
    const int64_t n = s.histogram[bin];
    if (n == 0)
      continue;
    // Linear, so that the picture is honest; a lone value still shows as a sliver.
    const double height =
        std::max(1.5, bars.height() * static_cast<double>(n) / static_cast<double>(tallest));
    const double left = bars.left() + bin * bin_width + 0.5;
    const double width = std::max(1.0, bin_width - 1.0);
    painter.drawRect(QRectF(left, bars.bottom() - height, width, height));
    // A rug mark under the baseline for every occupied bin: a lone outlier (one perturbed
    // weight) is what one looks for, and its bar alone is too thin to see.
    painter.drawRect(QRectF(left, bars.bottom() + 1.5, width, 2.5));
  }

  // The range below.
  const QRectF bottom(bars.left(), bars.bottom() + 4, bars.width(), metrics.height());
  painter.setPen(muted);
  if (s.min == s.max) {
    painter.drawText(bottom, Qt::AlignCenter, tr("every value %1").arg(formatNumber(s.min)));
    return;
  }
  painter.drawText(bottom, Qt::AlignLeft | Qt::AlignVCenter, formatNumber(s.min));
  painter.drawText(bottom, Qt::AlignRight | Qt::AlignVCenter, formatNumber(s.max));
  if (zero_inside) {
    const double x = bars.left() + (0 - s.min) / (s.max - s.min) * bars.width();
    const double half = metrics.horizontalAdvance("0") / 2;
    // Only where it does not collide with the ends' labels.
    if (x - half > bars.left() + metrics.horizontalAdvance(formatNumber(s.min)) + 4 &&
        x + half < bars.right() - metrics.horizontalAdvance(formatNumber(s.max)) - 4)
      painter.drawText(QRectF(x - half - 2, bottom.top(), 2 * half + 4, bottom.height()),
                       Qt::AlignCenter, QStringLiteral("0"));
  }
}

bool HistogramWidget::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int bin = binAt(help->pos());
    if (bin < 0 || !statistics_ || statistics_->finite_count == 0) {
      QToolTip::hideText();
      return true;
    }
    const ir::TensorStatistics& s = *statistics_;
    const double width = (s.max - s.min) / ir::TensorStatistics::kBins;
    const double low = s.min + bin * width;
    QToolTip::showText(help->globalPos(),
                       tr("[%1, %2%3: %4 values")
                           .arg(formatNumber(low), formatNumber(low + width),
                                bin == ir::TensorStatistics::kBins - 1 ? "]" : ")")
                           .arg(QLocale::c().toString(static_cast<qlonglong>(s.histogram[bin]))),
                       this);
    return true;
  }
  return QWidget::event(event);
}

} // namespace irscope::app
