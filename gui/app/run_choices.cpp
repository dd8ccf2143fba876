#include "gui/app/run_choices.h"

#include "io/exported_program.h"
#include "io/files_beside_model.h"
#include "io/weights_file.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>
#include <cmath>

namespace irscope::app {

namespace {

constexpr char kSettingsKey[] = "run/choices";

QStringList pathsOf(const std::vector<std::filesystem::path>& paths) {
  QStringList list;
  for (const std::filesystem::path& path : paths)
    list << QString::fromStdString(path.string());
  return list;
}

QString referenceName(RunChoices::Reference reference) {
  switch (reference) {
  case RunChoices::Reference::TorchScript:
    return QStringLiteral("torchscript");
  case RunChoices::Reference::ExpectedOutputs:
    return QStringLiteral("expected");
  case RunChoices::Reference::GoldenFolder:
    return QStringLiteral("golden");
  case RunChoices::Reference::None:
    break;
  }
  return QStringLiteral("none");
}

RunChoices::Reference referenceNamed(const QString& name) {
  if (name == "torchscript")
    return RunChoices::Reference::TorchScript;
  if (name == "expected")
    return RunChoices::Reference::ExpectedOutputs;
  if (name == "golden")
    return RunChoices::Reference::GoldenFolder;
  return RunChoices::Reference::None;
}

QString missingFile(const QString& what, const QString& path) {
  if (path.trimmed().isEmpty())
    return QObject::tr("Choose %1").arg(what);
  if (!QFileInfo(path).isFile())
    return QObject::tr("%1: no such file").arg(path);
  return {};
}

} // namespace

QStringList runDtypes() {
  return {QStringLiteral("float32"), QStringLiteral("bfloat16"), QStringLiteral("float16")};
}

RunChoices defaultRunChoices(const QString& model, bool from_torchscript) {
  const QString path = QFileInfo(model).absoluteFilePath();
  RunChoices choices;
  const QVariantMap all = QSettings().value(kSettingsKey).toMap();
  const auto found = all.find(path);
  if (found != all.end()) {
    const QVariantMap saved = found->toMap();
    choices.weights_file = saved.value("weights").toString();
    choices.inputs = saved.value("inputs").toString() == "npy" ? RunChoices::Inputs::NpyFiles
                                                               : RunChoices::Inputs::Seeded;
    choices.input_files = saved.value("inputFiles").toStringList();
    choices.seed = saved.value("seed").toULongLong();
    const QString dtype = saved.value("dtype").toString();
    if (runDtypes().contains(dtype))
      choices.dtype = dtype;
    choices.reference = referenceNamed(saved.value("reference").toString());
    choices.reference_file = saved.value("referenceFile").toString();
    choices.expected_files = saved.value("expectedFiles").toStringList();
    choices.golden_folder = saved.value("goldenFolder").toString();
    choices.rtol = saved.value("rtol", choices.rtol).toDouble();
    choices.atol = saved.value("atol", choices.atol).toDouble();
    if (saved.contains("pcc"))
      choices.pcc = saved.value("pcc").toDouble();
  }
  const io::FilesBesideModel beside = io::filesBesideModel(path.toStdString());
  if (choices.input_files.isEmpty())
    choices.input_files = pathsOf(beside.inputs);
  if (choices.expected_files.isEmpty())
    choices.expected_files = pathsOf(beside.outputs);
  if (choices.golden_folder.isEmpty())
    choices.golden_folder = QString::fromStdString(beside.golden_folder.string());
  if (choices.reference_file.isEmpty())
    choices.reference_file = QString::fromStdString(beside.torchscript.string());
  if (found == all.end()) {
    if (!choices.input_files.isEmpty())
      choices.inputs = RunChoices::Inputs::NpyFiles;
    if (from_torchscript || !choices.reference_file.isEmpty())
      choices.reference = RunChoices::Reference::TorchScript;
    else if (!choices.golden_folder.isEmpty())
      choices.reference = RunChoices::Reference::GoldenFolder;
    else if (!choices.expected_files.isEmpty() && !choices.input_files.isEmpty())
      choices.reference = RunChoices::Reference::ExpectedOutputs;
  }
  // What the user chose last time wins while it still exists; the file beside the model fills in.
  if (!QFileInfo(choices.weights_file).isFile()) {
    const std::filesystem::path beside = io::weightsBeside(path.toStdString());
    if (!beside.empty())
      choices.weights_file = QString::fromStdString(beside.string());
    else if (io::isExportedProgramArchive(path.toStdString()))
      choices.weights_file = path; // a .pt2 holds its own
  }
  if (from_torchscript) {
    choices.weights_file.clear();
    choices.reference_file = path; // the reference is always the file itself
  }
  return choices;
}

QString defaultGoldenFolder(const QString& model) {
  const QFileInfo info(QFileInfo(model).absoluteFilePath());
  return info.dir().filePath(QString::fromStdString(io::modelStem(info.fileName().toStdString())) +
                             ".golden");
}

void rememberRunChoices(const QString& model, const RunChoices& choices) {
  QVariantMap saved;
  saved.insert("weights", choices.weights_file);
  saved.insert("inputs", choices.inputs == RunChoices::Inputs::NpyFiles ? "npy" : "seeded");
  saved.insert("inputFiles", choices.input_files);
  saved.insert("seed", choices.seed);
  saved.insert("dtype", choices.dtype);
  saved.insert("reference", referenceName(choices.reference));
  saved.insert("referenceFile", choices.reference_file);
  saved.insert("expectedFiles", choices.expected_files);
  saved.insert("goldenFolder", choices.golden_folder);
  saved.insert("rtol", choices.rtol);
  saved.insert("atol", choices.atol);
  if (choices.pcc)
    saved.insert("pcc", *choices.pcc);
  QSettings settings;
  QVariantMap all = settings.value(kSettingsKey).toMap();
  all.insert(QFileInfo(model).absoluteFilePath(), saved);
  settings.setValue(kSettingsKey, all);
}

QString problemWith(const RunChoices& choices, const ir::Graph& graph, bool from_torchscript) {
  if (!from_torchscript) {
    const QString problem = missingFile(QObject::tr("a weights file"), choices.weights_file);
    if (!problem.isEmpty())
      return problem;
  }
  if (!runDtypes().contains(choices.dtype))
    return QObject::tr("Unknown dtype %1").arg(choices.dtype);
  // A golden folder brings its own inputs.
  if (choices.inputs == RunChoices::Inputs::NpyFiles &&
      choices.reference != RunChoices::Reference::GoldenFolder) {
    if (static_cast<size_t>(choices.input_files.size()) != graph.inputs.size())
      return QObject::tr("Give one .npy file per input (%1)").arg(graph.inputs.size());
    for (qsizetype i = 0; i < choices.input_files.size(); ++i) {
      const QString problem =
          missingFile(QObject::tr("a .npy file for %1")
                          .arg(QString::fromStdString(graph.inputs[static_cast<size_t>(i)].name)),
                      choices.input_files[i]);
      if (!problem.isEmpty())
        return problem;
    }
  }
  switch (choices.reference) {
  case RunChoices::Reference::None:
    break;
  case RunChoices::Reference::TorchScript:
    if (!from_torchscript) { // otherwise the model's own file, which is open
      const QString problem =
          missingFile(QObject::tr("a TorchScript file to compare with"), choices.reference_file);
      if (!problem.isEmpty())
        return problem;
    }
    break;
  case RunChoices::Reference::ExpectedOutputs:
    if (static_cast<size_t>(choices.expected_files.size()) != graph.outputs.size())
      return QObject::tr("Give one expected .npy file per output (%1)").arg(graph.outputs.size());
    for (qsizetype i = 0; i < choices.expected_files.size(); ++i) {
      const QString problem = missingFile(QObject::tr("an expected .npy file for output %1").arg(i),
                                          choices.expected_files[i]);
      if (!problem.isEmpty())
        return problem;
    }
    break;
  case RunChoices::Reference::GoldenFolder:
    if (choices.golden_folder.trimmed().isEmpty())
      return QObject::tr("Choose a golden folder to compare with");
    if (!QFileInfo(choices.golden_folder).isDir())
      return QObject::tr("%1: no such folder").arg(choices.golden_folder);
    if (!QFileInfo(QDir(choices.golden_folder).filePath("metadata.json")).isFile())
      return QObject::tr("%1: no metadata.json, so it is no golden folder (Tools > Golden Data "
                         "writes one)")
          .arg(choices.golden_folder);
    break;
  }
  if (choices.verifies() && !(std::isfinite(choices.rtol) && choices.rtol >= 0 &&
                              std::isfinite(choices.atol) && choices.atol >= 0))
    return QObject::tr("Tolerances must be numbers of at least 0");
  if (choices.verifies() && choices.pcc && !(*choices.pcc >= -1 && *choices.pcc <= 1))
    return QObject::tr("PCC must be a number from -1 to 1");
  return {};
}

} // namespace irscope::app
