#include "gui/app/main_window.h"

#include "core/torch/torchscript_extraction.h"
#include "gui/app/graph_view.h"
#include "gui/app/input_shape_dialog.h"
#include "gui/app/model_loader.h"
#include "gui/app/model_runner.h"
#include "gui/app/modules_dock.h"
#include "gui/app/operators_dock.h"
#include "gui/app/properties_panel.h"
#include "gui/app/search_bar.h"
#include "gui/app/weight_details.h"
#include "gui/app/weights_dock.h"
#include "gui/render/diagram_export.h"
#include "io/model_source.h"
#include "io/summary_report.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <utility>

namespace irscope::app {

namespace {
constexpr int kMaxRecent = 10;

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("irscope"));
  setAcceptDrops(true);
  resize(1400, 900);

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  search_ = new SearchBar(central);
  search_->hide();
  breadcrumbs_ = new QLabel(central);
  breadcrumbs_->setContentsMargins(8, 3, 8, 3);
  breadcrumbs_->setTextFormat(Qt::RichText);
  view_ = new GraphView(central);
  layout->addWidget(search_);
  layout->addWidget(buildColourBar(central)); // holds the breadcrumbs too
  layout->addWidget(view_, 1);
  setCentralWidget(central);

  loader_ = new ModelLoader(this);
  watcher_ = new QFileSystemWatcher(this);

  counts_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  progress_->setFormat(tr("Laying out %p%"));
  progress_->hide();
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->hide();
  statusBar()->addWidget(counts_, 1);
  buildRunStatus();
  buildGoldenStatus();
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);

  runner_ = new ModelRunner(this);
  buildDocks();
  buildMenus();
  connectRunner();
  restoreOperatorMapping();
  refreshColouring(); // nothing to colour by until a run, or a model for the mapping

  connect(loader_, &ModelLoader::progress, this, [this](int done, int total) {
    progress_->setMaximum(total);
    progress_->setValue(done);
  });
  connect(loader_, &ModelLoader::finished, this, [this](std::shared_ptr<ModelDocument> document) {
    progress_->hide();
    cancel_->hide();
    showDocument(std::move(document));
  });
  connect(loader_, &ModelLoader::failed, this, [this](const QString& message) {
    progress_->hide();
    cancel_->hide();
    forgetPendingOpen(); // the model still open is what the next action applies to
    showError(message);
    emit loadFailed(message);
  });
  connect(loader_, &ModelLoader::cancelled, this, [this] {
    progress_->hide();
    cancel_->hide();
    forgetPendingOpen();
    statusBar()->showMessage(tr("Layout cancelled"), 4000);
  });
  connect(cancel_, &QPushButton::clicked, loader_, &ModelLoader::cancel);

  connect(view_, &GraphView::itemSelected, this, &MainWindow::onItemSelected);
  connect(view_, &GraphView::itemActivated, this, &MainWindow::onItemActivated);
  connect(view_, &GraphView::frameActivated, this, [this](int frame) {
    // Double-clicking an open group's frame closes it again.
    if (!document_)
      return;
    layout::DiagramOptions options = document_->options;
    const int group = document_->diagram.frames[frame].group;
    options.expanded_groups.erase(group);
    options.collapsed_groups.insert(group);
    relayout(options);
  });
  connect(view_, &GraphView::zoomChanged, this, [this] { updateStatus(); });
  connect(properties_, &PropertiesPanel::nodeRequested, this, &MainWindow::selectNode);
  connect(search_, &SearchBar::hitsChanged, this,
          [this](const std::vector<int>& nodes) { markNodes(nodes); });
  connect(search_, &SearchBar::currentHit, this, &MainWindow::selectNode);
  connect(watcher_, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
    // Editors replace files by rename; wait for the new file to settle, then reload.
    QTimer::singleShot(300, this, [this, path] {
      if (document_ && document_->path == path && QFileInfo::exists(path)) {
        pending_is_reload_ = true;
        openFile(path);
      }
    });
  });

  connect(breadcrumbs_, &QLabel::linkActivated, this, [this](const QString& link) {
    if (!document_)
      return;
    if (link == "root") {
      view_->fitToView();
      return;
    }
    const int group = link.mid(6).toInt(); // "group:N"
    for (size_t i = 0; i < document_->diagram.items.size(); ++i) {
      if (document_->diagram.items[i].group == group) {
        view_->selectItem(static_cast<int>(i), true);
        return;
      }
    }
    for (const auto& frame : document_->diagram.frames) {
      if (frame.group == group) {
        view_->zoomToRect(frame.box);
        return;
      }
    }
  });

  QSettings settings;
  applyTheme(settings.value("theme", "system").toString());
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  refreshRecentMenu();
}

MainWindow::~MainWindow() {
  // A golden data write reports its progress to the window: it must end before the window does.
  cancelGoldenData();
  if (golden_watcher_)
    golden_watcher_->waitForFinished();
  // Likewise a module analysis.
  cancelModuleAnalysis();
  if (module_watcher_)
    module_watcher_->waitForFinished();
}

bool MainWindow::loading() const {
  return loader_->busy();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open..."), QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open model"), QSettings().value("paths/open").toString(),
        tr("Models (*.json *.pt *.pth *.pt2);;torch_ir IR (*.json);;"
           "TorchScript (*.pt *.pth);;torch.export archives (*.pt2);;All files (*)"));
    if (!path.isEmpty()) {
      QSettings().setValue("paths/open", QFileInfo(path).absolutePath());
      openFile(path);
    }
  });
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  // F5 only: the platform's Refresh also means Ctrl+R on Linux, which is Tools > Run Model.
  file->addAction(tr("&Reload"), QKeySequence(Qt::Key_F5), this, [this] {
    if (document_)
      openFile(document_->path);
  });
  file->addAction(tr("&Export Diagram..."), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                  [this] { exportInteractively(false); });
  file->addAction(tr("Export Current &View..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                  this, [this] { exportInteractively(true); });
  file->addSeparator();
  addMappingActions(file);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(tr("&Find..."), QKeySequence::Find, search_, &SearchBar::activate);
  edit->addAction(tr("Find &Next"), QKeySequence::FindNext, search_, &SearchBar::next);
  edit->addAction(tr("Find &Previous"), QKeySequence::FindPrevious, search_, &SearchBar::previous);
  edit->addAction(tr("&Copy Node as JSON"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this,
                  [this] {
                    const QString json = properties_->nodeJson();
                    if (!json.isEmpty())
                      QApplication::clipboard()->setText(json);
                  });

  view_menu_ = menuBar()->addMenu(tr("&View"));
  view_menu_->addAction(tr("&Fit to Window"), QKeySequence(Qt::Key_F), view_,
                        &GraphView::fitToView);
  view_menu_->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this,
                        [this] { view_->zoomBy(1.25, view_->rect().center()); });
  view_menu_->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this,
                        [this] { view_->zoomBy(0.8, view_->rect().center()); });
  view_menu_->addAction(tr("Zoom to &Selection"), QKeySequence(Qt::CTRL | Qt::Key_0), view_,
                        &GraphView::zoomToSelection);
  view_menu_->addSeparator();
  view_menu_->addAction(tr("&Expand All Groups"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Plus),
                        this, [this] {
                          if (!document_)
                            return;
                          layout::DiagramOptions options = document_->options;
                          options.collapse_depth = -1;
                          options.expanded_groups.clear();
                          options.collapsed_groups.clear();
                          relayout(options);
                        });
  view_menu_->addAction(tr("&Collapse to Top Level"),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Minus), this, [this] {
                          if (!document_)
                            return;
                          layout::DiagramOptions options = document_->options;
                          options.collapse_depth = 1;
                          options.expanded_groups.clear();
                          options.collapsed_groups.clear();
                          relayout(options);
                        });
  show_weights_ = view_menu_->addAction(tr("Show &Weights"));
  show_weights_->setCheckable(true);
  show_weights_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
  connect(show_weights_, &QAction::toggled, this, [this](bool on) {
    if (!document_ || document_->options.show_weights == on)
      return;
    layout::DiagramOptions options = document_->options;
    options.show_weights = on;
    relayout(options);
  });
  QMenu* colour_by = view_menu_->addMenu(tr("C&olour By"));
  auto* colourings = new QActionGroup(this);
  int shortcut = Qt::Key_0;
  for (ColourBy colouring : kAllColourings) {
    QAction* action = colour_by->addAction(colouringLabel(colouring));
    action->setCheckable(true);
    action->setChecked(colouring == colour_by_);
    action->setShortcut(QKeySequence(Qt::ALT | shortcut++));
    colourings->addAction(action);
    connect(action, &QAction::triggered, this, [this, colouring] { setColourBy(colouring); });
    colour_actions_.emplace_back(colouring, action);
  }
  QMenu* theme = view_menu_->addMenu(tr("&Theme"));
  auto* themes = new QActionGroup(this);
  const QString current = QSettings().value("theme", "system").toString();
  for (const auto& [key, label] : {std::pair<QString, QString>{"system", tr("Follow the &System")},
                                   {"light", tr("&Light")},
                                   {"dark", tr("&Dark")}}) {
    QAction* action = theme->addAction(label);
    action->setCheckable(true);
    action->setChecked(key == current);
    themes->addAction(action);
    connect(action, &QAction::triggered, this, [this, key = key] {
      QSettings().setValue("theme", key);
      applyTheme(key);
    });
  }
  view_menu_->addSeparator();
  for (QDockWidget* dock : findChildren<QDockWidget*>())
    view_menu_->addAction(dock->toggleViewAction());
  buildRunMenu();
}

void MainWindow::buildDocks() {
  properties_ = new PropertiesPanel(this);
  auto* properties_dock = new QDockWidget(tr("Properties"), this);
  properties_dock->setObjectName("properties");
  properties_dock->setWidget(properties_);
  addDockWidget(Qt::RightDockWidgetArea, properties_dock);

  // Weights: a click marks the weight's consumers and selects the first.
  weights_dock_ = new WeightsDock(this);
  connect(weights_dock_, &WeightsDock::currentWeightChanged, this, [this] { showWeightDetails(); });
  connect(weights_dock_, &WeightsDock::weightClicked, this, [this](int weight) {
    if (!document_)
      return;
    const auto& uses = document_->model.topology.weight_consumers[weight];
    std::vector<int> nodes;
    for (const ir::Use& use : uses)
      nodes.push_back(use.node);
    markNodes(nodes);
    if (!uses.empty())
      selectNode(uses.front().node);
  });
  addDockWidget(Qt::RightDockWidgetArea, weights_dock_);

  // Operators: an op marks its nodes as a search for its type does (F3 steps through them), a
  // configuration marks its own nodes; both select the first.
  operators_dock_ = new OperatorsDock(this);
  connect(operators_dock_, &OperatorsDock::opChosen, this, [this](const QString& op) {
    search_->setQuery("^" + QRegularExpression::escape(op) + "$", true);
  });
  connect(operators_dock_, &OperatorsDock::configurationChosen, this,
          [this](const std::vector<int>& nodes) {
            markNodes(nodes);
            if (!nodes.empty())
              selectNode(nodes.front());
          });
  addDockWidget(Qt::LeftDockWidgetArea, operators_dock_);

  modules_dock_ = new ModulesDock(this);
  connect(modules_dock_, &ModulesDock::groupClicked, this, [this](int group) {
    if (!document_ || group < 0 || group >= static_cast<int>(document_->modules.groups.size()))
      return;
    properties_->showGroup(group);
    // Open the group (and its ancestors) so its ops are visible.
    const layout::DiagramOptions options = optionsRevealing(group);
    if (options.expanded_groups != document_->options.expanded_groups ||
        options.collapsed_groups != document_->options.collapsed_groups)
      relayout(options);
  });
  // A failed op of an analysed module: its node, zoomed to.
  connect(modules_dock_, &ModulesDock::nodeClicked, this, &MainWindow::revealAndZoom);
  addDockWidget(Qt::LeftDockWidgetArea, modules_dock_);
  tabifyDockWidget(modules_dock_, operators_dock_);
  modules_dock_->raise();
  resizeDocks({properties_dock, modules_dock_}, {420, 260}, Qt::Horizontal);
  resizeDocks({properties_dock, weights_dock_}, {520, 300}, Qt::Vertical);
}

namespace {

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

} // namespace

void MainWindow::openFile(const QString& path) {
  if (isTorchScript(path)) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (pending_is_reload_ && document_ && document_->path == absolute &&
        !document_->input_specs.empty()) {
      openTorchScript(absolute, document_->input_specs);
      return;
    }
    askInputShapesThenOpen(absolute);
    return;
  }
  pending_path_ = QFileInfo(path).absoluteFilePath();
  progress_->setValue(0);
  progress_->show();
  cancel_->show();
  statusBar()->showMessage(tr("Opening %1...").arg(pending_path_));
  loader_->open(pending_path_);
}

void MainWindow::askInputShapesThenOpen(const QString& path) {
  // Reading forward's inputs loads the whole file (and libtorch, the first time): seconds for a
  // large model, so it happens on a worker and the dialog opens when it is done.
  struct Described {
    std::vector<torchscript::InputDescription> inputs;
    QString error;
  };
  statusBar()->showMessage(tr("Reading %1...").arg(path));
  auto* watcher = new QFutureWatcher<Described>(this);
  connect(watcher, &QFutureWatcher<Described>::finished, this, [this, watcher, path] {
    const Described described = watcher->result();
    watcher->deleteLater();
    pending_is_reload_ = false;
    statusBar()->clearMessage();
    if (!described.error.isEmpty()) {
      showError(described.error);
      emit loadFailed(described.error);
      return;
    }
    InputShapeDialog dialog(path, described.inputs, InputShapeDialog::remembered(path), this);
    if (dialog.exec() != QDialog::Accepted)
      return;
    InputShapeDialog::remember(path, dialog.texts());
    openTorchScript(path, dialog.specs());
  });
  watcher->setFuture(QtConcurrent::run([path]() -> Described {
    try {
      return {torchscript::describeInputs(path.toStdString()), {}};
    } catch (const std::exception& error) {
      return {{}, QString::fromStdString(error.what())};
    }
  }));
}

void MainWindow::forgetPendingOpen() {
  pending_path_.clear();
  pending_is_reload_ = false;
  pending_select_node_ = -1;
  pending_zoom_ = false;
}

void MainWindow::openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs) {
  pending_path_ = QFileInfo(path).absoluteFilePath();
  progress_->setValue(0);
  progress_->show();
  cancel_->show();
  statusBar()->showMessage(tr("Running %1 on its example inputs...").arg(pending_path_));
  loader_->openTorchScript(pending_path_, std::move(inputs));
}

void MainWindow::relayout(layout::DiagramOptions options) {
  if (!document_)
    return;
  pending_path_.clear();
  progress_->setValue(0);
  progress_->show();
  cancel_->show();
  loader_->relayout(document_, std::move(options));
}

void MainWindow::showDocument(std::shared_ptr<ModelDocument> document) {
  const bool same_model = document_ && document_->path == document->path;
  const bool keep_view = same_model && !pending_is_reload_;
  // Anything but a relayout may have changed the graph (a reload, another file).
  const bool new_content = !same_model || pending_path_ == document->path;
  pending_is_reload_ = false;
  if (!watcher_->files().isEmpty())
    watcher_->removePaths(watcher_->files());
  document_ = std::move(document);
  watcher_->addPath(document_->path);
  view_->setDocument(document_, keep_view);
  properties_->setDocument(document_.get());
  // The search runs again, marking its hits; a relayout keeps whatever was marked.
  const std::vector<int> marks = new_content ? std::vector<int>{} : marked_nodes_;
  marked_nodes_.clear();
  search_->setDocument(document_.get());
  if (!new_content)
    markNodes(marks);
  if (new_content) {
    forgetRun();  // after the docks have let go of the old model
    remapModel(); // the new model's configurations against the mapping
    forgetModuleAnalysis();
  }
  refreshColouring(); // the new diagram's items
  if (new_content) {
    rememberRecent(document_->path);
    weights_dock_->setDocument(document_.get());
    modules_dock_->setDocument(document_.get());
  }
  show_weights_->blockSignals(true);
  show_weights_->setChecked(document_->options.show_weights);
  show_weights_->blockSignals(false);
  const QString name = q(document_->model.graph.model_name);
  setWindowTitle(
      tr("%1 \u2014 irscope").arg(name.isEmpty() ? QFileInfo(document_->path).fileName() : name));
  statusBar()->clearMessage();
  for (const std::string& note : document_->diagram.notes)
    statusBar()->showMessage(q(note), 6000);
  // What extraction wants the user to know (an input left at its default, a module run twice):
  // in the status bar for a while, and kept in its tooltip.
  last_notes_.clear();
  for (const std::string& note : document_->notes)
    last_notes_ << q(note);
  statusBar()->setToolTip(last_notes_.join(QStringLiteral("\n")));
  if (!last_notes_.isEmpty())
    statusBar()->showMessage(tr("Note: %1").arg(last_notes_.join(QStringLiteral("; "))), 15000);
  if (!mapping_note_.isEmpty()) // the dropped mapping file, which "Opening..." replaced
    statusBar()->showMessage(std::exchange(mapping_note_, QString()), 10000);
  updateStatus();
  updateBreadcrumbs(-1);
  last_error_.clear();
  if (pending_select_node_ >= 0 && pending_select_node_ < document_->nodeCount()) {
    const int node = pending_select_node_;
    pending_select_node_ = -1;
    selectNode(node);
    if (pending_zoom_)
      view_->focusSelection();
  }
  pending_zoom_ = false;
  updateRunActions();
  emit documentChanged();
}

void MainWindow::showError(const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(message, 8000);
  // Non-modal, so that a background reload never blocks the window; the open model stays.
  auto* box = new QMessageBox(QMessageBox::Warning, tr("irscope"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::selectNode(int node) {
  if (!document_ || node < 0 || node >= document_->nodeCount())
    return;
  const int item = document_->item_of_node[node];
  if (item >= 0 && document_->diagram.items[item].kind == layout::ItemKind::CollapsedGroup) {
    // Hidden in a collapsed group: open the groups around it, then select it.
    pending_select_node_ = node;
    relayout(optionsRevealing(document_->modules.group_of_node[node]));
    view_->selectItem(item, true); // the group, until the node itself is drawn
    properties_->showNode(node);
    return;
  }
  view_->selectItem(item, true);
  properties_->showNode(node); // after selectItem, which shows the item's own node
}

bool MainWindow::selectNodeByName(const QString& name) {
  if (!document_)
    return false;
  const auto& index = document_->model.topology.node_by_name;
  const auto it = index.find(name.toStdString());
  if (it == index.end())
    return false;
  selectNode(it->second);
  view_->zoomToSelection();
  return true;
}

void MainWindow::applyTheme(const QString& theme) {
  static const QPalette system_palette = QApplication::palette();
  bool dark = theme == "dark";
  if (theme == "system") // Qt 6.4 has no colour-scheme hint; the desktop's palette tells
    dark = system_palette.color(QPalette::Window).lightness() < 128;
  if (dark) {
    QApplication::setStyle("Fusion");
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x30, 0x38));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xea, 0xf0));
    palette.setColor(QPalette::Base, QColor(0x22, 0x26, 0x2d));
    palette.setColor(QPalette::AlternateBase, QColor(0x2b, 0x30, 0x38));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xea, 0xf0));
    palette.setColor(QPalette::Button, QColor(0x33, 0x39, 0x42));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xea, 0xf0));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, QColor(0x33, 0x39, 0x42));
    palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xea, 0xf0));
    palette.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x94, 0xa3));
    QApplication::setPalette(palette);
  } else {
    QApplication::setPalette(system_palette);
  }
  view_->setDark(dark);
}

void MainWindow::updateBreadcrumbs(int item) {
  if (!document_) {
    breadcrumbs_->clear();
    return;
  }
  const QString model = q(document_->model.graph.model_name).toHtmlEscaped();
  QStringList crumbs{QString("<a href=\"root\">%1</a>").arg(model.isEmpty() ? tr("model") : model)};
  int group = -1;
  if (item >= 0) {
    const layout::DiagramItem& selected = document_->diagram.items[item];
    group = selected.kind == layout::ItemKind::CollapsedGroup ? selected.group
            : selected.node >= 0 ? document_->modules.group_of_node[selected.node]
                                 : -1;
  }
  QStringList path;
  for (int g = group; g >= 0; g = document_->modules.groups[g].parent)
    path.prepend(QString("<a href=\"group:%1\">%2</a>")
                     .arg(g)
                     .arg(q(document_->modules.groups[g].label).toHtmlEscaped()));
  crumbs += path;
  if (item >= 0 && document_->diagram.items[item].kind == layout::ItemKind::Op)
    crumbs << "<b>" +
                  q(document_->model.graph.nodes[document_->diagram.items[item].node].name)
                      .toHtmlEscaped() +
                  "</b>";
  breadcrumbs_->setText(crumbs.join(" › "));
}

void MainWindow::onItemSelected(int item) {
  updateBreadcrumbs(item);
  if (!document_ || item < 0) {
    properties_->showNode(-1);
    return;
  }
  const layout::DiagramItem& selected = document_->diagram.items[item];
  if (selected.kind == layout::ItemKind::Op)
    properties_->showNode(selected.node);
  else if (selected.kind == layout::ItemKind::CollapsedGroup)
    properties_->showGroup(selected.group);
  else
    properties_->showNode(-1);
}

void MainWindow::onItemActivated(int item) {
  if (!document_)
    return;
  const layout::DiagramItem& activated = document_->diagram.items[item];
  if (activated.kind != layout::ItemKind::CollapsedGroup)
    return;
  relayout(optionsRevealing(activated.group));
}

layout::DiagramOptions MainWindow::optionsRevealing(int group) const {
  layout::DiagramOptions options = document_->options;
  for (int g = group; g >= 0; g = document_->modules.groups[g].parent) {
    options.collapsed_groups.erase(g);
    options.expanded_groups.insert(g);
  }
  return options;
}

void MainWindow::exportInteractively(bool current_view) {
  if (!document_)
    return;
  const QString suggested = QFileInfo(document_->path).completeBaseName() + ".svg";
  const QString path = QFileDialog::getSaveFileName(
      this, current_view ? tr("Export current view") : tr("Export diagram"),
      QDir(QSettings().value("paths/export").toString()).filePath(suggested),
      tr("SVG (*.svg);;PDF (*.pdf);;PNG (*.png)"));
  if (path.isEmpty())
    return;
  QSettings().setValue("paths/export", QFileInfo(path).absolutePath());
  QString error;
  if (exportTo(path, &error, current_view))
    statusBar()->showMessage(tr("Exported %1").arg(path), 4000);
  else
    showError(error);
}

bool MainWindow::exportTo(const QString& path, QString* error, bool current_view) {
  if (!document_) {
    *error = tr("Nothing to export: no model is open");
    return false;
  }
  render::ExportOptions options;
  options.paint.item_fills = view_->heatMap().fills;
  options.paint.heat_legend = view_->heatMap().legend;
  if (current_view)
    options.region = view_->visiblePaintedRect();
  const auto failure = render::exportDiagram(document_->diagram, path, options);
  if (failure)
    *error = *failure;
  return !failure;
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recent").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent)
    recent.removeLast();
  settings.setValue("recent", recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  if (!recent_menu_)
    return;
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recent").toStringList();
  for (const QString& path : recent)
    recent_menu_->addAction(path, this, [this, path] { openFile(path); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::markNodes(std::vector<int> nodes) {
  marked_nodes_ = std::move(nodes);
  std::vector<int> items;
  if (document_)
    for (int node : marked_nodes_)
      if (node >= 0 && node < document_->nodeCount() && document_->item_of_node[node] >= 0)
        items.push_back(document_->item_of_node[node]);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  view_->setMarkedItems(std::move(items));
}

QTableWidget* MainWindow::weightsTable() const {
  return weights_dock_->table();
}

WeightDetails* MainWindow::weightDetails() const {
  return weights_dock_->details();
}

void MainWindow::updateStatus() {
  if (!document_) {
    counts_->clear();
    return;
  }
  const ir::ModelSummary& s = document_->summary;
  counts_->setText(
      tr("%1 nodes  \u00b7  %2 edges  \u00b7  %3 parameters  \u00b7  %4  \u00b7  zoom %5%")
          .arg(s.num_nodes)
          .arg(document_->edge_count)
          .arg(q(io::withThousandsSeparators(s.unique_parameters)))
          .arg(q(io::humanBytes(s.parameter_bytes)))
          .arg(qRound(view_->zoom() * 100)));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile())
    openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  loader_->cancel();
  runner_->cancel();
  cancelGoldenData();
  cancelModuleAnalysis();
  QMainWindow::closeEvent(event);
}

} // namespace irscope::app
