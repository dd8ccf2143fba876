#pragma once
// A tensor's value distribution as bars (TensorStatistics' 32 equal bins over [min, max]), with
// the range under it and the element count, NaN and Inf over it. Hovering a bar tells its range
// and count. Used for node outputs in Properties and for weights in the Weights dock.
#include "core/tensor_statistics.h"

#include <QWidget>
#include <optional>

namespace irscope::app {

class HistogramWidget : public QWidget {
  Q_OBJECT
public:
  explicit HistogramWidget(QWidget* parent = nullptr);

  void setStatistics(const ir::TensorStatistics& statistics);
  void clear();
  const std::optional<ir::TensorStatistics>& statistics() const { return statistics_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

private:
  QRectF barsRect() const;
  int binAt(QPointF position) const;

  std::optional<ir::TensorStatistics> statistics_;
};

} // namespace irscope::app
