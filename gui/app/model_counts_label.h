#pragma once
// The status bar's summary of the open model: nodes, edges, parameters, their size, and the
// canvas's zoom.
#include <QLabel>

namespace irscope::app {

struct ModelDocument;

class ModelCountsLabel : public QLabel {
  Q_OBJECT
public:
  using QLabel::QLabel;
  // Empty without a document.
  void showCounts(const ModelDocument* document, double zoom);
};

} // namespace irscope::app
