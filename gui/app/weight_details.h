#pragma once
// Below the Weights table: the selected weight's statistics and histogram, or a short line
// saying why there are none yet (no weights file, still reading, not numeric).
#include "core/tensor_statistics.h"

#include <QWidget>

class QLabel;

namespace irscope::app {

class HistogramWidget;

class WeightDetails : public QWidget {
  Q_OBJECT
public:
  explicit WeightDetails(QWidget* parent = nullptr);

  void showStatistics(const QString& weight, const QString& source,
                      const ir::TensorStatistics& statistics);
  // A hint instead of numbers: "No weights file beside the model ...", "Reading ...".
  void showMessage(const QString& message);

  // What the area says, for tests: the statistics as "label value" lines, or the message.
  QString text() const;
  HistogramWidget* histogram() const { return histogram_; }

private:
  QLabel* title_;
  QLabel* numbers_;
  HistogramWidget* histogram_;
  QLabel* message_;
};

} // namespace irscope::app
