#include "gui/app/input_shape_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <stdexcept>

namespace irscope::app {
namespace {

constexpr char kSettingsKey[] = "torchscript/inputShapes";

} // namespace

InputShapeDialog::InputShapeDialog(const QString& file,
                                   const std::vector<torchscript::InputDescription>& inputs,
                                   const QStringList& remembered, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Input shapes \u2014 %1").arg(QFileInfo(file).fileName()));
  setMinimumWidth(480);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("irscope runs the model once on seeded random inputs to learn every tensor's shape. "
         "Give each input's shape, e.g. <b>1x3x224x224</b>, with a dtype for non-float inputs, "
         "e.g. <b>1x128:int64</b>."),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto* edit = new QLineEdit(this);
    QString text;
    if (static_cast<int>(i) < remembered.size())
      text = remembered[static_cast<int>(i)];
    else if (inputs[i].guess)
      text = QString::fromStdString(ir::formatInputSpec(*inputs[i].guess));
    edit->setText(text);
    edit->setPlaceholderText(tr("e.g. 1x3x224x224"));
    connect(edit, &QLineEdit::textChanged, this, &InputShapeDialog::check);
    form->addRow(tr("%1 (%2)").arg(QString::fromStdString(inputs[i].name),
                                   QString::fromStdString(inputs[i].type)),
                 edit);
    fields_.push_back(edit);
  }
  layout->addLayout(form);
  error_ = new QLabel(this);
  error_->setStyleSheet("color: #c0392b");
  error_->setWordWrap(true);
  layout->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Run and Open"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons_);
  if (!fields_.empty())
    fields_.front()->setFocus();
  check();
}

void InputShapeDialog::check() {
  QString problem;
  for (QLineEdit* field : fields_) {
    try {
      ir::parseInputSpec(field->text().trimmed().toStdString());
    } catch (const std::exception& error) {
      problem = QString::fromStdString(error.what());
      break;
    }
  }
  error_->setText(problem);
  error_->setVisible(!problem.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

std::vector<ir::InputSpec> InputShapeDialog::specs() const {
  std::vector<ir::InputSpec> specs;
  for (QLineEdit* field : fields_)
    specs.push_back(ir::parseInputSpec(field->text().trimmed().toStdString()));
  return specs;
}

QStringList InputShapeDialog::texts() const {
  QStringList texts;
  for (QLineEdit* field : fields_)
    texts << field->text().trimmed();
  return texts;
}

QStringList InputShapeDialog::remembered(const QString& file) {
  const QVariantMap map = QSettings().value(kSettingsKey).toMap();
  return map.value(QFileInfo(file).absoluteFilePath()).toStringList();
}

void InputShapeDialog::remember(const QString& file, const QStringList& texts) {
  QSettings settings;
  QVariantMap map = settings.value(kSettingsKey).toMap();
  map.insert(QFileInfo(file).absoluteFilePath(), texts);
  settings.setValue(kSettingsKey, map);
}

} // namespace irscope::app
