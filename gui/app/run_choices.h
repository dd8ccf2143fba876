#pragma once
// What a run of the open model uses: its weights, its inputs, the dtype, and what (if anything)
// its results are compared with. The Run dialog fills one; MainWindow::runModel takes one.
#include "core/graph.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace irscope::app {

struct RunChoices {
  enum class Inputs { Seeded, NpyFiles };
  enum class Reference { None, TorchScript, ExpectedOutputs, GoldenFolder };

  // .safetensors or a torch.save state_dict. Unused for a model opened from TorchScript, whose
  // weights come from the file itself.
  QString weights_file;
  Inputs inputs = Inputs::Seeded;
  QStringList input_files;                   // one .npy per graph input, in order
  quint64 seed = 0;                          // for seeded inputs of the IR's declared shapes
  QString dtype = QStringLiteral("float32"); // float32, bfloat16 or float16
  Reference reference = Reference::None;
  // The original TorchScript model, run on the same inputs; for a model opened from TorchScript
  // it is that file.
  QString reference_file;
  QStringList expected_files; // one .npy per graph output, in order
  // A model golden folder (Tools > Golden Data, `irscope-cli golden model`): the run takes its
  // inputs instead of the ones above, and is compared with its outputs and, when it has nodes/,
  // every intermediate by tensor name.
  QString golden_folder;
  double rtol = 1e-5;
  double atol = 1e-5;
  // The PCC every compared tensor must reach; none: by the lower-precision dtype of the pair
  // (core/verdict.h: 0.9999 float32, 0.999 float16, 0.99 bfloat16), as irscope-cli's --pcc.
  std::optional<double> pcc;

  bool verifies() const { return reference != Reference::None; }
};

// The dtypes a run may be cast to.
QStringList runDtypes();

// What the dialog starts with for a model: the choices remembered for it; when the remembered
// weights file is gone (or none was), the one beside the model (NAME.safetensors, then
// NAME.state_dict.pt). Fields left empty are filled from what lies beside the model
// (io/files_beside_model.h): NAME.in*.npy, NAME.out*.npy, NAME.golden/, NAME.ts.pt. With nothing
// remembered, the reference is the first of those that compares most: the TorchScript original
// (every intermediate), the golden folder, the expected outputs (with the inputs they came
// from). For a model opened from TorchScript, the reference is the model file itself.
RunChoices defaultRunChoices(const QString& model, bool from_torchscript);

// Where Tools > Golden Data writes by default: NAME.golden beside the model.
QString defaultGoldenFolder(const QString& model);

// Per model, in QSettings.
void rememberRunChoices(const QString& model, const RunChoices& choices);

// Why these choices cannot run on this graph (a file missing, a count that does not match, a
// tolerance that is not a number), or an empty string when they can.
QString problemWith(const RunChoices& choices, const ir::Graph& graph, bool from_torchscript);

} // namespace irscope::app
