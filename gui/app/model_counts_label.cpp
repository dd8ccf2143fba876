#include "gui/app/model_counts_label.h"

#include "gui/app/model_document.h"
#include "io/summary_report.h"

namespace irscope::app {

void ModelCountsLabel::showCounts(const ModelDocument* document, double zoom) {
  if (!document)
    return clear();
  const ir::ModelSummary& summary = document->summary;
  setText(tr("%1 nodes  \u00b7  %2 edges  \u00b7  %3 parameters  \u00b7  %4  \u00b7  zoom %5%")
              .arg(summary.num_nodes)
              .arg(document->edge_count)
              .arg(QString::fromStdString(io::withThousandsSeparators(summary.unique_parameters)))
              .arg(QString::fromStdString(io::humanBytes(summary.parameter_bytes)))
              .arg(qRound(zoom * 100)));
}

} // namespace irscope::app
