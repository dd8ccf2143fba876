#include "gui/app/module_analysis_dialog.h"

#include "gui/app/browse_row.h"
#include "gui/app/model_module_analysis.h"
#include "gui/app/weights_inputs_widget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace irscope::app {

ModuleAnalysisDialog::ModuleAnalysisDialog(const ModelDocument& document,
                                           const ModuleAnalysisChoices& initial, QWidget* parent)
    : QDialog(parent), document_(document), initial_(initial) {
  const QString model = QFileInfo(document.path).fileName();
  setWindowTitle(tr("Analyze Modules \u2014 %1").arg(model));
  setMinimumWidth(640);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("Tests the unique modules of <b>%1</b> top-down, as ttchop's op-by-op analysis does: a "
         "module that passes is <i>success</i> and everything below it <i>inherited_success</i>; "
         "one that fails keeps the ops that failed, and its children are tested in turn.")
          .arg(model.toHtmlEscaped()),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  const bool has_modules = hasModulePaths(document.model.graph);

  // How each module is tested.
  auto* test_box = new QGroupBox(tr("Test"), this);
  auto* form = new QFormLayout(test_box);
  backend_ = new QComboBox(test_box);
  backend_->addItems(analysisBackendNames());
  backend_->setItemData(0, tr("Every op converts under the operator mapping; nothing runs"),
                        Qt::ToolTipRole);
  backend_->setItemData(1, tr("The module keeps its numbers in bfloat16: PCC against float32"),
                        Qt::ToolTipRole);
  backend_->setItemData(2, tr("The module keeps its numbers in float16: PCC against float32"),
                        Qt::ToolTipRole);
  backend_->setCurrentText(QString::fromStdString(std::string(ir::backendName(initial.backend))));
  form->addRow(tr("Backend"), backend_);
  pcc_ = new QDoubleSpinBox(test_box);
  pcc_->setRange(-1, 1);
  pcc_->setDecimals(4);
  pcc_->setSingleStep(0.001);
  pcc_->setValue(initial.pcc_threshold);
  pcc_->setToolTip(tr("The Pearson correlation a module's (and an op's) outputs must reach "
                      "against the float32 run"));
  form->addRow(tr("PCC threshold"), pcc_);
  root_only_ =
      new QCheckBox(tr("Root only: test the whole model, skip everything below it"), test_box);
  root_only_->setChecked(initial.root_only);
  form->addRow(QString(), root_only_);
  layout->addWidget(test_box);

  // What the cpu backends run on: the Run dialog's choices.
  data_note_ =
      new QLabel(tr("The cpu backends run the model once in float32, then each module's ops in the "
                    "backend's dtype, on these weights and inputs:"),
                 this);
  data_note_->setWordWrap(true);
  layout->addWidget(data_note_);
  data_ = new WeightsInputsWidget(document, initial.run, WeightsInputsWidget::Dtype::Hidden, this);
  layout->addWidget(data_);

  // Where the files go, if anywhere.
  auto* output_box = new QGroupBox(tr("Files"), this);
  auto* output_layout = new QVBoxLayout(output_box);
  write_ = new QCheckBox(
      tr("Also write unique_modules.json, summary.md and analysis_report.html to:"), output_box);
  write_->setChecked(initial.write_folder);
  folder_ = new QLineEdit(initial.output_dir, output_box);
  folder_->setPlaceholderText(tr("created when missing"));
  folder_row_ = browseRow(this, folder_, tr("Analysis folder"), QString());
  folder_row_->setContentsMargins(24, 0, 0, 0);
  output_layout->addWidget(write_);
  output_layout->addWidget(folder_row_);
  layout->addWidget(output_box);

  error_ = new QLabel(this);
  error_->setStyleSheet("color: #c0392b");
  error_->setWordWrap(true);
  layout->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Analyze"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);

  if (!has_modules) // nothing here applies; the error line says why
    for (QWidget* part : {static_cast<QWidget*>(test_box), static_cast<QWidget*>(data_),
                          static_cast<QWidget*>(output_box)})
      part->setEnabled(false);

  connect(backend_, &QComboBox::currentIndexChanged, this, &ModuleAnalysisDialog::check);
  connect(pcc_, &QDoubleSpinBox::valueChanged, this, &ModuleAnalysisDialog::check);
  connect(data_, &WeightsInputsWidget::changed, this, &ModuleAnalysisDialog::check);
  connect(write_, &QCheckBox::toggled, this, &ModuleAnalysisDialog::check);
  connect(folder_, &QLineEdit::textChanged, this, &ModuleAnalysisDialog::check);
  check();
}

ModuleAnalysisChoices ModuleAnalysisDialog::choices() const {
  ModuleAnalysisChoices choices = initial_;
  choices.backend = ir::backendNamed(backend_->currentText().toStdString())
                        .value_or(ir::AnalysisBackend::Mapping);
  choices.pcc_threshold = pcc_->value();
  choices.root_only = root_only_->isChecked();
  data_->fill(choices.run);
  choices.write_folder = write_->isChecked();
  choices.output_dir = folder_->text().trimmed();
  return choices;
}

QString ModuleAnalysisDialog::problem() const {
  return problemWith(choices(), document_);
}

void ModuleAnalysisDialog::check() {
  // Only what the chosen backend uses can be edited.
  const bool has_modules = hasModulePaths(document_.model.graph);
  const bool runs = choices().runsTheModel();
  pcc_->setEnabled(runs && has_modules);
  data_->setEnabled(runs && has_modules);
  data_note_->setEnabled(runs && has_modules);
  folder_row_->setEnabled(write_->isChecked() && has_modules);
  const QString problem = this->problem();
  error_->setText(problem);
  error_->setVisible(!problem.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace irscope::app
