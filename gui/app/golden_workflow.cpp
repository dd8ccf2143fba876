#include "gui/app/golden_workflow.h"

#include "gui/app/model_session.h"
#include "gui/app/workbench.h"
#include "io/model_golden_folder.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QThread>
#include <filesystem>

namespace irscope::app {

namespace {

QString counted(size_t count, const QString& one, const QString& many) {
  return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

bool holdsGoldenData(const QString& folder) {
  return QFileInfo(QDir(folder).filePath(QStringLiteral("metadata.json"))).isFile();
}

} // namespace

GoldenWorkflow::GoldenWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench), job_(tr("writing golden data"), this) {
  bench_.trackJob(job_, tr("Golden data %p%"), tr("Cancel Golden Data"));
  connect(&job_, &BackgroundJob::failed, this,
          [this](const QString& message) { bench_.showError(message); });
  connect(&job_, &BackgroundJob::cancelled, this, [this] {
    bench_.showMessage(tr("Golden data cancelled: %1 is incomplete (it has no metadata.json)")
                           .arg(QDir::toNativeSeparators(folder_)),
                       8000);
  });
  connect(&job_, &BackgroundJob::ended, this, [this] {
    updateAction();
    emit goldenDataEnded();
  });
  connect(&bench_.session(), &ModelSession::documentChanged, this, &GoldenWorkflow::updateAction);
}

void GoldenWorkflow::addActions() {
  action_ = bench_.menu(Workbench::Menu::Tools)
                ->addAction(tr("&Golden Data..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G),
                            this, &GoldenWorkflow::writeGoldenDataInteractively);
  action_->setStatusTip(
      tr("Run the model and write its inputs, outputs and intermediates to a golden folder"));
  updateAction();
}

void GoldenWorkflow::updateAction() {
  if (action_)
    action_->setEnabled(bench_.session().document() != nullptr && !writingGoldenData());
}

void GoldenWorkflow::writeGoldenDataInteractively() {
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to write golden data for"));
    return;
  }
  GoldenDialog dialog(*document, defaultGoldenChoices(document->path, document->from_torchscript),
                      bench_.dialogParent());
  if (dialog.exec() != QDialog::Accepted)
    return;
  const GoldenChoices choices = dialog.choices();
  rememberGoldenChoices(choices);
  rememberRunChoices(document->path, choices.run);
  if (bench_.session().document() != document) {
    bench_.showMessage(
        tr("The model changed while the Golden Data dialog was open: write it again"), 6000);
    return;
  }
  if (holdsGoldenData(choices.output_dir) &&
      QMessageBox::question(bench_.dialogParent(), tr("Golden Data"),
                            tr("%1 already holds golden data. Overwrite it?")
                                .arg(QDir::toNativeSeparators(choices.output_dir)),
                            QMessageBox::Yes | QMessageBox::Cancel,
                            QMessageBox::Cancel) != QMessageBox::Yes)
    return;
  writeGoldenData(choices);
}

void GoldenWorkflow::writeGoldenData(const GoldenChoices& choices) {
  const std::shared_ptr<const ModelDocument> document = bench_.session().document();
  if (!document) {
    bench_.showError(tr("Open a model first: there is nothing to write golden data for"));
    emit goldenDataEnded();
    return;
  }
  if (writingGoldenData()) {
    bench_.showError(tr("Golden data is still being written: wait for it, or cancel it"));
    return;
  }
  io::ModelGoldenRequest request;
  request.model = document->path.toStdString();
  if (!document->from_torchscript) {
    // A TorchScript model holds its weights and runs as it was saved.
    request.weights = choices.run.weights_file.toStdString();
    request.dtype = choices.run.dtype.toStdString();
  }
  if (choices.run.inputs == RunChoices::Inputs::NpyFiles) {
    for (const QString& file : choices.run.input_files)
      request.inputs.npy_files.push_back(file.toStdString());
  } else {
    request.inputs.seed = choices.run.seed;
    if (document->from_torchscript) // the shapes it was opened with; IR JSON declares its own
      request.inputs.specs = document->input_specs;
  }
  request.nodes = choices.nodes;
  request.threads = std::max(1, QThread::idealThreadCount());
  request.output_dir = choices.output_dir.toStdString();
  folder_ = choices.output_dir;
  bench_.showMessage(
      tr("Writing golden data to %1...").arg(QDir::toNativeSeparators(choices.output_dir)));
  job_.start<io::ModelGoldenSummary>(
      [request](JobContext& context) mutable {
        request.progress = [&context, metadata = request.output_dir / "metadata.json",
                            started = false](size_t done, size_t total) mutable {
          if (!started) {
            // The folder is being rewritten from here on: its old metadata.json no longer
            // describes it, and a folder with one is taken as whole. The new one is written last.
            started = true;
            std::error_code ignored;
            std::filesystem::remove(metadata, ignored);
          }
          return context.progress(done, total);
        };
        return io::writeModelGolden(request);
      },
      [this](io::ModelGoldenSummary written) {
        bench_.showMessage(tr("Wrote golden data to %1 (%2, %3, %4)")
                               .arg(QDir::toNativeSeparators(folder_),
                                    counted(written.inputs, tr("input"), tr("inputs")),
                                    counted(written.outputs, tr("output"), tr("outputs")),
                                    counted(written.nodes, tr("node output"), tr("node outputs"))));
      });
  updateAction();
}

} // namespace irscope::app
