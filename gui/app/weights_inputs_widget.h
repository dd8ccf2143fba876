#pragma once
// What a run of the open model reads, as the Run, Golden Data and Analyze Modules dialogs ask for
// it: the weights file (a model opened from TorchScript brings its own), seeded or .npy inputs
// and, where the dialog runs the model in a chosen dtype, that dtype. One widget, so that the
// dialogs ask alike and read the same RunChoices fields.
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"

#include <QStringList>
#include <QWidget>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace irscope::app {

// "x  [1, 3, 224, 224] float32": how a row for one tensor file names the tensor.
QString tensorRowLabel(const ir::Tensor& tensor);
// The i-th remembered file, or "" past the end of the list.
QString fileAt(const QStringList& files, size_t i);

class WeightsInputsWidget : public QWidget {
  Q_OBJECT
public:
  enum class Dtype {
    Hidden,   // the dialog decides the dtype (Analyze Modules: its backend's)
    Editable, // any of runDtypes()
    // Editable for IR JSON; a TorchScript model runs as it was saved, in float32
    FixedForTorchScript,
  };

  WeightsInputsWidget(const ModelDocument& document, const RunChoices& initial, Dtype dtype,
                      QWidget* parent = nullptr);

  // Writes the weights file, the inputs and, unless hidden, the dtype into `choices`; the rest
  // of it stays as it is.
  void fill(RunChoices& choices) const;
  // A non-empty note replaces the inputs' choice (a golden folder brings its own inputs);
  // empty gives it back.
  void setInputsNote(const QString& note);

  // For tests: the fields a user types into.
  QLineEdit* weightsField() const { return weights_; }
  QLineEdit* inputField(int input) const { return input_files_.at(input); }
  QRadioButton* npyInputsButton() const { return npy_inputs_; }
  QRadioButton* seededInputsButton() const { return seeded_inputs_; }

signals:
  void changed(); // a field was edited or an option chosen

private:
  void updateRows();

  bool from_torchscript_;
  Dtype dtype_mode_;
  QLineEdit* weights_;
  QRadioButton* seeded_inputs_;
  QRadioButton* npy_inputs_;
  QSpinBox* seed_;
  std::vector<QLineEdit*> input_files_;
  std::vector<QWidget*> npy_rows_; // enabled with their radio button
  QComboBox* dtype_ = nullptr;
  QLabel* inputs_note_;
  bool inputs_replaced_ = false;
};

} // namespace irscope::app
