#include "gui/app/golden_dialog.h"

#include "gui/app/browse_row.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <climits>

namespace irscope::app {

namespace {

constexpr char kNodesKey[] = "golden/nodes";

QString tensorLabel(const ir::Tensor& tensor) {
  return QString("%1  %2 %3")
      .arg(QString::fromStdString(tensor.name),
           QString::fromStdString(ir::formatShapeList(tensor.shape)),
           QString::fromStdString(tensor.dtype));
}

} // namespace

GoldenChoices defaultGoldenChoices(const QString& model, bool from_torchscript) {
  GoldenChoices choices;
  choices.run = defaultRunChoices(model, from_torchscript);
  choices.output_dir = defaultGoldenFolder(model);
  choices.nodes = QSettings().value(kNodesKey, true).toBool();
  return choices;
}

void rememberGoldenChoices(const GoldenChoices& choices) {
  QSettings().setValue(kNodesKey, choices.nodes);
}

QString problemWith(const GoldenChoices& choices, const ir::Graph& graph, bool from_torchscript) {
  if (choices.output_dir.trimmed().isEmpty())
    return QObject::tr("Choose a folder to write the golden data to");
  const QFileInfo folder(choices.output_dir);
  if (folder.exists() && !folder.isDir())
    return QObject::tr("%1: is a file, not a folder").arg(choices.output_dir);
  RunChoices run = choices.run;
  run.reference = RunChoices::Reference::None;
  return problemWith(run, graph, from_torchscript);
}

GoldenDialog::GoldenDialog(const ModelDocument& document, const GoldenChoices& initial,
                           QWidget* parent)
    : QDialog(parent), graph_(document.model.graph), from_torchscript_(document.from_torchscript),
      initial_run_(initial.run) {
  const QString model = QFileInfo(document.path).fileName();
  setWindowTitle(tr("Golden Data \u2014 %1").arg(model));
  setMinimumWidth(640);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("Runs <b>%1</b> once and writes its golden data: the inputs and outputs as .npy "
         "files, golden_data.pt for PyTorch, and metadata.json with every file's shape, dtype and "
         "SHA-256. Tools > Compare with Golden runs a model against such a folder.")
          .arg(model.toHtmlEscaped()),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  // Where.
  auto* folder_box = new QGroupBox(tr("Folder"), this);
  auto* folder_layout = new QVBoxLayout(folder_box);
  folder_ = new QLineEdit(initial.output_dir, folder_box);
  folder_->setPlaceholderText(tr("created when missing"));
  folder_layout->addWidget(browseRow(this, folder_, tr("Golden data folder"), QString()));
  nodes_ = new QCheckBox(tr("Write every intermediate (nodes/)"), folder_box);
  nodes_->setToolTip(tr("Every node output as nodes/TENSOR.npy, so that a comparison finds "
                        "where a model first diverges"));
  nodes_->setChecked(initial.nodes);
  folder_layout->addWidget(nodes_);
  layout->addWidget(folder_box);

  // Weights.
  auto* weights_box = new QGroupBox(tr("Weights"), this);
  auto* weights_layout = new QVBoxLayout(weights_box);
  weights_ = new QLineEdit(from_torchscript_ ? QString() : initial.run.weights_file, weights_box);
  weights_->setPlaceholderText(from_torchscript_ ? tr("from %1").arg(model)
                                                 : tr(".safetensors or torch.save state_dict"));
  QWidget* weights_row = browseRow(this, weights_, tr("Weights file"),
                                   tr("Weights (*.safetensors *.pt *.pth *.bin);;All files (*)"));
  weights_row->setEnabled(!from_torchscript_);
  weights_layout->addWidget(weights_row);
  layout->addWidget(weights_box);

  // Inputs.
  auto* inputs_box = new QGroupBox(tr("Inputs"), this);
  auto* inputs_layout = new QVBoxLayout(inputs_box);
  auto* seeded_row = new QHBoxLayout;
  seeded_inputs_ =
      new QRadioButton(tr("Seeded random values of the model's input shapes"), inputs_box);
  seed_ = new QSpinBox(inputs_box);
  seed_->setRange(0, INT_MAX);
  seed_->setValue(static_cast<int>(std::min<quint64>(initial.run.seed, INT_MAX)));
  seeded_row->addWidget(seeded_inputs_);
  seeded_row->addStretch(1);
  seeded_row->addWidget(new QLabel(tr("Seed"), inputs_box));
  seeded_row->addWidget(seed_);
  inputs_layout->addLayout(seeded_row);
  npy_inputs_ = new QRadioButton(tr(".npy files, one per input:"), inputs_box);
  inputs_layout->addWidget(npy_inputs_);
  auto* input_form = new QFormLayout;
  input_form->setContentsMargins(24, 0, 0, 0);
  for (size_t i = 0; i < graph_.inputs.size(); ++i) {
    const auto index = static_cast<qsizetype>(i);
    auto* field = new QLineEdit(
        index < initial.run.input_files.size() ? initial.run.input_files[index] : QString(),
        inputs_box);
    QWidget* row =
        browseRow(this, field, tr("Input %1").arg(QString::fromStdString(graph_.inputs[i].name)),
                  tr("NumPy arrays (*.npy);;All files (*)"));
    auto* label = new QLabel(tensorLabel(graph_.inputs[i]), inputs_box);
    input_form->addRow(label, row);
    input_files_.push_back(field);
    npy_rows_.push_back(row);
    npy_rows_.push_back(label);
  }
  inputs_layout->addLayout(input_form);
  auto* seeded_or_npy = new QButtonGroup(this);
  seeded_or_npy->addButton(seeded_inputs_);
  seeded_or_npy->addButton(npy_inputs_);
  (initial.run.inputs == RunChoices::Inputs::NpyFiles ? npy_inputs_ : seeded_inputs_)
      ->setChecked(true);
  auto* dtype_row = new QHBoxLayout;
  dtype_ = new QComboBox(inputs_box);
  dtype_->addItems(runDtypes());
  dtype_->setCurrentText(from_torchscript_ ? QStringLiteral("float32") : initial.run.dtype);
  // A TorchScript model runs as it was saved.
  dtype_->setEnabled(!from_torchscript_);
  dtype_row->addWidget(new QLabel(tr("Run in"), inputs_box));
  dtype_row->addWidget(dtype_);
  dtype_row->addStretch(1);
  inputs_layout->addLayout(dtype_row);
  layout->addWidget(inputs_box);

  error_ = new QLabel(this);
  error_->setStyleSheet("color: #c0392b");
  error_->setWordWrap(true);
  layout->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Write"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);

  for (QLineEdit* field : findChildren<QLineEdit*>())
    connect(field, &QLineEdit::textChanged, this, &GoldenDialog::check);
  for (QRadioButton* button : findChildren<QRadioButton*>())
    connect(button, &QRadioButton::toggled, this, &GoldenDialog::check);
  check();
}

GoldenChoices GoldenDialog::choices() const {
  GoldenChoices choices;
  choices.run = initial_run_;
  choices.run.weights_file = from_torchscript_ ? QString() : weights_->text().trimmed();
  choices.run.inputs =
      npy_inputs_->isChecked() ? RunChoices::Inputs::NpyFiles : RunChoices::Inputs::Seeded;
  choices.run.input_files.clear();
  for (const QLineEdit* field : input_files_)
    choices.run.input_files << field->text().trimmed();
  choices.run.seed = static_cast<quint64>(seed_->value());
  if (!from_torchscript_)
    choices.run.dtype = dtype_->currentText();
  choices.output_dir = folder_->text().trimmed();
  choices.nodes = nodes_->isChecked();
  return choices;
}

QString GoldenDialog::problem() const {
  return problemWith(choices(), graph_, from_torchscript_);
}

void GoldenDialog::check() {
  for (QWidget* row : npy_rows_)
    row->setEnabled(npy_inputs_->isChecked());
  seed_->setEnabled(seeded_inputs_->isChecked());
  const QString problem = this->problem();
  error_->setText(problem);
  error_->setVisible(!problem.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace irscope::app
