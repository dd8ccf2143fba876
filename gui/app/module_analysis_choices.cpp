#include "gui/app/module_analysis_choices.h"

#include "gui/app/model_module_analysis.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>
#include <cmath>

namespace irscope::app {

namespace {
constexpr char kBackendKey[] = "moduleAnalysis/backend";
constexpr char kPccKey[] = "moduleAnalysis/pcc";
constexpr char kRootOnlyKey[] = "moduleAnalysis/rootOnly";
constexpr char kWriteKey[] = "moduleAnalysis/writeFolder";
constexpr char kFoldersKey[] = "moduleAnalysis/folders"; // per model

QString name(ir::AnalysisBackend backend) {
  const std::string_view text = ir::backendName(backend);
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
} // namespace

QStringList analysisBackendNames() {
  return {name(ir::AnalysisBackend::Mapping), name(ir::AnalysisBackend::CpuBfloat16),
          name(ir::AnalysisBackend::CpuFloat16)};
}

QString defaultModuleAnalysisFolder(const QString& model) {
  const QFileInfo info(QFileInfo(model).absoluteFilePath());
  QString stem = info.completeBaseName();
  if (stem.endsWith(".ts")) // DeepResNet.ts.pt is the model DeepResNet
    stem.chop(3);
  return info.dir().filePath(stem + ".modules");
}

ModuleAnalysisChoices defaultModuleAnalysisChoices(const QString& model, bool from_torchscript) {
  QSettings settings;
  ModuleAnalysisChoices choices;
  if (const auto backend = ir::backendNamed(settings.value(kBackendKey).toString().toStdString()))
    choices.backend = *backend;
  const double pcc = settings.value(kPccKey, choices.pcc_threshold).toDouble();
  if (std::isfinite(pcc) && pcc >= -1 && pcc <= 1)
    choices.pcc_threshold = pcc;
  choices.root_only = settings.value(kRootOnlyKey, false).toBool();
  choices.write_folder = settings.value(kWriteKey, false).toBool();
  choices.output_dir =
      settings.value(kFoldersKey)
          .toMap()
          .value(QFileInfo(model).absoluteFilePath(), defaultModuleAnalysisFolder(model))
          .toString();
  choices.run = defaultRunChoices(model, from_torchscript);
  return choices;
}

void rememberModuleAnalysisChoices(const QString& model, const ModuleAnalysisChoices& choices) {
  QSettings settings;
  settings.setValue(kBackendKey, name(choices.backend));
  settings.setValue(kPccKey, choices.pcc_threshold);
  settings.setValue(kRootOnlyKey, choices.root_only);
  settings.setValue(kWriteKey, choices.write_folder);
  if (!choices.output_dir.trimmed().isEmpty()) {
    QVariantMap folders = settings.value(kFoldersKey).toMap();
    folders.insert(QFileInfo(model).absoluteFilePath(), choices.output_dir.trimmed());
    settings.setValue(kFoldersKey, folders);
  }
}

QString problemWith(const ModuleAnalysisChoices& choices, const ModelDocument& document) {
  if (!hasModulePaths(document.model.graph))
    return QObject::tr("%1 has no module paths (the file records none, and no weight names "
                       "one), so it has no modules to analyse. Open the model's TorchScript file "
                       "instead: irscope extracts its module paths.")
        .arg(QFileInfo(document.path).fileName());
  if (choices.runsTheModel()) {
    if (!std::isfinite(choices.pcc_threshold) || choices.pcc_threshold < -1 ||
        choices.pcc_threshold > 1)
      return QObject::tr("The PCC threshold must be between -1 and 1");
    RunChoices run = choices.run;
    run.reference = RunChoices::Reference::None;
    run.dtype = QStringLiteral("float32"); // the backend decides
    const QString problem = problemWith(run, document.model.graph, document.from_torchscript);
    if (!problem.isEmpty())
      return problem;
  }
  if (choices.write_folder) {
    if (choices.output_dir.trimmed().isEmpty())
      return QObject::tr("Choose a folder for unique_modules.json, summary.md and "
                         "analysis_report.html");
    const QFileInfo folder(choices.output_dir.trimmed());
    if (folder.exists() && !folder.isDir())
      return QObject::tr("%1: is a file, not a folder").arg(choices.output_dir.trimmed());
  }
  return {};
}

} // namespace irscope::app
