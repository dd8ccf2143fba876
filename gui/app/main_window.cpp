#include "gui/app/main_window.h"

#include "gui/app/breadcrumb_bar.h"
#include "gui/app/changes_dock.h"
#include "gui/app/colouring_workflow.h"
#include "gui/app/diff_workflow.h"
#include "gui/app/document_workflow.h"
#include "gui/app/export_workflow.h"
#include "gui/app/golden_workflow.h"
#include "gui/app/graph_view.h"
#include "gui/app/job_indicator.h"
#include "gui/app/mapping_workflow.h"
#include "gui/app/model_counts_label.h"
#include "gui/app/model_session.h"
#include "gui/app/module_analysis_workflow.h"
#include "gui/app/modules_dock.h"
#include "gui/app/operators_dock.h"
#include "gui/app/properties_panel.h"
#include "gui/app/run_workflow.h"
#include "gui/app/search_bar.h"
#include "gui/app/theme.h"
#include "gui/app/weights_dock.h"
#include "gui/app/weights_workflow.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace irscope::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("irscope"));
  setAcceptDrops(true);
  resize(1400, 900);
  session_ = new ModelSession(this);
  // The window takes a new document first: the workflows colour and count what it shows.
  connect(session_, &ModelSession::documentChanged, this, &MainWindow::showDocument);

  auto* central = new QWidget(this);
  search_ = new SearchBar(central);
  search_->hide();
  view_ = new GraphView(central);
  auto* bar = new QWidget(central);
  breadcrumbs_ = new BreadcrumbBar(bar);
  counts_ = new ModelCountsLabel(this);
  statusBar()->addWidget(counts_, 1);
  menus_[0] = menuBar()->addMenu(tr("&File"));
  menus_[1] = menuBar()->addMenu(tr("&Edit"));
  menus_[2] = menuBar()->addMenu(tr("&View"));
  menus_[3] = menuBar()->addMenu(tr("&Tools"));
  buildDocks();

  documents_ = new DocumentWorkflow(*this, this);
  exports_ = new ExportWorkflow(*this, this);
  mappings_ = new MappingWorkflow(*this, *operators_dock_, this);
  colouring_ = new ColouringWorkflow(*this, this);
  runs_ = new RunWorkflow(*this, this);
  golden_ = new GoldenWorkflow(*this, this);
  modules_ = new ModuleAnalysisWorkflow(*this, *modules_dock_, this);
  weights_ = new WeightsWorkflow(*this, *weights_dock_, this);
  diff_ = new DiffWorkflow(*this, this);
  connectSession();

  auto* bar_layout = new QHBoxLayout(bar);
  bar_layout->setContentsMargins(0, 0, 8, 0);
  bar_layout->addWidget(breadcrumbs_, 1);
  bar_layout->addWidget(colouring_->buildChooser(bar));
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(search_);
  layout->addWidget(bar);
  layout->addWidget(diff_->buildCanvasArea(central), 1); // the canvas, and a compared one
  addDockWidget(Qt::LeftDockWidgetArea, diff_->changesDock());
  tabifyDockWidget(modules_dock_, diff_->changesDock());
  addDockWidget(Qt::RightDockWidgetArea, diff_->pairDock());
  tabifyDockWidget(findChild<QDockWidget*>("properties"), diff_->pairDock());
  modules_dock_->raise();
  setCentralWidget(central);
  buildMenus();
  mappings_->restore();

  connect(view_, &GraphView::itemSelected, this, &MainWindow::onItemSelected);
  connect(view_, &GraphView::zoomChanged, this, &MainWindow::updateStatus);
  connect(properties_, &PropertiesPanel::nodeRequested, this, &MainWindow::selectNode);
  connect(search_, &SearchBar::hitsChanged, this,
          [this](const std::vector<int>& nodes) { markNodes(nodes); });
  connect(search_, &SearchBar::currentHit, this, &MainWindow::selectNode);
  connect(breadcrumbs_, &BreadcrumbBar::rootClicked, view_, &GraphView::fitToView);
  connect(breadcrumbs_, &BreadcrumbBar::groupClicked, view_, &GraphView::goToGroup);

  QSettings settings;
  applyTheme(settings.value("theme", "system").toString());
  restoreGeometry(settings.value("window/geometry").toByteArray());
  // Without a remembered layout, the docks are sized once the window has its size (see
  // showEvent).
  docks_to_size_ = !restoreState(settings.value("window/state").toByteArray());
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (!docks_to_size_)
    return;
  docks_to_size_ = false;
  // Qt shares the room of a window that grows on showing among the docks as well, which left
  // the graph a strip between two docks of 40% each: the graph gets over half the window.
  const int left = std::clamp(width() / 5, 260, 420);
  const int right = std::clamp(width() / 4, 300, 480);
  resizeDocks({modules_dock_, findChild<QDockWidget*>("properties")}, {left, right},
              Qt::Horizontal);
}

MainWindow::~MainWindow() {
  // Work in flight reports to the workflows and docks: it ends before they do.
  stopJobs();
}

void MainWindow::stopJobs() {
  documents_->stop();
  runs_->stop();
  golden_->stop();
  modules_->stop();
  weights_->stop();
  diff_->stop();
}

void MainWindow::buildDocks() {
  properties_ = new PropertiesPanel(this);
  auto* properties_dock = new QDockWidget(tr("Properties"), this);
  properties_dock->setObjectName("properties");
  properties_dock->setWidget(properties_);
  addDockWidget(Qt::RightDockWidgetArea, properties_dock);
  weights_dock_ = new WeightsDock(this);
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
    const auto& document = session_->document();
    if (!document || group < 0 || group >= static_cast<int>(document->modules.groups.size()))
      return;
    properties_->showGroup(group);
    // Open the group (and its ancestors) so its ops are visible.
    const layout::DiagramOptions options = documents_->optionsRevealing(group);
    if (options.expanded_groups != document->options.expanded_groups ||
        options.collapsed_groups != document->options.collapsed_groups)
      documents_->relayout(options);
  });
  // A failed op of an analysed module: its node, zoomed to.
  connect(modules_dock_, &ModulesDock::nodeClicked, this, &MainWindow::revealAndZoom);
  addDockWidget(Qt::LeftDockWidgetArea, modules_dock_);
  tabifyDockWidget(modules_dock_, operators_dock_);
  modules_dock_->raise();
  resizeDocks({properties_dock, modules_dock_}, {420, 260}, Qt::Horizontal);
  resizeDocks({properties_dock, weights_dock_}, {520, 300}, Qt::Vertical);
}

void MainWindow::buildMenus() {
  documents_->addFileActions();
  diff_->addActions();
  exports_->addActions();
  menus_[0]->addSeparator();
  mappings_->addActions();
  menus_[0]->addSeparator();
  menus_[0]->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menus_[1];
  edit->addAction(tr("&Find..."), QKeySequence::Find, search_, &SearchBar::activate);
  edit->addAction(tr("Find &Next"), QKeySequence::FindNext, search_, &SearchBar::next);
  edit->addAction(tr("Find &Previous"), QKeySequence::FindPrevious, search_, &SearchBar::previous);
  edit->addAction(tr("&Copy Node as JSON"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this,
                  [this] {
                    if (const QString json = properties_->nodeJson(); !json.isEmpty())
                      QApplication::clipboard()->setText(json);
                  });

  QMenu* view = menus_[2];
  view->addAction(tr("&Fit to Window"), QKeySequence(Qt::Key_F), view_, &GraphView::fitToView);
  view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this,
                  [this] { view_->zoomBy(1.25, view_->rect().center()); });
  view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this,
                  [this] { view_->zoomBy(0.8, view_->rect().center()); });
  view->addAction(tr("Zoom to &Selection"), QKeySequence(Qt::CTRL | Qt::Key_0), view_,
                  &GraphView::zoomToSelection);
  view->addSeparator();
  documents_->addViewActions();
  colouring_->addActions();
  addThemeMenu(view, [this](const QString& key) { applyTheme(key); });
  view->addSeparator();
  for (QDockWidget* dock : findChildren<QDockWidget*>())
    view->addAction(dock->toggleViewAction());

  runs_->addActions();
  golden_->addActions();
  menus_[3]->addSeparator();
  modules_->addActions();
}

void MainWindow::connectSession() {
  // After every workflow has taken the new document: a node waiting to be selected, and the
  // window's own signal.
  connect(session_, &ModelSession::documentChanged, this, &MainWindow::selectPendingNode);
  connect(session_, &ModelSession::runChanged, this,
          [this] { properties_->setRun(session_->lastRun()); });
  connect(session_, &ModelSession::moduleAnalysisChanged, this, [this] {
    if (session_->document())
      modules_dock_->setAnalysis(*session_->document(), session_->moduleAnalysis());
    properties_->setModuleAnalysis(session_->moduleAnalysis());
  });
  connect(session_, &ModelSession::mappingChanged, this, [this] {
    properties_->setMapping(session_->modelMapping());
    operators_dock_->setMapping(session_->modelMappingShared());
  });
  auto forgetPending = [this] {
    pending_select_node_ = -1;
    pending_zoom_ = false;
  };
  connect(documents_, &DocumentWorkflow::loadFailed, this, forgetPending);
  connect(documents_, &DocumentWorkflow::loadCancelled, this, forgetPending);
}

const ModelDocument* MainWindow::document() const {
  return session_->document().get();
}

QTableWidget* MainWindow::weightsTable() const {
  return weights_dock_->table();
}

WeightDetails* MainWindow::weightDetails() const {
  return weights_dock_->details();
}

bool MainWindow::pendingOpen() const {
  return documents_->pendingOpen() || pending_select_node_ >= 0;
}

QMenu* MainWindow::menu(Menu which) {
  return menus_[static_cast<int>(which)];
}

void MainWindow::addStatusWidget(QWidget* widget) {
  statusBar()->addPermanentWidget(widget);
}

void MainWindow::showMessage(const QString& message, int timeout_ms) {
  if (message.isEmpty())
    statusBar()->clearMessage();
  else
    statusBar()->showMessage(message, timeout_ms);
}

void MainWindow::showError(const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(message, 8000);
  // Non-modal, so that a background reload never blocks the window; the open model stays.
  auto* box = new QMessageBox(QMessageBox::Warning, tr("irscope"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::trackJob(BackgroundJob& job, const QString& format, const QString& cancel_text) {
  statusBar()->addPermanentWidget(new JobIndicator(job, format, cancel_text, this));
}

void MainWindow::showDocument(bool new_content) {
  const auto& document = session_->document();
  view_->setDocument(document, !new_content || document->path == shown_path_);
  shown_path_ = document->path;
  properties_->setDocument(document.get());
  // The search runs again, marking its hits; a relayout keeps whatever was marked.
  const std::vector<int> marks = new_content ? std::vector<int>{} : marked_nodes_;
  marked_nodes_.clear();
  search_->setDocument(document.get());
  if (!new_content)
    markNodes(marks);
  if (new_content) {
    weights_dock_->setDocument(document.get());
    modules_dock_->setDocument(document.get());
  }
  const QString name = QString::fromStdString(document->model.graph.model_name);
  setWindowTitle(
      tr("%1 \u2014 irscope").arg(name.isEmpty() ? QFileInfo(document->path).fileName() : name));
  statusBar()->clearMessage();
  for (const std::string& note : document->diagram.notes)
    statusBar()->showMessage(QString::fromStdString(note), 6000);
  // What extraction wants the user to know (an input left at its default, a module run twice):
  // in the status bar for a while, and kept in its tooltip.
  last_notes_.clear();
  for (const std::string& note : document->notes)
    last_notes_ << QString::fromStdString(note);
  statusBar()->setToolTip(last_notes_.join(QStringLiteral("\n")));
  if (!last_notes_.isEmpty())
    statusBar()->showMessage(tr("Note: %1").arg(last_notes_.join(QStringLiteral("; "))), 15000);
  updateStatus();
  breadcrumbs_->showPath(document.get(), -1);
  last_error_.clear();
}

void MainWindow::selectPendingNode() {
  if (pending_select_node_ >= 0 && pending_select_node_ < document()->nodeCount()) {
    const int node = std::exchange(pending_select_node_, -1);
    selectNode(node);
    if (pending_zoom_)
      view_->focusSelection();
  }
  pending_zoom_ = false;
  emit documentChanged();
}

void MainWindow::selectNode(int node) {
  const auto& document = session_->document();
  if (!document || node < 0 || node >= document->nodeCount())
    return;
  const int item = document->item_of_node[node];
  view_->selectItem(item, true);
  if (item >= 0 && document->diagram.items[item].kind == layout::ItemKind::CollapsedGroup) {
    // Hidden in a collapsed group (selected until then): open the groups around it first.
    pending_select_node_ = node;
    documents_->relayout(documents_->optionsRevealing(document->modules.group_of_node[node]));
  }
  properties_->showNode(node); // after selectItem, which shows the item's own node
}

bool MainWindow::selectNodeByName(const QString& name) {
  if (!document())
    return false;
  const auto& index = document()->model.topology.node_by_name;
  const auto it = index.find(name.toStdString());
  if (it == index.end())
    return selectGraphInputByName(name);
  selectNode(it->second);
  view_->zoomToSelection();
  return true;
}

bool MainWindow::selectGraphInputByName(const QString& name) {
  // Its box, and who reads it in Properties (decoder48's memory, read in every layer).
  const auto& items = document()->diagram.items;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].kind == layout::ItemKind::GraphInput &&
        document()->model.graph.inputs[items[i].value.index].name == name.toStdString()) {
      view_->selectItem(static_cast<int>(i), true);
      view_->focusSelection();
      return true;
    }
  return false;
}

void MainWindow::revealAndZoom(int node) {
  selectNode(node);
  if (pending_select_node_ == node)
    pending_zoom_ = true; // once the relayout that opens its groups is shown
  else if (document() && node >= 0 && node < document()->nodeCount())
    view_->focusSelection();
}

void MainWindow::markNodes(std::vector<int> nodes) {
  marked_nodes_ = std::move(nodes);
  view_->setMarkedNodes(marked_nodes_);
}

void MainWindow::setColourBy(ColourBy colouring) {
  colouring_->setColourBy(colouring);
}

void MainWindow::raiseDock(QDockWidget* dock, int wanted_width) {
  dock->show();
  dock->raise();
  // Wide enough for its columns, up to 40% of the window.
  if (dock->width() < wanted_width && !dock->isFloating()) {
    resizeDocks({dock}, {std::min(wanted_width, width() * 2 / 5)}, Qt::Horizontal);
    layout()->activate(); // the canvas has its new size now, and refits if the user has not moved
  }
}

void MainWindow::applyTheme(const QString& theme) {
  view_->setDark(app::applyTheme(theme));
}

void MainWindow::onItemSelected(int item) {
  breadcrumbs_->showPath(document(), item);
  properties_->showItem(item);
}

void MainWindow::updateStatus() {
  counts_->showCounts(document(), view_->zoom());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile())
    documents_->openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  stopJobs();
  QMainWindow::closeEvent(event);
}

GraphView& MainWindow::shownCanvas() {
  return diff_->overlay() ? diff_->comparedCanvas() : *view_;
}

} // namespace irscope::app
