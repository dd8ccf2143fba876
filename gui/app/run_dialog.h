#pragma once
// Tools > Run Model: asks what the open model runs with (weights, inputs, dtype) and what its
// results are compared with (a TorchScript model, expected .npy outputs, a golden folder, or
// nothing). Starts from defaultRunChoices; Run stays disabled until problemWith() has nothing to
// say.
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"

#include <QDialog>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QWidget;

namespace irscope::app {

class RunDialog : public QDialog {
  Q_OBJECT
public:
  RunDialog(const ModelDocument& document, const RunChoices& initial, QWidget* parent = nullptr);

  RunChoices choices() const;
  // Why Run is disabled, or empty when it is enabled.
  QString problem() const;

  // For tests: the fields a user types into.
  QLineEdit* weightsField() const { return weights_; }
  QLineEdit* inputField(int input) const { return input_files_.at(input); }
  QRadioButton* npyInputsButton() const { return npy_inputs_; }
  QRadioButton* seededInputsButton() const { return seeded_inputs_; }
  QRadioButton* noReferenceButton() const { return no_reference_; }
  QRadioButton* torchScriptReferenceButton() const { return torchscript_reference_; }
  QLineEdit* referenceField() const { return reference_file_; }
  QRadioButton* goldenReferenceButton() const { return golden_reference_; }
  QLineEdit* goldenFolderField() const { return golden_folder_; }

private:
  void check();

  const ir::Graph& graph_;
  bool from_torchscript_;
  QLineEdit* weights_;
  QRadioButton* seeded_inputs_;
  QRadioButton* npy_inputs_;
  QSpinBox* seed_;
  std::vector<QLineEdit*> input_files_;
  QComboBox* dtype_;
  QRadioButton* no_reference_;
  QRadioButton* torchscript_reference_;
  QRadioButton* expected_reference_;
  QRadioButton* golden_reference_;
  QLineEdit* reference_file_;
  QLineEdit* golden_folder_;
  std::vector<QLineEdit*> expected_files_;
  QLineEdit* rtol_;
  QLineEdit* atol_;
  QLabel* error_;
  QDialogButtonBox* buttons_;
  std::vector<QWidget*> npy_rows_, expected_rows_; // enabled with their radio button
  QWidget* reference_row_;
  QWidget* golden_row_;
  QLabel* golden_inputs_note_; // shown while the golden folder's inputs replace these
};

} // namespace irscope::app
