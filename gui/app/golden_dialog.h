#pragma once
// Tools > Golden Data: asks where the open model's golden folder goes (NAME.golden beside the
// model), what it runs on (weights, seeded or .npy inputs, dtype: the Run dialog's choices), and
// whether every intermediate is written to nodes/. MainWindow::writeGoldenData writes it.
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"
#include "gui/app/weights_inputs_widget.h"

#include <QDialog>
#include <vector>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace irscope::app {

struct GoldenChoices {
  // Weights, inputs and dtype as for a run; the reference is not used.
  RunChoices run;
  QString output_dir;
  bool nodes = true; // write every intermediate to nodes/
};

// The Run dialog's remembered weights, inputs and dtype, NAME.golden beside the model, and the
// nodes/ choice made last time.
GoldenChoices defaultGoldenChoices(const QString& model, bool from_torchscript);
// Remembers the nodes/ choice (the run's choices are remembered with rememberRunChoices).
void rememberGoldenChoices(const GoldenChoices& choices);

// Why these choices cannot be written for this graph, or an empty string when they can.
QString problemWith(const GoldenChoices& choices, const ir::Graph& graph, bool from_torchscript);

class GoldenDialog : public QDialog {
  Q_OBJECT
public:
  GoldenDialog(const ModelDocument& document, const GoldenChoices& initial,
               QWidget* parent = nullptr);

  GoldenChoices choices() const;
  // Why Write is disabled, or empty when it is enabled.
  QString problem() const;

  // For tests.
  QLineEdit* folderField() const { return folder_; }
  QCheckBox* nodesBox() const { return nodes_; }

private:
  void check();

  const ir::Graph& graph_;
  bool from_torchscript_;
  RunChoices initial_run_; // what the dialog does not ask for is kept as it was
  QLineEdit* folder_;
  WeightsInputsWidget* data_; // weights, inputs and dtype
  QCheckBox* nodes_;
  QLabel* error_;
  QDialogButtonBox* buttons_;
};

} // namespace irscope::app
