#include "gui/app/document_workflow.h"

#include "core/torch/torchscript_extraction.h"
#include "gui/app/document_loading.h"
#include "gui/app/graph_view.h"
#include "gui/app/input_shape_dialog.h"
#include "gui/app/model_session.h"
#include "gui/app/workbench.h"
#include "io/model_source.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMenu>
#include <QSettings>
#include <QTimer>

namespace irscope::app {

namespace {

constexpr int kMaxRecent = 10;

// A TorchScript model must run to be opened, so its input shapes are asked for first. The kind
// is the model loader's: a torch.export archive is a zip too, but brings its own inputs. Files
// it cannot tell are opened anyway, for the loader to say what is wrong with them.
bool isTorchScript(const QString& path) {
  try {
    return io::modelKindOf(path.toStdString()) == io::ModelKind::TorchScript;
  } catch (const std::exception&) {
    return false;
  }
}

// View > Shared-Value Stubs, remembered across sessions; on unless turned off.
constexpr const char* kStubsSetting = "view/stubs";

bool stubsWanted() {
  return QSettings().value(kStubsSetting, true).toBool();
}

} // namespace

DocumentWorkflow::DocumentWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench), job_(tr("opening the model"), this),
      describe_job_(tr("reading the model's inputs"), this),
      watcher_(new QFileSystemWatcher(this)) {
  bench_.trackJob(job_, tr("Laying out %p%"), tr("Cancel"));
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    pending_path_.clear(); // the model still open is what the next action applies to
    bench_.showError(message);
    emit loadFailed(message);
  });
  connect(&job_, &BackgroundJob::cancelled, this, [this] {
    pending_path_.clear();
    bench_.showMessage(tr("Layout cancelled"), 4000);
    emit loadCancelled();
  });
  connect(&describe_job_, &BackgroundJob::failed, this, [this](const QString& message) {
    bench_.showError(message);
    emit loadFailed(message);
  });
  connect(&bench_.session(), &ModelSession::documentChanged, this, [this] { watch(); });
  // Opening a group on the canvas, or closing it by its frame, lays the model out again.
  connect(&bench_.canvas(), &GraphView::itemActivated, this, [this](int item) {
    const auto& document = bench_.session().document();
    if (document && document->diagram.items[item].kind == layout::ItemKind::CollapsedGroup)
      relayout(optionsRevealing(document->diagram.items[item].group));
  });
  connect(&bench_.canvas(), &GraphView::frameActivated, this, [this](int frame) {
    // Double-clicking an open group's frame closes it again.
    const auto& document = bench_.session().document();
    if (!document)
      return;
    layout::DiagramOptions options = document->options;
    const int group = document->diagram.frames[frame].group;
    options.expanded_groups.erase(group);
    options.collapsed_groups.insert(group);
    relayout(options);
  });

  connect(watcher_, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
    // Editors replace files by rename; wait for the new file to settle, then reload.
    QTimer::singleShot(300, this, [this, path] {
      const auto& document = bench_.session().document();
      if (document && document->path == path && QFileInfo::exists(path))
        reload();
    });
  });
}

void DocumentWorkflow::addFileActions() {
  QMenu* file = bench_.menu(Workbench::Menu::File);
  file->addAction(tr("&Open..."), QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        bench_.dialogParent(), tr("Open model"), QSettings().value("paths/open").toString(),
        tr("Models (*.json *.pt *.pth *.pt2);;torch_ir IR (*.json);;"
           "TorchScript (*.pt *.pth);;torch.export archives (*.pt2);;All files (*)"));
    if (!path.isEmpty()) {
      QSettings().setValue("paths/open", QFileInfo(path).absolutePath());
      openFile(path);
    }
  });
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  refreshRecentMenu();
  // F5 only: the platform's Refresh also means Ctrl+R on Linux, which is Tools > Run Model.
  file->addAction(tr("&Reload"), QKeySequence(Qt::Key_F5), this, &DocumentWorkflow::reload);
}

void DocumentWorkflow::addViewActions() {
  QMenu* view = bench_.menu(Workbench::Menu::View);
  auto regroup = [this](int collapse_depth) {
    const auto& document = bench_.session().document();
    if (!document)
      return;
    layout::DiagramOptions options = document->options;
    options.collapse_depth = collapse_depth;
    options.expanded_groups.clear();
    options.collapsed_groups.clear();
    relayout(options);
  };
  view->addAction(tr("&Expand All Groups"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Plus), this,
                  [regroup] { regroup(-1); });
  view->addAction(tr("&Collapse to Top Level"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Minus),
                  this, [regroup] { regroup(1); });
  show_weights_ = view->addAction(tr("Show &Weights"));
  show_weights_->setCheckable(true);
  show_weights_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
  connect(show_weights_, &QAction::toggled, this, [this](bool on) {
    const auto& document = bench_.session().document();
    if (!document || document->options.show_weights == on)
      return;
    layout::DiagramOptions options = document->options;
    options.show_weights = on;
    relayout(options);
  });
  // A value read in many groups as a "name ↗" stub in each (layout/shared_values.h), or as
  // edges from its producer.
  stubs_ = view->addAction(tr("Shared-Value &Stubs"));
  stubs_->setCheckable(true);
  stubs_->setChecked(stubsWanted());
  stubs_->setToolTip(tr("Draw a value read in many groups (a decoder's memory) as a small port "
                        "in each group, instead of edges from its producer"));
  connect(stubs_, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue(kStubsSetting, on);
    const auto& document = bench_.session().document();
    if (!document || document->options.stubs == on)
      return;
    layout::DiagramOptions options = document->options;
    options.stubs = on;
    relayout(options);
  });
}

void DocumentWorkflow::openFile(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (isTorchScript(absolute)) {
    askInputShapesThenOpen(absolute);
    return;
  }
  startOpen(absolute, {});
}

void DocumentWorkflow::openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs) {
  startOpen(QFileInfo(path).absoluteFilePath(), std::move(inputs));
}

void DocumentWorkflow::reload() {
  const auto& document = bench_.session().document();
  if (!document)
    return;
  if (document->from_torchscript && !document->input_specs.empty())
    openTorchScript(document->path, document->input_specs);
  else
    openFile(document->path);
}

void DocumentWorkflow::startOpen(const QString& path, std::vector<ir::InputSpec> inputs) {
  pending_path_ = path;
  bench_.showMessage(inputs.empty() ? tr("Opening %1...").arg(path)
                                    : tr("Running %1 on its example inputs...").arg(path));
  job_.start<std::shared_ptr<ModelDocument>>(
      [path, inputs = std::move(inputs), stubs = stubsWanted()](JobContext& context) {
        return openDocument(path, inputs, layoutControl(context), stubs);
      },
      [this](std::shared_ptr<ModelDocument> document) {
        pending_path_.clear();
        bench_.session().setDocument(std::move(document), true);
        rememberRecent(bench_.session().document()->path);
      });
}

void DocumentWorkflow::relayout(layout::DiagramOptions options) {
  const std::shared_ptr<const ModelDocument> base = bench_.session().document();
  if (!base)
    return;
  pending_path_.clear();
  job_.start<std::shared_ptr<ModelDocument>>(
      [base, options = std::move(options)](JobContext& context) {
        return relayoutDocument(*base, options, layoutControl(context));
      },
      [this](std::shared_ptr<ModelDocument> document) {
        bench_.session().setDocument(std::move(document), false);
      });
}

layout::DiagramOptions DocumentWorkflow::optionsRevealing(int group) const {
  const ModelDocument& document = *bench_.session().document();
  layout::DiagramOptions options = document.options;
  for (int g = group; g >= 0; g = document.modules.groups[g].parent) {
    options.collapsed_groups.erase(g);
    options.expanded_groups.insert(g);
  }
  return options;
}

void DocumentWorkflow::stop() {
  describe_job_.cancelAndWait();
  job_.cancelAndWait();
  pending_path_.clear();
}

void DocumentWorkflow::askInputShapesThenOpen(const QString& path) {
  // Reading forward's inputs loads the whole file (and libtorch, the first time): seconds for a
  // large model, so it happens on a worker and the dialog opens when it is done.
  bench_.showMessage(tr("Reading %1...").arg(path));
  describe_job_.start<std::vector<torchscript::InputDescription>>(
      [path](JobContext&) { return torchscript::describeInputs(path.toStdString()); },
      [this, path](std::vector<torchscript::InputDescription> inputs) {
        bench_.showMessage({});
        InputShapeDialog dialog(path, inputs, InputShapeDialog::remembered(path),
                                bench_.dialogParent());
        if (dialog.exec() != QDialog::Accepted)
          return;
        InputShapeDialog::remember(path, dialog.texts());
        openTorchScript(path, dialog.specs());
      });
}

void DocumentWorkflow::watch() {
  const auto& document = bench_.session().document();
  if (!watcher_->files().isEmpty())
    watcher_->removePaths(watcher_->files());
  if (document)
    watcher_->addPath(document->path);
  if (show_weights_ && document) {
    show_weights_->blockSignals(true);
    show_weights_->setChecked(document->options.show_weights);
    show_weights_->blockSignals(false);
  }
  if (stubs_ && document) {
    stubs_->blockSignals(true);
    stubs_->setChecked(document->options.stubs);
    stubs_->blockSignals(false);
  }
}

void DocumentWorkflow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recent").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent)
    recent.removeLast();
  settings.setValue("recent", recent);
  refreshRecentMenu();
}

void DocumentWorkflow::refreshRecentMenu() {
  if (!recent_menu_)
    return;
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recent").toStringList();
  for (const QString& path : recent)
    recent_menu_->addAction(path, this, [this, path] { openFile(path); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

} // namespace irscope::app
