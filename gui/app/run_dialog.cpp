#include "gui/app/run_dialog.h"

#include "core/verdict.h"
#include "gui/app/browse_row.h"
#include "gui/app/weights_inputs_widget.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace irscope::app {

namespace {

double toleranceOf(const QLineEdit* field) {
  bool ok = false;
  const double value = field->text().trimmed().toDouble(&ok);
  return ok ? value : -1; // problemWith refuses a negative tolerance
}

} // namespace

RunDialog::RunDialog(const ModelDocument& document, const RunChoices& initial, QWidget* parent)
    : QDialog(parent), graph_(document.model.graph), from_torchscript_(document.from_torchscript) {
  const QString model = QFileInfo(document.path).fileName();
  setWindowTitle(tr("Run Model \u2014 %1").arg(model));
  setMinimumWidth(640);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("Runs <b>%1</b> through libtorch on the CPU and records the statistics of every node "
         "output. With something to compare with, the outputs are checked against it, and a "
         "TorchScript model's or a golden folder's intermediate tensors are compared by name, to "
         "find where the IR first diverges.")
          .arg(model.toHtmlEscaped()),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  // Weights and inputs, as every dialog that runs the model asks for them.
  data_ = new WeightsInputsWidget(document, initial, WeightsInputsWidget::Dtype::Editable, this);
  layout->addWidget(data_);

  // Compare with.
  auto* reference_box = new QGroupBox(tr("Compare with"), this);
  auto* reference_layout = new QVBoxLayout(reference_box);
  no_reference_ = new QRadioButton(tr("Nothing: run only"), reference_box);
  torchscript_reference_ = new QRadioButton(
      from_torchscript_ ? tr("The TorchScript model itself: every intermediate tensor too")
                        : tr("A TorchScript model: every intermediate tensor too"),
      reference_box);
  reference_file_ =
      new QLineEdit(from_torchscript_ ? document.path : initial.reference_file, reference_box);
  reference_file_->setPlaceholderText(tr("the original model, saved with torch.jit.save"));
  reference_row_ = browseRow(this, reference_file_, tr("TorchScript reference"),
                             tr("TorchScript (*.pt *.pth);;All files (*)"));
  reference_row_->setContentsMargins(24, 0, 0, 0);
  if (from_torchscript_)
    reference_file_->setClearButtonEnabled(false); // fixed: the model's own file
  expected_reference_ =
      new QRadioButton(tr("Expected outputs: .npy files, one per output:"), reference_box);
  reference_layout->addWidget(no_reference_);
  reference_layout->addWidget(torchscript_reference_);
  reference_layout->addWidget(reference_row_);
  reference_layout->addWidget(expected_reference_);
  auto* expected_form = new QFormLayout;
  expected_form->setContentsMargins(24, 0, 0, 0);
  for (size_t o = 0; o < graph_.outputs.size(); ++o) {
    auto* field = new QLineEdit(fileAt(initial.expected_files, o), reference_box);
    QWidget* row = browseRow(this, field, tr("Expected output %1").arg(o),
                             tr("NumPy arrays (*.npy);;All files (*)"));
    auto* label = new QLabel(tensorRowLabel(graph_.outputs[o]), reference_box);
    expected_form->addRow(label, row);
    expected_files_.push_back(field);
    expected_rows_.push_back(row);
    expected_rows_.push_back(label);
  }
  reference_layout->addLayout(expected_form);
  golden_reference_ = new QRadioButton(
      tr("A golden folder (Tools > Golden Data): its inputs, its outputs and every intermediate "
         "in nodes/"),
      reference_box);
  golden_folder_ = new QLineEdit(initial.golden_folder, reference_box);
  golden_folder_->setPlaceholderText(tr("a folder holding metadata.json"));
  golden_row_ = browseRow(this, golden_folder_, tr("Golden folder"), QString());
  golden_row_->setContentsMargins(24, 0, 0, 0);
  reference_layout->addWidget(golden_reference_);
  reference_layout->addWidget(golden_row_);
  auto* tolerance_row = new QHBoxLayout;
  rtol_ = new QLineEdit(QString::number(initial.rtol), reference_box);
  atol_ = new QLineEdit(QString::number(initial.atol), reference_box);
  rtol_->setToolTip(tr("Relative tolerance: close when |diff| <= atol + rtol * |value|"));
  atol_->setToolTip(rtol_->toolTip());
  pcc_ = new QLineEdit(initial.pcc ? QString::number(*initial.pcc) : QString(), reference_box);
  pcc_->setPlaceholderText(tr("by dtype"));
  pcc_->setToolTip(tr("The Pearson correlation every compared tensor must reach besides allclose; "
                      "empty: by the lower-precision dtype of the pair, %1")
                       .arg(QString::fromStdString(ir::pccThresholdsText({}))));
  for (QLineEdit* field : {rtol_, atol_, pcc_})
    field->setMaximumWidth(90);
  tolerance_row->addWidget(new QLabel(tr("rtol"), reference_box));
  tolerance_row->addWidget(rtol_);
  tolerance_row->addSpacing(12);
  tolerance_row->addWidget(new QLabel(tr("atol"), reference_box));
  tolerance_row->addWidget(atol_);
  tolerance_row->addSpacing(12);
  tolerance_row->addWidget(new QLabel(tr("PCC"), reference_box));
  tolerance_row->addWidget(pcc_);
  tolerance_row->addStretch(1);
  reference_layout->addLayout(tolerance_row);
  auto* references = new QButtonGroup(this);
  references->addButton(no_reference_);
  references->addButton(torchscript_reference_);
  references->addButton(expected_reference_);
  references->addButton(golden_reference_);
  switch (initial.reference) {
  case RunChoices::Reference::None:
    no_reference_->setChecked(true);
    break;
  case RunChoices::Reference::TorchScript:
    torchscript_reference_->setChecked(true);
    break;
  case RunChoices::Reference::ExpectedOutputs:
    expected_reference_->setChecked(true);
    break;
  case RunChoices::Reference::GoldenFolder:
    golden_reference_->setChecked(true);
    break;
  }
  layout->addWidget(reference_box);

  error_ = new QLabel(this);
  error_->setStyleSheet("color: #c0392b");
  error_->setWordWrap(true);
  layout->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);

  for (QLineEdit* field : findChildren<QLineEdit*>())
    connect(field, &QLineEdit::textChanged, this, &RunDialog::check);
  for (QRadioButton* button : findChildren<QRadioButton*>())
    connect(button, &QRadioButton::toggled, this, &RunDialog::check);
  check();
}

RunChoices RunDialog::choices() const {
  RunChoices choices;
  data_->fill(choices);
  choices.reference = torchscript_reference_->isChecked() ? RunChoices::Reference::TorchScript
                      : expected_reference_->isChecked()  ? RunChoices::Reference::ExpectedOutputs
                      : golden_reference_->isChecked()    ? RunChoices::Reference::GoldenFolder
                                                          : RunChoices::Reference::None;
  choices.reference_file = reference_file_->text().trimmed();
  for (const QLineEdit* field : expected_files_)
    choices.expected_files << field->text().trimmed();
  choices.golden_folder = golden_folder_->text().trimmed();
  choices.rtol = toleranceOf(rtol_);
  choices.atol = toleranceOf(atol_);
  if (!pcc_->text().trimmed().isEmpty()) {
    bool ok = false;
    const double pcc = pcc_->text().trimmed().toDouble(&ok);
    choices.pcc = ok ? pcc : 2; // problemWith refuses a PCC above 1
  }
  return choices;
}

QString RunDialog::problem() const {
  return problemWith(choices(), graph_, from_torchscript_);
}

void RunDialog::check() {
  // Only the rows of the chosen options can be edited; a golden folder brings its own inputs.
  const bool golden = golden_reference_->isChecked();
  data_->setInputsNote(
      golden ? tr("Comparing with a golden folder: the run takes the folder's inputs.")
             : QString());
  reference_row_->setEnabled(torchscript_reference_->isChecked() && !from_torchscript_);
  for (QWidget* row : expected_rows_)
    row->setEnabled(expected_reference_->isChecked());
  golden_row_->setEnabled(golden);
  const bool verifies = !no_reference_->isChecked();
  rtol_->setEnabled(verifies);
  atol_->setEnabled(verifies);
  pcc_->setEnabled(verifies);

  const QString problem = this->problem();
  error_->setText(problem);
  error_->setVisible(!problem.isEmpty());
  QPushButton* ok = buttons_->button(QDialogButtonBox::Ok);
  ok->setText(verifies ? tr("Run and Verify") : tr("Run"));
  ok->setEnabled(problem.isEmpty());
}

} // namespace irscope::app
