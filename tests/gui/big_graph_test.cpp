// Big graphs in the window (issue 21): what the canvas opens on and what Fit does with a tall
// graph, the overview and the colour legend, stubs that lead to their value's producer, the
// producer's readers in Properties, the Shared-Value Stubs option, a tiled PDF from File >
// Export, and the docks' columns. Drives the real window on the offscreen platform.
#include "gui/app/document_workflow.h"
#include "gui/app/export_workflow.h"
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/model_document.h"
#include "gui/app/modules_dock.h"
#include "gui/app/operators_dock.h"
#include "gui/app/page_setup_dialog.h"
#include "gui/app/properties_panel.h"
#include "gui/app/weights_dock.h"
#include "gui/render/diagram_painter.h"
#include "io/torch_ir_writer.h"
#include "layout/default_view.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_models.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <memory>

using irscope::app::GraphView;
using irscope::app::MainWindow;
using irscope::app::ModelDocument;
namespace layout = irscope::layout;

namespace {

// A document as the window builds one, from a synthetic decoder (tests/support/graph_builder.h),
// with every group open or as the model opens.
std::shared_ptr<ModelDocument> decoderDocument(size_t layers, bool expanded,
                                               int collapse_depth = 0) {
  const irscope::testing::TestModel model = irscope::testing::decoderModel(layers);
  auto document = std::make_shared<ModelDocument>();
  document->path = QStringLiteral("decoder.json");
  document->model.graph = model.graph;
  document->model.topology = model.topology;
  document->modules = model.modules;
  document->options =
      expanded ? layout::DiagramOptions{}
               : layout::defaultDiagramOptions(document->model.graph, &document->modules);
  if (collapse_depth > 0) {
    document->options.collapse_depth = collapse_depth;
    document->options.expanded_groups.clear();
  }
  document->diagram = layout::buildDiagram(document->model.graph, document->model.topology,
                                           document->modules, document->options);
  irscope::app::indexItems(*document);
  return document;
}

QString writeDecoder(const QTemporaryDir& dir, size_t layers) {
  const QString path = dir.filePath(QString("decoder%1.json").arg(layers));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return {};
  file.write(QByteArray::fromStdString(
      irscope::io::writeTorchIrJson(irscope::testing::makeDecoderLikeGraph(layers))));
  return path;
}

bool openAndWait(MainWindow& window, const QString& path) {
  QSignalSpy changed(&window, &MainWindow::documentChanged);
  window.documentWorkflow().openFile(path);
  return changed.wait(30000) && !window.documentWorkflow().loading();
}

QSizeF paintedSize(const GraphView& view) {
  irscope::render::PaintOptions options;
  options.heat_legend = view.heatMap().legend;
  return irscope::render::paintedSize(view.document()->diagram, options);
}

int itemOfKind(const ModelDocument& document, layout::ItemKind kind, int skip = 0) {
  const auto& items = document.diagram.items;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].kind == kind && skip-- == 0)
      return static_cast<int>(i);
  return -1;
}

QAction* actionNamed(QWidget& window, const QString& text) {
  for (QAction* action : window.findChildren<QAction*>())
    if (action->text() == text)
      return action;
  return nullptr;
}

QTreeWidgetItem* rowNamed(const irscope::app::PropertiesPanel& panel, const QString& key) {
  const auto rows = panel.tree()->findItems(key, Qt::MatchExactly | Qt::MatchRecursive, 0);
  return rows.isEmpty() ? nullptr : rows.first();
}

irscope::render::HeatMap aLegend(const ModelDocument& document) {
  irscope::render::HeatMap heat;
  heat.fills.assign(document.diagram.items.size(), QColor());
  irscope::render::HeatLegend legend;
  legend.title = QStringLiteral("max |x|");
  legend.any_value = true;
  legend.low = 0.001;
  legend.high = 12.5;
  legend.non_finite = true;
  heat.legend = legend;
  return heat;
}

} // namespace

class BigGraphTest : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings_dir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir_.path());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("IRSCOPE_NO_DISK_CACHE", "1");
  }

  void init() { QSettings().clear(); }

  void fitFitsTheWidthOfATallGraphFromItsTop() {
    GraphView view;
    view.resize(600, 700);
    view.show();
    view.setDocument(decoderDocument(48, true), false);
    const QSizeF size = paintedSize(view);
    QVERIFY2(size.height() > 10 * size.width(), "the expanded decoder is a tall graph");
    QVERIFY2(size.width() * 2 > 600, "wider than the canvas at Fit's largest zoom");
    view.zoomBy(0.3, QPointF(300, 350)); // the user zooms out and pans away
    view.centerOn(QPointF(size.width() / 2, size.height() / 2));
    view.fitToView();
    // The width fills the canvas (with Fit's 5% margin); the top of the graph is at the top.
    QCOMPARE(qRound(size.width() * view.zoom()), qRound(600 * 0.95));
    QCOMPARE(view.offset().y(), 0.0);
    QCOMPARE(view.visiblePaintedRect().top(), 0.0);
    // Readable: text is drawn from 35%.
    QVERIFY(view.zoom() >= 0.35);
  }

  void theViewNeverOpensPastFullSize() {
    GraphView view;
    view.resize(1400, 1000);
    view.show();
    // A small graph that Fit enlarges...
    view.setDocument(decoderDocument(1, false), false);
    QCOMPARE(view.zoom(), 1.0);
    view.fitToView();
    QVERIFY2(view.zoom() > 1.0, "Fit enlarges a small graph");
    QVERIFY(view.zoom() <= 2.0);
    // ... opens at 100%, also after the canvas changes size before the user touches it.
    view.setDocument(decoderDocument(1, false), false);
    view.resize(1600, 1100);
    QCOMPARE(view.zoom(), 1.0);
    // A tall one opens at 100% on its top, centred across.
    view.setDocument(decoderDocument(48, false), false);
    QVERIFY(view.zoom() <= 1.0);
    QCOMPARE(view.visiblePaintedRect().top(), 0.0);
    // Once the user zooms, a resize keeps the zoom.
    view.zoomBy(0.5, QPointF(100, 100));
    const double zoomed = view.zoom();
    view.resize(1200, 900);
    QCOMPARE(view.zoom(), zoomed);
  }

  void theOverviewOfATallGraphKeepsAUsableWidthAndShowsWhereItIs() {
    GraphView view;
    view.resize(1000, 700);
    view.show();
    view.setDocument(decoderDocument(48, true), false);
    const QRectF minimap = view.minimapRect();
    QVERIFY2(minimap.width() >= 120, qPrintable(QString::number(minimap.width())));
    QVERIFY(minimap.height() <= 320);
    QVERIFY(minimap.bottom() <= view.height() && minimap.right() <= view.width());
    // The strip beside it stands for the whole height.
    const QRectF strip = view.scaleStripRect();
    QVERIFY(!strip.isEmpty());
    QCOMPARE(strip.height(), minimap.height());
    QVERIFY(strip.right() < minimap.left());
    // A click at the strip's bottom goes to the bottom of the graph.
    QTest::mouseClick(&view, Qt::LeftButton, {},
                      QPointF(strip.center().x(), strip.bottom() - 1).toPoint());
    const QRectF visible = view.visiblePaintedRect();
    QVERIFY2(visible.bottom() > paintedSize(view).height() * 0.9,
             qPrintable(QString::number(visible.bottom())));
    // A short graph (the layers as one box) fits the view: an overview would show nothing more,
    // so there is none, and no strip.
    view.setDocument(decoderDocument(48, false, 1), false);
    QVERIFY(view.scaleStripRect().isEmpty());
    QVERIFY(view.minimapRect().isEmpty());
    // Nor on a canvas too narrow to hold one beside the graph (a side of a comparison).
    view.setDocument(decoderDocument(48, true), false);
    view.resize(300, 700);
    QVERIFY(view.minimapRect().isEmpty());
  }

  void theLegendSitsWhereNoBoxIsAndFoldsToItsTitle() {
    GraphView view;
    view.resize(1000, 700);
    view.show();
    // As the decoder opens: a column of layers down the middle, scrolled past its header.
    const auto document = decoderDocument(48, false);
    view.setDocument(document, false);
    view.setHeatMap(aLegend(*document));
    view.centerOn(
        QPointF(document->diagram.bounds.center().x, document->diagram.bounds.center().y));
    const QRectF legend = view.floatingLegendRect();
    QVERIFY(!legend.isEmpty());
    QVERIFY(!legend.intersects(view.minimapRect()));
    // No box under it.
    for (size_t i = 0; i < document->diagram.items.size(); ++i)
      QVERIFY2(!view.itemRectOnScreen(static_cast<int>(i)).intersects(legend),
               qPrintable(QString::fromStdString(document->diagram.items[i].lines.front())));
    // Not a band across the canvas.
    QVERIFY(legend.width() < view.width() / 2);
    // A click folds it to its title, remembered for the next window.
    QTest::mouseClick(&view, Qt::LeftButton, {}, legend.center().toPoint());
    QVERIFY(view.legendCollapsed());
    QVERIFY(view.floatingLegendRect().height() < legend.height());
    QVERIFY(QSettings().value("view/legendCollapsed").toBool());
    GraphView next;
    QVERIFY(next.legendCollapsed());
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.floatingLegendRect().center().toPoint());
    QVERIFY(!view.legendCollapsed());
  }

  void theLegendKeepsOffTheHeadersTextAndFoldsWhereThereIsNoRoom() {
    // One side of a comparison: a narrow canvas on a graph opened at its top, where the
    // header's legend is on screen but too small to read, so the legend floats too. It went
    // to the top-right corner, over the diagram's title and legend.
    GraphView view;
    view.resize(420, 760);
    view.show();
    const auto document = decoderDocument(4, false);
    view.setDocument(document, false);
    view.setHeatMap(aLegend(*document));
    const QRectF legend = view.floatingLegendRect();
    QVERIFY(!legend.isEmpty());
    const QRectF header = view.headerRectOnScreen();
    QVERIFY(header.intersects(view.rect()));
    QVERIFY2(!legend.intersects(header), qPrintable(QString("legend %1,%2 %3x%4, header to y %5")
                                                        .arg(legend.x())
                                                        .arg(legend.y())
                                                        .arg(legend.width())
                                                        .arg(legend.height())
                                                        .arg(header.bottom())));
    // A tall graph fits the canvas's width, so no place is free of boxes here: the legend
    // takes one that hides only the edge of one box.
    QStringList under;
    for (size_t i = 0; i < document->diagram.items.size(); ++i) {
      const QRectF box = view.itemRectOnScreen(static_cast<int>(i));
      if (box.intersects(legend))
        under << QString("%1 (%2 px)")
                     .arg(QString::fromStdString(document->diagram.items[i].lines.front()))
                     .arg(box.intersected(legend).width() * box.intersected(legend).height());
    }
    QVERIFY2(under.size() <= 1, qPrintable(under.join(", ")));
    // With no room for all of it, it is folded to its title, which a click opens anyway (for
    // this window, without changing the remembered choice).
    QVERIFY(view.legendFolded());
    QVERIFY(!view.legendCollapsed());
    QTest::mouseClick(&view, Qt::LeftButton, {}, legend.center().toPoint());
    QVERIFY(!view.legendFolded());
    QVERIFY(view.floatingLegendRect().height() > legend.height());
    QVERIFY(!QSettings().value("view/legendCollapsed").toBool());
  }

  void clickingAStubSelectsTheProducerAndPropertiesListItsReadersByLayer() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QTemporaryDir dir;
    QVERIFY(openAndWait(window, writeDecoder(dir, 8)));
    const ModelDocument& document = *window.document();
    const int stub = itemOfKind(document, layout::ItemKind::Stub, 3);
    QVERIFY2(stub >= 0, "memory is drawn as stubs");
    const int producer = document.diagram.items[stub].source;
    QCOMPARE(document.diagram.items[producer].kind, layout::ItemKind::GraphInput);
    GraphView& view = *window.view();
    view.centerOn(QPointF(document.diagram.items[stub].box.center().x,
                          document.diagram.items[stub].box.center().y));
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.itemRectOnScreen(stub).center().toPoint());
    QCOMPARE(view.selectedItem(), producer);
    // ... and goes there.
    QVERIFY(view.rect().contains(view.itemRectOnScreen(producer).toRect()));
    // Properties: memory and who reads it, layer by layer (q/k/v of one layer count once).
    const auto& panel = *window.properties();
    QCOMPARE(rowNamed(panel, "name")->text(1), QString("memory"));
    QTreeWidgetItem* consumers = rowNamed(panel, "consumers");
    QVERIFY(consumers);
    QCOMPARE(consumers->text(1), QString("16 in 8 groups"));
    QCOMPARE(consumers->childCount(), 8);
    QCOMPARE(consumers->child(3)->text(0), QString("layers.3"));
    QCOMPARE(consumers->child(3)->text(1), QString("l3_multihead_attn_k, l3_multihead_attn_v"));
    // A reader is a click away.
    QTreeWidgetItem* reader = consumers->child(3)->child(1);
    emit panel.tree()->itemClicked(reader, 1);
    QCOMPARE(panel.shownNode(),
             static_cast<int>(document.model.topology.node_by_name.at("l3_multihead_attn_v")));
    // --select takes a graph input's name too.
    QVERIFY(window.selectNodeByName("memory"));
    QCOMPARE(view.selectedItem(), producer);
    QCOMPARE(rowNamed(panel, "name")->text(1), QString("memory"));
    QVERIFY(!window.selectNodeByName("no_such_value"));
  }

  void sharedValueStubsCanBeTurnedOffAndTheChoiceIsRemembered() {
    QTemporaryDir dir;
    const QString path = writeDecoder(dir, 6);
    {
      MainWindow window;
      window.show();
      QVERIFY(openAndWait(window, path));
      QAction* stubs = actionNamed(window, "Shared-Value &Stubs");
      QVERIFY(stubs);
      QVERIFY(stubs->isChecked());
      QVERIFY(itemOfKind(*window.document(), layout::ItemKind::Stub) >= 0);
      QSignalSpy changed(&window, &MainWindow::documentChanged);
      stubs->trigger();
      QVERIFY(changed.wait(30000));
      QCOMPARE(itemOfKind(*window.document(), layout::ItemKind::Stub), -1);
      QVERIFY(!window.document()->options.stubs);
      QCOMPARE(QSettings().value("view/stubs").toBool(), false);
    }
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, path));
    QVERIFY(!actionNamed(window, "Shared-Value &Stubs")->isChecked());
    QCOMPARE(itemOfKind(*window.document(), layout::ItemKind::Stub), -1);
  }

  void exportsATiledA4PdfInTheBackground() {
    MainWindow window;
    window.show();
    QTemporaryDir dir;
    QVERIFY(openAndWait(window, writeDecoder(dir, 12)));
    // Every group open: far taller than a page.
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    actionNamed(window, "&Expand All Groups")->trigger();
    QVERIFY(changed.wait(30000));
    irscope::render::PageSetup a4;
    a4.tile = true;
    // The page setup says what it will give before anything is written.
    irscope::app::PageSetupDialog dialog(window.document()->diagram,
                                         window.exportWorkflow().exportOptions(false), a4);
    QVERIFY2(dialog.planText().contains("A4 pages: an overview"), qPrintable(dialog.planText()));
    QCOMPARE(dialog.pageSetup()->tile, true);
    dialog.paper()->setCurrentIndex(0);
    QVERIFY(!dialog.pageSetup());
    QVERIFY(!dialog.tile()->isEnabled());

    const QString pdf = dir.filePath("decoder.pdf");
    QSignalSpy ended(&window.exportWorkflow(), &irscope::app::ExportWorkflow::exportEnded);
    window.exportWorkflow().startExport(pdf, false, a4);
    QVERIFY(ended.wait(60000));
    QCOMPARE(ended.first().first().toBool(), true);
    QProcess info;
    info.start("pdfinfo", {"-f", "1", "-l", "2", pdf});
    QVERIFY(info.waitForFinished(30000));
    const QString text = QString::fromUtf8(info.readAllStandardOutput());
    // A4 is 595 x 842 pt; an overview and at least two tiles.
    QVERIFY2(text.contains(QRegularExpression("Page +1 size: +595 x 842")), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression("Page +2 size: +595 x 842")), qPrintable(text));
    const QRegularExpression pages("Pages:\\s+(\\d+)");
    const auto match = pages.match(text);
    QVERIFY(match.hasMatch());
    QVERIFY2(match.captured(1).toInt() >= 3, qPrintable(text));
    // Written whole or not at all: no temporary file is left beside it.
    QCOMPARE(QDir(dir.path()).entryList({"decoder.pdf*"}).size(), 1);
  }

  void theCanvasTakesMostOfTheWindowWhenAModelOpens() {
    // The README's first command opens resnet18 on a fresh machine: the docks had grown to
    // 540 px each side of a 1400 px window, leaving the graph a 280 px strip.
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(openAndWait(window, QStringLiteral(IRSCOPE_TEST_DATA_DIR "/../../resources/examples/"
                                                                     "resnet18.json")));
    QTest::qWait(50);
    const int canvas = window.view()->width();
    QVERIFY2(canvas >= window.width() / 2,
             qPrintable(QString("canvas %1 px of %2: modules %3, weights %4")
                            .arg(canvas)
                            .arg(window.width())
                            .arg(window.modulesDock()->width())
                            .arg(window.weightsDock()->width())));
  }

  void docksOpenWithTheirKeyColumnsAndWholeNamesInTooltips() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(openAndWait(window,
                        QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/TransformerBlock.json")));
    window.operatorsDock()->raise();
    QTest::qWait(50);
    QTreeWidget* ops = window.operatorsDock()->findChild<QTreeWidget*>();
    QVERIFY(ops);
    // Op, Count and Configs in view at the dock's opening width.
    const int shown = ops->viewport()->width();
    const int needed = ops->columnWidth(0) + ops->columnWidth(1) + ops->columnWidth(2);
    QVERIFY2(needed <= shown, qPrintable(QString("%1 > %2").arg(needed).arg(shown)));

    // Weights: the name readable with its shape beside it, and whole in its tooltip.
    QTableWidget* weights = window.weightsTable();
    QVERIFY(weights->rowCount() > 10);
    QVERIFY(weights->columnWidth(0) >= 170);
    QVERIFY(weights->columnWidth(0) + weights->columnWidth(1) <= weights->viewport()->width());
    for (int row = 0; row < weights->rowCount(); ++row)
      QCOMPARE(weights->item(row, 0)->toolTip(), weights->item(row, 0)->text());
  }

private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(BigGraphTest)
#include "big_graph_test.moc"
