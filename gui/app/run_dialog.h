#pragma once
// Tools > Run Model: asks what the open model runs with (weights, inputs, dtype) and what its
// results are compared with (a TorchScript model, expected .npy outputs, a golden folder, or
// nothing). Starts from defaultRunChoices; Run stays disabled until problemWith() has nothing to
// say.
#include "gui/app/model_document.h"
#include "gui/app/run_choices.h"
#include "gui/app/weights_inputs_widget.h"

#include <QDialog>
#include <vector>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
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
  QLineEdit* weightsField() const { return data_->weightsField(); }
  QLineEdit* inputField(int input) const { return data_->inputField(input); }
  QRadioButton* npyInputsButton() const { return data_->npyInputsButton(); }
  QRadioButton* seededInputsButton() const { return data_->seededInputsButton(); }
  QRadioButton* noReferenceButton() const { return no_reference_; }
  QRadioButton* torchScriptReferenceButton() const { return torchscript_reference_; }
  QLineEdit* referenceField() const { return reference_file_; }
  QRadioButton* goldenReferenceButton() const { return golden_reference_; }
  QLineEdit* goldenFolderField() const { return golden_folder_; }

private:
  void check();

  const ir::Graph& graph_;
  bool from_torchscript_;
  WeightsInputsWidget* data_; // weights, inputs and dtype
  QRadioButton* no_reference_;
  QRadioButton* torchscript_reference_;
  QRadioButton* expected_reference_;
  QRadioButton* golden_reference_;
  QLineEdit* reference_file_;
  QLineEdit* golden_folder_;
  std::vector<QLineEdit*> expected_files_;
  QLineEdit* rtol_;
  QLineEdit* atol_;
  QLineEdit* pcc_; // empty: the per-dtype default
  QLabel* error_;
  QDialogButtonBox* buttons_;
  std::vector<QWidget*> expected_rows_; // enabled with their radio button
  QWidget* reference_row_;
  QWidget* golden_row_;
};

} // namespace irscope::app
