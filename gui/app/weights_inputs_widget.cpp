#include "gui/app/weights_inputs_widget.h"

#include "gui/app/browse_row.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

namespace irscope::app {

QString tensorRowLabel(const ir::Tensor& tensor) {
  return QString("%1  %2 %3")
      .arg(QString::fromStdString(tensor.name),
           QString::fromStdString(ir::formatShapeList(tensor.shape)),
           QString::fromStdString(tensor.dtype));
}

QString fileAt(const QStringList& files, size_t i) {
  return static_cast<qsizetype>(i) < files.size() ? files[static_cast<qsizetype>(i)] : QString();
}

WeightsInputsWidget::WeightsInputsWidget(const ModelDocument& document, const RunChoices& initial,
                                         Dtype dtype, QWidget* parent)
    : QWidget(parent), from_torchscript_(document.from_torchscript), dtype_mode_(dtype) {
  const ir::Graph& graph = document.model.graph;
  const QString model = QFileInfo(document.path).fileName();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  // Weights.
  auto* weights_box = new QGroupBox(tr("Weights"), this);
  auto* weights_layout = new QVBoxLayout(weights_box);
  weights_ = new QLineEdit(initial.weights_file, weights_box);
  weights_->setPlaceholderText(tr(".safetensors or torch.save state_dict"));
  QWidget* weights_row = browseRow(this, weights_, tr("Weights file"),
                                   tr("Weights (*.safetensors *.pt *.pth *.bin);;All files (*)"));
  weights_layout->addWidget(weights_row);
  if (from_torchscript_) {
    weights_row->setEnabled(false);
    weights_->clear();
    weights_->setPlaceholderText(tr("from %1").arg(model));
    auto* note = new QLabel(
        tr("The model was opened from TorchScript: its weights come from %1 itself.").arg(model),
        weights_box);
    note->setWordWrap(true);
    weights_layout->addWidget(note);
  }
  layout->addWidget(weights_box);

  // Inputs.
  auto* inputs_box = new QGroupBox(tr("Inputs"), this);
  auto* inputs_layout = new QVBoxLayout(inputs_box);
  auto* seeded_row = new QHBoxLayout;
  seeded_inputs_ = new QRadioButton(tr("Seeded random values of the IR's input shapes"));
  seed_ = new QSpinBox(inputs_box);
  seed_->setRange(0, INT_MAX);
  seed_->setValue(static_cast<int>(std::min<quint64>(initial.seed, INT_MAX)));
  seeded_row->addWidget(seeded_inputs_);
  seeded_row->addStretch(1);
  seeded_row->addWidget(new QLabel(tr("Seed"), inputs_box));
  seeded_row->addWidget(seed_);
  inputs_layout->addLayout(seeded_row);
  npy_inputs_ = new QRadioButton(tr(".npy files, one per input:"), inputs_box);
  inputs_layout->addWidget(npy_inputs_);
  auto* input_form = new QFormLayout;
  input_form->setContentsMargins(24, 0, 0, 0);
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    auto* field = new QLineEdit(fileAt(initial.input_files, i), inputs_box);
    QWidget* row =
        browseRow(this, field, tr("Input %1").arg(QString::fromStdString(graph.inputs[i].name)),
                  tr("NumPy arrays (*.npy);;All files (*)"));
    auto* label = new QLabel(tensorRowLabel(graph.inputs[i]), inputs_box);
    input_form->addRow(label, row);
    input_files_.push_back(field);
    npy_rows_.push_back(row);
    npy_rows_.push_back(label);
  }
  inputs_layout->addLayout(input_form);
  inputs_note_ = new QLabel(inputs_box);
  inputs_note_->setWordWrap(true);
  inputs_note_->hide();
  inputs_layout->addWidget(inputs_note_);
  auto* seeded_or_npy = new QButtonGroup(this);
  seeded_or_npy->addButton(seeded_inputs_);
  seeded_or_npy->addButton(npy_inputs_);
  (initial.inputs == RunChoices::Inputs::NpyFiles ? npy_inputs_ : seeded_inputs_)->setChecked(true);
  if (dtype != Dtype::Hidden) {
    auto* dtype_row = new QHBoxLayout;
    dtype_ = new QComboBox(inputs_box);
    dtype_->addItems(runDtypes());
    const bool fixed = dtype == Dtype::FixedForTorchScript && from_torchscript_;
    dtype_->setCurrentText(fixed ? QStringLiteral("float32") : initial.dtype);
    dtype_->setEnabled(!fixed);
    dtype_row->addWidget(new QLabel(tr("Run in"), inputs_box));
    dtype_row->addWidget(dtype_);
    dtype_row->addStretch(1);
    inputs_layout->addLayout(dtype_row);
  }
  layout->addWidget(inputs_box);

  for (QLineEdit* field : findChildren<QLineEdit*>())
    connect(field, &QLineEdit::textChanged, this, &WeightsInputsWidget::changed);
  for (QRadioButton* button : {seeded_inputs_, npy_inputs_})
    connect(button, &QRadioButton::toggled, this, [this] {
      updateRows();
      emit changed();
    });
  connect(seed_, &QSpinBox::valueChanged, this, &WeightsInputsWidget::changed);
  if (dtype_)
    connect(dtype_, &QComboBox::currentTextChanged, this, &WeightsInputsWidget::changed);
  updateRows();
}

void WeightsInputsWidget::fill(RunChoices& choices) const {
  choices.weights_file = from_torchscript_ ? QString() : weights_->text().trimmed();
  choices.inputs =
      npy_inputs_->isChecked() ? RunChoices::Inputs::NpyFiles : RunChoices::Inputs::Seeded;
  choices.input_files.clear();
  for (const QLineEdit* field : input_files_)
    choices.input_files << field->text().trimmed();
  choices.seed = static_cast<quint64>(seed_->value());
  // A fixed dtype is not the user's choice: what they chose for other runs stays remembered.
  if (dtype_ && dtype_->isEnabled())
    choices.dtype = dtype_->currentText();
}

void WeightsInputsWidget::setInputsNote(const QString& note) {
  inputs_replaced_ = !note.isEmpty();
  inputs_note_->setText(note);
  inputs_note_->setVisible(inputs_replaced_);
  updateRows();
}

void WeightsInputsWidget::updateRows() {
  // Only the rows of the chosen option can be edited.
  seeded_inputs_->setEnabled(!inputs_replaced_);
  npy_inputs_->setEnabled(!inputs_replaced_);
  for (QWidget* row : npy_rows_)
    row->setEnabled(npy_inputs_->isChecked() && !inputs_replaced_);
  seed_->setEnabled(seeded_inputs_->isChecked() && !inputs_replaced_);
}

} // namespace irscope::app
