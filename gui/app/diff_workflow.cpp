#include "gui/app/diff_workflow.h"

#include "core/paired_outputs.h"
#include "gui/app/changes_dock.h"
#include "gui/app/diff_colouring.h"
#include "gui/app/document_loading.h"
#include "gui/app/graph_view.h"
#include "gui/app/model_session.h"
#include "gui/app/pair_properties.h"
#include "gui/app/paired_run.h"
#include "gui/app/workbench.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <utility>

namespace irscope::app {

namespace {

DiffSide otherSide(DiffSide side) {
  return side == DiffSide::A ? DiffSide::B : DiffSide::A;
}

QPointF centreOf(const layout::Rect& box) {
  return QPointF(box.x + box.width / 2, box.y + box.height / 2);
}

QPointF widgetCentre(const QWidget& widget) {
  return QPointF(widget.width() / 2.0, widget.height() / 2.0);
}

QLabel* sideLabel(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setContentsMargins(8, 3, 8, 3);
  label->setTextFormat(Qt::RichText);
  label->hide();
  return label;
}

// The title the Changes dock's legend and labels give a side.
QString sideTitle(const ModelDocument& document) {
  return QFileInfo(document.path).fileName().toHtmlEscaped();
}

} // namespace

DiffWorkflow::DiffWorkflow(Workbench& bench, QObject* parent)
    : QObject(parent), bench_(bench), job_(tr("comparing the models"), this),
      run_job_(tr("running both models"), this),
      relayout_job_(tr("laying out the compared model"), this) {
  QWidget* window = bench_.dialogParent();
  changes_ = new ChangesDock(window);
  changes_->hide();
  pair_ = new PairProperties;
  pair_dock_ = new QDockWidget(tr("Pair Properties"), window);
  pair_dock_->setObjectName("pair_properties");
  pair_dock_->setWidget(pair_);
  pair_dock_->hide();
  connect(changes_, &ChangesDock::entryChosen, this, &DiffWorkflow::goToEntry);

  bench_.trackJob(job_, tr("Comparing %p%"), tr("Cancel"));
  bench_.trackJob(run_job_, tr("Running both %p%"), tr("Cancel"));
  bench_.trackJob(relayout_job_, tr("Laying out B %p%"), tr("Cancel"));
  auto failed = [this](const QString& message) {
    last_error_ = message;
    bench_.showError(message);
  };
  connect(&job_, &BackgroundJob::failed, this, [this, failed](const QString& message) {
    failed(message);
    emit compareEnded();
  });
  connect(&job_, &BackgroundJob::cancelled, this, [this] {
    bench_.showMessage(tr("Compare cancelled"), 4000);
    emit compareEnded();
  });
  connect(&run_job_, &BackgroundJob::failed, this, [this, failed](const QString& message) {
    failed(message);
    emit runBothEnded();
  });
  connect(&run_job_, &BackgroundJob::cancelled, this, [this] {
    bench_.showMessage(tr("Run Both cancelled"), 4000);
    emit runBothEnded();
  });
  connect(&relayout_job_, &BackgroundJob::failed, this, failed);

  ModelSession& session = bench_.session();
  connect(&session, &ModelSession::documentChanged, this, &DiffWorkflow::onDocumentChanged);
  // Work for the old content stops before it goes.
  connect(&session, &ModelSession::contentEnding, this, [this] {
    job_.cancelAndWait();
    run_job_.cancelAndWait();
  });
  // A run or an analysis of A recolours its canvas; the comparison's colours come back over it.
  for (auto signal : {&ModelSession::runChanged, &ModelSession::moduleAnalysisChanged,
                      &ModelSession::mappingChanged})
    connect(&session, signal, this, [this] {
      if (comparison_) {
        saved_heat_ = bench_.canvas().heatMap();
        applyColours();
      }
    });
}

QWidget* DiffWorkflow::buildCanvasArea(QWidget* parent) {
  splitter_ = new QSplitter(Qt::Horizontal, parent);
  splitter_->setChildrenCollapsible(false);
  column_a_ = new QWidget(splitter_);
  auto* layout_a = new QVBoxLayout(column_a_);
  layout_a->setContentsMargins(0, 0, 0, 0);
  layout_a->setSpacing(0);
  label_a_ = sideLabel(column_a_);
  layout_a->addWidget(label_a_);
  layout_a->addWidget(&bench_.canvas(), 1);
  column_b_ = new QWidget(splitter_);
  auto* layout_b = new QVBoxLayout(column_b_);
  layout_b->setContentsMargins(0, 0, 0, 0);
  layout_b->setSpacing(0);
  label_b_ = sideLabel(column_b_);
  label_b_->show();
  other_ = new GraphView(column_b_);
  other_->installEventFilter(this);
  layout_b->addWidget(label_b_);
  layout_b->addWidget(other_, 1);
  column_b_->hide();
  splitter_->addWidget(column_a_);
  splitter_->addWidget(column_b_);

  GraphView& canvas = bench_.canvas();
  connect(&canvas, &GraphView::itemSelected, this,
          [this](int item) { onItemSelected(DiffSide::A, item); });
  connect(other_, &GraphView::itemSelected, this,
          [this](int item) { onItemSelected(DiffSide::B, item); });
  connect(&canvas, &GraphView::panned, this, [this] { follow(DiffSide::A); });
  connect(&canvas, &GraphView::zoomChanged, this, [this] { follow(DiffSide::A); });
  connect(other_, &GraphView::panned, this, [this] { follow(DiffSide::B); });
  connect(other_, &GraphView::zoomChanged, this, [this] { follow(DiffSide::B); });
  // B's groups open and close as A's do.
  connect(other_, &GraphView::itemActivated, this, [this](int item) {
    const ModelDocument* b = other_->document();
    if (b && b->diagram.items[static_cast<size_t>(item)].kind == layout::ItemKind::CollapsedGroup)
      relayoutCompared(b->diagram.items[static_cast<size_t>(item)].group, -1);
  });
  connect(other_, &GraphView::frameActivated, this, [this](int frame) {
    const ModelDocument* b = other_->document();
    if (!b || !comparison_)
      return;
    layout::DiagramOptions options = b->options;
    const int group = b->diagram.frames[static_cast<size_t>(frame)].group;
    options.expanded_groups.erase(group);
    options.collapsed_groups.insert(group);
    const std::shared_ptr<const ModelDocument> base = comparison_->b;
    relayout_job_.start<std::shared_ptr<ModelDocument>>(
        [base, options](JobContext& context) {
          return relayoutDocument(*base, options, layoutControl(context));
        },
        [this](std::shared_ptr<ModelDocument> document) {
          if (!comparison_)
            return;
          comparison_ = withLayout(*comparison_, DiffSide::B, std::move(document));
          other_->setDocument(comparison_->b, true);
          applyColours();
        });
  });
  return splitter_;
}

void DiffWorkflow::addActions() {
  QMenu* file = bench_.menu(Workbench::Menu::File);
  compare_ = file->addAction(
      tr("Compare &With..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(bench_.dialogParent(), tr("Compare with"),
                                         QSettings().value("paths/compare").toString(),
                                         tr("Models (*.json *.pt *.pth *.pt2);;All files (*)"));
        if (path.isEmpty())
          return;
        QSettings().setValue("paths/compare", QFileInfo(path).absolutePath());
        compareWith(path);
      });
  compare_->setToolTip(tr("Open a second model beside this one and see what changed"));
  exit_ = file->addAction(tr("E&xit Compare"), QKeySequence(Qt::Key_Escape), this,
                          &DiffWorkflow::exitCompare);
  overlay_action_ = bench_.menu(Workbench::Menu::View)->addAction(tr("&Overlay Changes"));
  overlay_action_->setCheckable(true);
  overlay_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  overlay_action_->setToolTip(
      tr("While comparing: one canvas coloured by change class, removed nodes as dashed ghosts"));
  connect(overlay_action_, &QAction::toggled, this, &DiffWorkflow::setOverlay);
  run_both_ = bench_.menu(Workbench::Menu::Tools)->addAction(tr("Run &Both Compared Models"));
  run_both_->setToolTip(tr("Run both models on the same inputs and compare every pair's "
                           "outputs by the verdict rule"));
  connect(run_both_, &QAction::triggered, this, [this] { runBoth(); });
  updateActions();
}

void DiffWorkflow::updateActions() {
  if (!compare_)
    return;
  compare_->setEnabled(bench_.session().document() != nullptr);
  exit_->setEnabled(comparing());
  overlay_action_->setEnabled(comparing());
  run_both_->setEnabled(comparing());
  const QSignalBlocker block(overlay_action_);
  overlay_action_->setChecked(overlay_);
}

GraphView& DiffWorkflow::canvasOf(DiffSide side) const {
  return side == DiffSide::A ? bench_.canvas() : *other_;
}

void DiffWorkflow::compareWith(const QString& path) {
  const std::shared_ptr<const ModelDocument> a = bench_.session().document();
  if (!a) {
    last_error_ = tr("Open a model first, then compare another with it");
    bench_.showError(last_error_);
    emit compareEnded();
    return;
  }
  last_error_.clear();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  const int generation = bench_.session().generation();
  bench_.showMessage(tr("Comparing with %1...").arg(absolute));
  job_.start<std::shared_ptr<const ModelComparison>>(
      [a, absolute](JobContext& context) {
        return compareDocuments(a, absolute, layoutControl(context));
      },
      [this, generation](std::shared_ptr<const ModelComparison> comparison) {
        if (generation != bench_.session().generation()) {
          bench_.showMessage(tr("Compare dropped: another model was opened meanwhile"), 6000);
          emit compareEnded();
          return;
        }
        generation_ = generation;
        showComparison(std::move(comparison));
        emit compareEnded();
      });
}

void DiffWorkflow::showComparison(std::shared_ptr<const ModelComparison> comparison) {
  // A relayout of A since the job started: the comparison takes the diagram shown now.
  if (comparison->a != bench_.session().document())
    comparison = withLayout(*comparison, DiffSide::A, bench_.session().document());
  const bool was_comparing = comparing();
  comparison_ = std::move(comparison);
  if (!was_comparing)
    saved_heat_ = bench_.canvas().heatMap();
  other_->setDark(bench_.canvas().dark());
  other_->setDocument(comparison_->b, false);
  column_b_->show();
  label_a_->show();
  splitter_->refresh();
  if (splitter_->width() > 0)
    splitter_->setSizes({splitter_->width() / 2, splitter_->width() / 2});
  changes_->setComparison(comparison_.get());
  pair_->setComparison(comparison_.get());
  pair_->showEntry(-1);
  bench_.raiseDock(changes_, 460);
  bench_.raiseDock(pair_dock_, 420);
  setOverlay(overlay_); // colours, ghosts, which canvases show, and the labels
  // A node selected before comparing stays in view, with its partner beside it; otherwise A is
  // fitted to its half and B follows.
  GraphView& canvas = bench_.canvas();
  const int selected = canvas.selectedItem();
  if (selected >= 0) {
    onItemSelected(DiffSide::A, selected);
    canvas.focusSelection();
  } else {
    canvas.fitToView();
  }
  follow(DiffSide::A);
  const ir::ClassCounts& counts = comparison_->diff.node_counts;
  bench_.showMessage(tr("Compared with %1: %2 same, %3 changed, %4 added, %5 removed")
                         .arg(QFileInfo(comparison_->b->path).fileName())
                         .arg(counts.same)
                         .arg(counts.changed)
                         .arg(counts.added)
                         .arg(counts.removed),
                     10000);
  updateActions();
}

void DiffWorkflow::exitCompare() {
  job_.cancel();
  run_job_.cancel();
  relayout_job_.cancel();
  if (!comparing())
    return;
  restoreColours();
  comparison_.reset();
  overlay_ = false;
  ghost_entries_.clear();
  other_->setDocument(nullptr, false);
  column_b_->hide();
  label_a_->hide();
  column_a_->show();
  changes_->setComparison(nullptr);
  pair_->setComparison(nullptr);
  changes_->hide();
  pair_dock_->hide();
  updateActions();
}

void DiffWorkflow::setOverlay(bool on) {
  overlay_ = on && comparing();
  if (!comparing()) {
    updateActions();
    return;
  }
  // The overlay is B's canvas alone: B holds what is same, changed and added, and A's removed
  // nodes come in as ghosts.
  const bool was_overlay = !column_a_->isVisibleTo(splitter_);
  column_a_->setVisible(!overlay_);
  splitter_->refresh();
  ghost_entries_.clear();
  other_->setGhostBoxes(overlay_ ? removedNodeGhosts(*comparison_, &ghost_entries_)
                                 : std::vector<render::GhostBox>{});
  applyColours();
  updateLabels();
  updateActions();
  // The canvas that took or gave up the whole width is fitted to it; A follows B back.
  if (overlay_ != was_overlay && overlay_) {
    if (other_->selectedItem() >= 0)
      other_->focusSelection();
    else
      other_->fitToView();
  }
  if (overlay_ != was_overlay && !overlay_) {
    if (splitter_->width() > 0)
      splitter_->setSizes({splitter_->width() / 2, splitter_->width() / 2});
    other_->fitToView();
  }
  if (!overlay_)
    follow(DiffSide::B);
}

void DiffWorkflow::applyColours() {
  if (!comparison_)
    return;
  bench_.canvas().setHeatMap(colourByChange(*comparison_, DiffSide::A));
  other_->setHeatMap(colourByChange(*comparison_, DiffSide::B, overlay_));
}

void DiffWorkflow::restoreColours() {
  // Unless something coloured A's canvas since (a colouring chosen while comparing).
  GraphView& canvas = bench_.canvas();
  const render::HeatMap mine = colourByChange(*comparison_, DiffSide::A);
  if (canvas.heatMap().legend && mine.legend &&
      canvas.heatMap().legend->title == mine.legend->title &&
      saved_heat_.fills.size() == canvas.heatMap().fills.size())
    canvas.setHeatMap(saved_heat_);
  else if (canvas.heatMap().legend && mine.legend &&
           canvas.heatMap().legend->title == mine.legend->title)
    canvas.setHeatMap({});
  saved_heat_ = {};
}

void DiffWorkflow::updateLabels() {
  if (!comparison_)
    return;
  const ir::ClassCounts& counts = comparison_->diff.node_counts;
  const QString tally = tr("%1 same \u00b7 %2 changed \u00b7 %3 added \u00b7 %4 removed")
                            .arg(counts.same)
                            .arg(counts.changed)
                            .arg(counts.added)
                            .arg(counts.removed);
  label_a_->setText(tr("<b>A</b>&nbsp; %1 &nbsp;<span style=\"color:gray\">(the open model)</span>")
                        .arg(sideTitle(*comparison_->a)));
  label_b_->setText(overlay_
                        ? tr("<b>Overlay</b>&nbsp; %1 against %2 &nbsp;<span "
                             "style=\"color:gray\">%3</span>")
                              .arg(sideTitle(*comparison_->b), sideTitle(*comparison_->a), tally)
                        : tr("<b>B</b>&nbsp; %1 &nbsp;<span style=\"color:gray\">%2</span>")
                              .arg(sideTitle(*comparison_->b), tally));
  label_a_->setToolTip(comparison_->a->path);
  label_b_->setToolTip(comparison_->b->path);
}

void DiffWorkflow::onDocumentChanged(bool new_content) {
  updateActions();
  if (!comparison_)
    return;
  if (new_content) {
    // Another model, or this one read again: the comparison was of the old one.
    exitCompare();
    bench_.showMessage(tr("Compare closed: the open model changed"), 6000);
    return;
  }
  // A relayout of A (a group opened): the same graph, drawn anew.
  comparison_ = withLayout(*comparison_, DiffSide::A, bench_.session().document());
  changes_->setComparison(comparison_.get());
  pair_->setComparison(comparison_.get());
  saved_heat_ = bench_.canvas().heatMap();
  applyColours();
}

void DiffWorkflow::onItemSelected(DiffSide side, int item) {
  if (!comparison_ || syncing_)
    return;
  const ModelDocument* document = canvasOf(side).document();
  if (!document || item < 0 || item >= static_cast<int>(document->diagram.items.size()))
    return;
  const layout::DiagramItem& selected = document->diagram.items[static_cast<size_t>(item)];
  if (selected.kind != layout::ItemKind::Op || selected.node < 0)
    return;
  const int entry = comparison_->entryOf(side, selected.node);
  if (entry < 0)
    return;
  syncing_ = true;
  selectOn(otherSide(side), entry, false);
  syncing_ = false;
  pair_->showEntry(entry);
  changes_->showEntry(entry);
}

void DiffWorkflow::selectOn(DiffSide side, int entry, bool focus) {
  const ir::NodeDifference& difference = comparison_->diff.nodes[static_cast<size_t>(entry)];
  const int node = comparison_->nodeOf(difference, side);
  if (side == DiffSide::A) {
    if (node < 0)
      return bench_.canvas().selectItem(-1, false);
    if (focus)
      bench_.revealAndZoom(node);
    else
      bench_.selectNode(node);
    return;
  }
  std::vector<render::GhostBox> ghosts = other_->ghostBoxes();
  for (size_t g = 0; g < ghosts.size(); ++g)
    ghosts[g].selected = ghost_entries_[g] == entry;
  if (!ghosts.empty())
    other_->setGhostBoxes(ghosts);
  if (node < 0) {
    other_->selectItem(-1, false);
    // A removed node in the overlay: its ghost.
    for (size_t g = 0; g < ghosts.size(); ++g)
      if (ghost_entries_[g] == entry && focus) {
        const QRectF& box = ghosts[g].box;
        other_->zoomToRect(
            {box.x() - box.width(), box.y() - 2 * box.height(), 3 * box.width(), 5 * box.height()});
      }
    return;
  }
  const ModelDocument& b = *comparison_->b;
  const int item = b.item_of_node[static_cast<size_t>(node)];
  other_->selectItem(item, true);
  if (item >= 0 &&
      b.diagram.items[static_cast<size_t>(item)].kind == layout::ItemKind::CollapsedGroup &&
      focus) {
    relayoutCompared(b.modules.group_of_node[static_cast<size_t>(node)], node);
    return;
  }
  if (focus)
    other_->focusSelection();
}

void DiffWorkflow::goToEntry(int entry) {
  if (!comparison_ || entry < 0 || static_cast<size_t>(entry) >= comparison_->diff.nodes.size())
    return;
  syncing_ = true;
  selectOn(DiffSide::A, entry, true);
  selectOn(DiffSide::B, entry, true);
  syncing_ = false;
  pair_->showEntry(entry);
  changes_->showEntry(entry);
}

void DiffWorkflow::relayoutCompared(int reveal_group, int select_node) {
  if (!comparison_)
    return;
  const std::shared_ptr<const ModelDocument> base = comparison_->b;
  layout::DiagramOptions options = base->options;
  for (int g = reveal_group; g >= 0; g = base->modules.groups[static_cast<size_t>(g)].parent) {
    options.collapsed_groups.erase(g);
    options.expanded_groups.insert(g);
  }
  pending_b_node_ = select_node;
  relayout_job_.start<std::shared_ptr<ModelDocument>>(
      [base, options](JobContext& context) {
        return relayoutDocument(*base, options, layoutControl(context));
      },
      [this](std::shared_ptr<ModelDocument> document) {
        if (!comparison_)
          return;
        comparison_ = withLayout(*comparison_, DiffSide::B, std::move(document));
        other_->setDocument(comparison_->b, true);
        if (overlay_) {
          ghost_entries_.clear();
          other_->setGhostBoxes(removedNodeGhosts(*comparison_, &ghost_entries_));
        }
        applyColours();
        const int node = std::exchange(pending_b_node_, -1);
        if (node >= 0) {
          syncing_ = true;
          other_->selectItem(comparison_->b->item_of_node[static_cast<size_t>(node)], true);
          other_->focusSelection();
          syncing_ = false;
        }
      });
}

void DiffWorkflow::follow(DiffSide from) {
  if (!comparison_ || syncing_ || overlay_)
    return;
  GraphView& source = canvasOf(from);
  GraphView& target = canvasOf(otherSide(from));
  const ModelDocument* shown = source.document();
  const ModelDocument* other = target.document();
  if (!shown || !other || !source.isVisible() || !target.isVisible())
    return;
  const QPointF centre = source.diagramPointAt(widgetCentre(source));
  // The paired node nearest the centre, and its partner.
  double nearest = std::numeric_limits<double>::infinity();
  QPointF anchor, partner_anchor;
  for (const layout::DiagramItem& item : shown->diagram.items) {
    if (item.kind != layout::ItemKind::Op || item.node < 0)
      continue;
    const QPointF at = centreOf(item.box);
    const QPointF d = at - centre;
    const double distance = d.x() * d.x() + d.y() * d.y();
    if (distance >= nearest)
      continue;
    const int partner = comparison_->partnerOf(from, item.node);
    if (partner < 0 || other->item_of_node[static_cast<size_t>(partner)] < 0)
      continue;
    nearest = distance;
    anchor = at;
    partner_anchor = centreOf(
        other->diagram.items[static_cast<size_t>(other->item_of_node[static_cast<size_t>(partner)])]
            .box);
  }
  QPointF point;
  if (std::isfinite(nearest)) {
    point = partner_anchor + (centre - anchor);
  } else {
    // Nothing paired: the same relative place in the other diagram.
    const layout::Rect& from_bounds = shown->diagram.bounds;
    const layout::Rect& to_bounds = other->diagram.bounds;
    const double rx = from_bounds.width > 0 ? (centre.x() - from_bounds.x) / from_bounds.width : 0;
    const double ry =
        from_bounds.height > 0 ? (centre.y() - from_bounds.y) / from_bounds.height : 0;
    point = QPointF(to_bounds.x + rx * to_bounds.width, to_bounds.y + ry * to_bounds.height);
  }
  syncing_ = true;
  target.showAt(source.zoom(), point, widgetCentre(target));
  syncing_ = false;
}

void DiffWorkflow::runBoth(const ir::VerdictRule& rule) {
  if (!comparison_) {
    last_error_ = tr("Compare with another model first (File > Compare With...)");
    bench_.showError(last_error_);
    emit runBothEnded();
    return;
  }
  last_error_.clear();
  const std::shared_ptr<const ModelComparison> comparison = comparison_;
  bench_.showMessage(tr("Running both models on the same inputs..."));
  run_job_.start<std::shared_ptr<const ModelComparison>>(
      [comparison, rule](JobContext& context) {
        return runComparedModels(
            *comparison, rule, context.cancelFlag(),
            [&context](size_t done, size_t total) { context.progress(done, total); });
      },
      [this, comparison](std::shared_ptr<const ModelComparison> result) {
        if (comparison_ == nullptr || comparison_->b != comparison->b ||
            generation_ != bench_.session().generation()) {
          emit runBothEnded();
          return;
        }
        auto next = std::make_shared<ModelComparison>(*comparison_); // today's layouts
        next->diff = result->diff;
        comparison_ = std::move(next);
        changes_->setComparison(comparison_.get());
        pair_->setComparison(comparison_.get());
        const ir::GraphDiff& diff = comparison_->diff;
        if (diff.first_divergence) {
          const ir::OutputDifference& first = diff.outputs[*diff.first_divergence];
          const ir::NodeDifference& entry = diff.nodes[first.entry];
          bench_.showMessage(
              tr("Run Both: %1 paired outputs compared; first divergence at %2 (%3)")
                  .arg(diff.outputs.size())
                  .arg(QString::fromStdString(
                      comparison_->b->model.graph.nodes[static_cast<size_t>(entry.b)].name))
                  .arg(QString::fromStdString(first.problem)),
              15000);
          goToEntry(static_cast<int>(first.entry));
        } else {
          bench_.showMessage(tr("Run Both: %1 paired outputs compared; every one passes (%2)")
                                 .arg(diff.outputs.size())
                                 .arg(QString::fromStdString(ir::ruleText(diff.rule))),
                             15000);
          pair_->showEntry(pair_->shownEntry());
        }
        emit runBothEnded();
      });
}

bool DiffWorkflow::eventFilter(QObject* watched, QEvent* event) {
  if (watched == other_ &&
      (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::PaletteChange))
    // View > Theme: the window darkens its canvas once the palette is in; this one follows.
    QTimer::singleShot(0, this, [this] { other_->setDark(bench_.canvas().dark()); });
  if (watched != other_ || !overlay_ || !comparison_)
    return QObject::eventFilter(watched, event);
  if (event->type() == QEvent::MouseButtonPress)
    press_at_ = static_cast<QMouseEvent*>(event)->position();
  if (event->type() != QEvent::MouseButtonRelease)
    return QObject::eventFilter(watched, event);
  const QPointF at = static_cast<QMouseEvent*>(event)->position();
  if ((at - press_at_).manhattanLength() > 3) // a drag, not a click
    return QObject::eventFilter(watched, event);
  const QPointF point = other_->diagramPointAt(at);
  const std::vector<render::GhostBox>& ghosts = other_->ghostBoxes();
  for (size_t g = 0; g < ghosts.size() && g < ghost_entries_.size(); ++g)
    if (ghosts[g].box.contains(point)) {
      // The canvas ends its drag as usual (clearing its selection); the ghost is chosen after.
      const int entry = ghost_entries_[g];
      QTimer::singleShot(0, this, [this, entry] {
        if (!comparison_ || static_cast<size_t>(entry) >= comparison_->diff.nodes.size())
          return;
        syncing_ = true;
        selectOn(DiffSide::A, entry, false);
        selectOn(DiffSide::B, entry, false);
        syncing_ = false;
        pair_->showEntry(entry);
        changes_->showEntry(entry);
      });
      break;
    }
  return QObject::eventFilter(watched, event);
}

void DiffWorkflow::stop() {
  job_.cancelAndWait();
  run_job_.cancelAndWait();
  relayout_job_.cancelAndWait();
}

} // namespace irscope::app
