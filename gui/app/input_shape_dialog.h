#pragma once
// Asks for the example inputs a TorchScript file is run on: one shape per forward input,
// pre-filled with what was used last time for this file, or else a guess from the model.
#include "core/input_spec.h"
#include "core/torch/torchscript_extraction.h"

#include <QDialog>
#include <QStringList>
#include <vector>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace irscope::app {

class InputShapeDialog : public QDialog {
  Q_OBJECT
public:
  InputShapeDialog(const QString& file, const std::vector<torchscript::InputDescription>& inputs,
                   const QStringList& remembered, QWidget* parent = nullptr);

  // Valid once accepted (OK is only enabled when every field parses).
  std::vector<ir::InputSpec> specs() const;
  QStringList texts() const;
  QLineEdit* field(int input) const { return fields_.at(input); }

  // The shapes last used for a file, and remembering new ones (QSettings).
  static QStringList remembered(const QString& file);
  static void remember(const QString& file, const QStringList& texts);

private:
  void check();

  std::vector<QLineEdit*> fields_;
  QLabel* error_;
  QDialogButtonBox* buttons_;
};

} // namespace irscope::app
