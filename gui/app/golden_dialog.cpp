#include "gui/app/golden_dialog.h"

#include "gui/app/browse_row.h"
#include "gui/app/weights_inputs_widget.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace irscope::app {

namespace {

constexpr char kNodesKey[] = "golden/nodes";

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

  // Weights, inputs and dtype, as the Run dialog asks for them.
  data_ = new WeightsInputsWidget(document, initial.run,
                                  WeightsInputsWidget::Dtype::FixedForTorchScript, this);
  layout->addWidget(data_);

  error_ = new QLabel(this);
  error_->setStyleSheet("color: #c0392b");
  error_->setWordWrap(true);
  layout->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Write"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);

  connect(folder_, &QLineEdit::textChanged, this, &GoldenDialog::check);
  connect(data_, &WeightsInputsWidget::changed, this, &GoldenDialog::check);
  check();
}

GoldenChoices GoldenDialog::choices() const {
  GoldenChoices choices;
  choices.run = initial_run_;
  data_->fill(choices.run);
  choices.output_dir = folder_->text().trimmed();
  choices.nodes = nodes_->isChecked();
  return choices;
}

QString GoldenDialog::problem() const {
  return problemWith(choices(), graph_, from_torchscript_);
}

void GoldenDialog::check() {
  const QString problem = this->problem();
  error_->setText(problem);
  error_->setVisible(!problem.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace irscope::app
