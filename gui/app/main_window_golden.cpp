// MainWindow's golden data: Tools > Golden Data writes the open model's golden folder on a
// worker with progress and Cancel in the status bar; Tools > Compare with Golden runs the model
// on such a folder's inputs and verifies it against its outputs and intermediates, through the
// same run, verdict and heat map as a TorchScript verify.
#include "core/torch/ir_execution.h"
#include "gui/app/main_window.h"
#include "io/model_golden_folder.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>
#include <QtConcurrent>
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

void MainWindow::addGoldenActions(QMenu* tools) {
  golden_action_ =
      tools->addAction(tr("&Golden Data..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this,
                       &MainWindow::writeGoldenDataInteractively);
  golden_action_->setStatusTip(
      tr("Run the model and write its inputs, outputs and intermediates to a golden folder"));
  compare_golden_action_ = tools->addAction(tr("Compare with Gol&den..."), this,
                                            &MainWindow::compareWithGoldenInteractively);
  compare_golden_action_->setStatusTip(
      tr("Run the model on a golden folder's inputs and verify it against its outputs"));
}

void MainWindow::buildGoldenStatus() {
  golden_progress_ = new QProgressBar(this);
  golden_progress_->setMaximumWidth(180);
  golden_progress_->setFormat(tr("Golden data %p%"));
  golden_progress_->hide();
  golden_cancel_ = new QPushButton(tr("Cancel Golden Data"), this);
  golden_cancel_->hide();
  statusBar()->addPermanentWidget(golden_progress_);
  statusBar()->addPermanentWidget(golden_cancel_);
  connect(golden_cancel_, &QPushButton::clicked, this, &MainWindow::cancelGoldenData);
  golden_watcher_ = new QFutureWatcher<GoldenOutcome>(this);
  connect(golden_watcher_, &QFutureWatcher<GoldenOutcome>::finished, this,
          &MainWindow::goldenDataFinished);
}

bool MainWindow::writingGoldenData() const {
  return golden_watcher_ && golden_watcher_->isRunning();
}

void MainWindow::cancelGoldenData() {
  if (golden_cancel_flag_)
    *golden_cancel_flag_ = true;
}

void MainWindow::writeGoldenDataInteractively() {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to write golden data for"));
    return;
  }
  // The dialog reads this document's graph; a reload while it is open must not free it.
  const std::shared_ptr<const ModelDocument> document = document_;
  GoldenDialog dialog(*document, defaultGoldenChoices(document->path, document->from_torchscript),
                      this);
  if (dialog.exec() != QDialog::Accepted)
    return;
  const GoldenChoices choices = dialog.choices();
  rememberGoldenChoices(choices);
  rememberRunChoices(document->path, choices.run);
  if (document_ != document) {
    statusBar()->showMessage(
        tr("The model changed while the Golden Data dialog was open: write it again"), 6000);
    return;
  }
  if (holdsGoldenData(choices.output_dir) &&
      QMessageBox::question(this, tr("Golden Data"),
                            tr("%1 already holds golden data. Overwrite it?")
                                .arg(QDir::toNativeSeparators(choices.output_dir)),
                            QMessageBox::Yes | QMessageBox::Cancel,
                            QMessageBox::Cancel) != QMessageBox::Yes)
    return;
  writeGoldenData(choices);
}

void MainWindow::writeGoldenData(const GoldenChoices& choices) {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to write golden data for"));
    emit goldenDataEnded();
    return;
  }
  if (writingGoldenData()) {
    showError(tr("Golden data is still being written: wait for it, or cancel it"));
    return;
  }
  io::ModelGoldenRequest request;
  request.model = document_->path.toStdString();
  if (!document_->from_torchscript) {
    // A TorchScript model holds its weights and runs as it was saved.
    request.weights = choices.run.weights_file.toStdString();
    request.dtype = choices.run.dtype.toStdString();
  }
  if (choices.run.inputs == RunChoices::Inputs::NpyFiles) {
    for (const QString& file : choices.run.input_files)
      request.inputs.npy_files.push_back(file.toStdString());
  } else {
    request.inputs.seed = choices.run.seed;
    if (document_->from_torchscript) // the shapes it was opened with; IR JSON declares its own
      request.inputs.specs = document_->input_specs;
  }
  request.nodes = choices.nodes;
  request.threads = std::max(1, QThread::idealThreadCount());
  request.output_dir = choices.output_dir.toStdString();

  golden_cancel_flag_ = std::make_shared<std::atomic<bool>>(false);
  const auto flag = golden_cancel_flag_;
  QPointer<MainWindow> self(this);
  request.progress = [flag, self, metadata = request.output_dir / "metadata.json", started = false,
                      last_percent = -1](size_t done, size_t total) mutable {
    if (!started) {
      // The folder is being rewritten from here on: its old metadata.json no longer describes
      // it, and a folder with one is taken as whole. The new one is written last.
      started = true;
      std::error_code ignored;
      std::filesystem::remove(metadata, ignored);
    }
    // Only whole percents cross to the GUI thread.
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent != last_percent) {
      last_percent = percent;
      QMetaObject::invokeMethod(
          self.data(),
          [self, percent] {
            if (self && self->golden_progress_) {
              self->golden_progress_->setRange(0, 100);
              self->golden_progress_->setValue(percent);
            }
          },
          Qt::QueuedConnection);
    }
    return !*flag;
  };

  golden_progress_->setRange(0, 0); // busy while the weights and inputs are read
  golden_progress_->show();
  golden_cancel_->show();
  statusBar()->showMessage(
      tr("Writing golden data to %1...").arg(QDir::toNativeSeparators(choices.output_dir)));
  updateRunActions();
  const QString folder = choices.output_dir;
  golden_watcher_->setFuture(QtConcurrent::run([request, folder]() -> GoldenOutcome {
    GoldenOutcome outcome;
    outcome.folder = folder;
    try {
      const io::ModelGoldenSummary written = io::writeModelGolden(request);
      outcome.inputs = written.inputs;
      outcome.outputs = written.outputs;
      outcome.nodes = written.nodes;
    } catch (const torchscript::ExecutionCancelled&) {
      outcome.cancelled = true;
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    } catch (...) {
      // Nothing may reach the event loop: QtConcurrent would rethrow it in result().
      outcome.error = folder + ": writing golden data failed with an unknown error";
    }
    return outcome;
  }));
}

void MainWindow::goldenDataFinished() {
  const GoldenOutcome outcome = golden_watcher_->result();
  golden_cancel_flag_.reset();
  golden_progress_->hide();
  golden_cancel_->hide();
  updateRunActions();
  const QString folder = QDir::toNativeSeparators(outcome.folder);
  if (outcome.cancelled)
    statusBar()->showMessage(
        tr("Golden data cancelled: %1 is incomplete (it has no metadata.json)").arg(folder), 8000);
  else if (!outcome.error.isEmpty())
    showError(outcome.error);
  else
    statusBar()->showMessage(
        tr("Wrote golden data to %1 (%2, %3, %4)")
            .arg(folder, counted(outcome.inputs, tr("input"), tr("inputs")),
                 counted(outcome.outputs, tr("output"), tr("outputs")),
                 counted(outcome.nodes, tr("node output"), tr("node outputs"))));
  emit goldenDataEnded();
}

void MainWindow::compareWithGoldenInteractively() {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to compare"));
    return;
  }
  QString start = defaultRunChoices(document_->path, document_->from_torchscript).golden_folder;
  if (!QFileInfo(start).isDir())
    start = defaultGoldenFolder(document_->path);
  if (!QFileInfo(start).isDir())
    start = QFileInfo(document_->path).absolutePath();
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Compare with Golden Data"), start);
  if (!folder.isEmpty())
    compareWithGolden(folder);
}

void MainWindow::compareWithGolden(const QString& folder) {
  if (!document_) {
    showError(tr("Open a model first: there is nothing to compare"));
    emit runEnded();
    return;
  }
  // What the model last ran with is what is compared; the folder brings the inputs.
  RunChoices choices =
      run_ ? run_->choices : defaultRunChoices(document_->path, document_->from_torchscript);
  choices.reference = RunChoices::Reference::GoldenFolder;
  choices.golden_folder = folder;
  const QString problem = problemWith(choices, document_->model.graph, document_->from_torchscript);
  if (!problem.isEmpty()) {
    showError(problem); // the model and its last run stay
    emit runEnded();
    return;
  }
  rememberRunChoices(document_->path, choices);
  runModel(choices);
}

} // namespace irscope::app
