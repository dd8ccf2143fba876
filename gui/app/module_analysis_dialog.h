#pragma once
// Tools > Analyze Modules: the backend (mapping, cpu-bf16, cpu-fp16), the PCC threshold and the
// weights and inputs for the cpu backends (the Run dialog's widget), "Root only", and the folder
// that also gets the analysis's three files. For a model without module paths it says why
// there is nothing to analyse, and Analyze stays disabled.
#include "gui/app/model_document.h"
#include "gui/app/module_analysis_choices.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace irscope::app {

class WeightsInputsWidget;

class ModuleAnalysisDialog : public QDialog {
  Q_OBJECT
public:
  ModuleAnalysisDialog(const ModelDocument& document, const ModuleAnalysisChoices& initial,
                       QWidget* parent = nullptr);

  ModuleAnalysisChoices choices() const;
  // Why Analyze is disabled, or empty when it is enabled.
  QString problem() const;

  // For tests.
  QComboBox* backendBox() const { return backend_; }
  QDoubleSpinBox* pccBox() const { return pcc_; }
  QCheckBox* rootOnlyBox() const { return root_only_; }
  QCheckBox* writeBox() const { return write_; }
  QLineEdit* folderField() const { return folder_; }
  WeightsInputsWidget* runData() const { return data_; }

private:
  void check();

  const ModelDocument& document_;
  ModuleAnalysisChoices initial_; // what the dialog does not ask for is kept as it was
  QComboBox* backend_;
  QDoubleSpinBox* pcc_;
  QCheckBox* root_only_;
  WeightsInputsWidget* data_;
  QLabel* data_note_;
  QCheckBox* write_;
  QLineEdit* folder_;
  QWidget* folder_row_;
  QLabel* error_;
  QDialogButtonBox* buttons_;
};

} // namespace irscope::app
