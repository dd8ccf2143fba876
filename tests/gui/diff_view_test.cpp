// The comparison view of the real main window (File > Compare With...), on the offscreen
// platform: DeepResNet against edited copies whose answer is known.
#include "gui/app/changes_dock.h"
#include "gui/app/diff_workflow.h"
#include "gui/app/document_workflow.h"
#include "gui/app/export_workflow.h"
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/pair_properties.h"
#include "gui/app/properties_panel.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "io/torch_ir_writer.h"

#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <cstring>

using irscope::app::DiffWorkflow;
using irscope::app::MainWindow;

namespace {

const QString kDataDir = QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/");

QString fixture(const QString& name) {
  return kDataDir + name + ".json";
}

irscope::ir::Graph deepResNet() {
  return irscope::io::readTorchIrFile(fixture("DeepResNet").toStdString());
}

int indexOf(const irscope::ir::Graph& graph, const std::string& name) {
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    if (graph.nodes[n].name == name)
      return static_cast<int>(n);
  return -1;
}

// Every node renamed, as another exporter's numbering would name them.
irscope::ir::Graph renamed(irscope::ir::Graph graph) {
  std::set<std::string> names;
  for (const auto& node : graph.nodes)
    names.insert(node.name);
  auto fix = [&](irscope::ir::Tensor& tensor) {
    if (tensor.producer_node && names.count(*tensor.producer_node))
      tensor.producer_node = "other_" + *tensor.producer_node;
    if (names.count(tensor.name))
      tensor.name = "other_" + tensor.name;
  };
  for (auto& node : graph.nodes) {
    node.name = "other_" + node.name;
    for (auto& tensor : node.inputs)
      fix(tensor);
    for (auto& tensor : node.outputs)
      fix(tensor);
  }
  for (auto& tensor : graph.outputs)
    fix(tensor);
  return graph;
}

// The node removed, its consumers reading what it read.
irscope::ir::Graph withoutNode(irscope::ir::Graph graph, const std::string& name) {
  const int removed = indexOf(graph, name);
  const irscope::ir::Tensor input = graph.nodes[static_cast<size_t>(removed)].inputs[0];
  for (auto& node : graph.nodes)
    for (auto& tensor : node.inputs)
      if (tensor.producer_node && *tensor.producer_node == name)
        tensor = input;
  graph.nodes.erase(graph.nodes.begin() + removed);
  return graph;
}

QString write(const QTemporaryDir& dir, const QString& name, const irscope::ir::Graph& graph) {
  const QString path = dir.filePath(name);
  irscope::io::writeTorchIrFile(graph, path.toStdString());
  return path;
}

bool openAndWait(MainWindow& window, const QString& path) {
  QSignalSpy changed(&window, &MainWindow::documentChanged);
  window.documentWorkflow().openFile(path);
  return changed.wait(30000) && !window.documentWorkflow().loading();
}

bool compareAndWait(MainWindow& window, const QString& path) {
  QSignalSpy ended(&window.diffWorkflow(), &DiffWorkflow::compareEnded);
  window.diffWorkflow().compareWith(path);
  return ended.wait(30000);
}

int itemOfNode(const irscope::app::GraphView& view, const std::string& name) {
  const auto* document = view.document();
  const int node = document->model.topology.node_by_name.at(name);
  return document->item_of_node[static_cast<size_t>(node)];
}

QPointF boxCentre(const irscope::app::GraphView& view, int item) {
  const auto& box = view.document()->diagram.items[static_cast<size_t>(item)].box;
  return QPointF(box.x + box.width / 2, box.y + box.height / 2);
}

// Amber, green, red and grey as a person tells them apart: by hue and saturation.
bool isAmber(const QColor& color) {
  return color.isValid() && color.hsvHue() >= 30 && color.hsvHue() <= 50 &&
         color.hsvSaturation() > 150;
}
bool isGrey(const QColor& color) {
  return color.isValid() && color.hsvSaturation() < 40;
}
bool isRedPixel(QRgb pixel) {
  const QColor color(pixel);
  return (color.hsvHue() <= 12 || color.hsvHue() >= 350) && color.hsvSaturation() > 110 &&
         color.value() > 150;
}

} // namespace

class DiffViewTest : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings_dir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir_.path());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("IRSCOPE_NO_DISK_CACHE", "1");
  }

  void onePaddingChangedListsExactlyThatNode() {
    QTemporaryDir dir;
    irscope::ir::Graph edited = deepResNet();
    edited.nodes[3].attrs["padding"] = irscope::Json::array({5, 5});
    const std::string target = edited.nodes[3].name;
    const QString b = write(dir, "edited.json", edited);
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, b));
    DiffWorkflow& diff = window.diffWorkflow();
    QVERIFY2(diff.comparing(), qPrintable(diff.lastError()));
    QVERIFY(diff.comparedCanvas().isVisible());
    QVERIFY(window.view()->isVisible());
    // The Changes dock lists one change, that conv, on both sides.
    const std::vector<int> listed = diff.changesDock()->listedEntries();
    QCOMPARE(listed.size(), size_t{1});
    QTreeWidgetItem* row = diff.changesDock()->tree()->topLevelItem(0)->child(0);
    QCOMPARE(row->text(0), QString("changed"));
    QCOMPARE(row->text(1), QString::fromStdString(target));
    QCOMPARE(row->text(2), QString::fromStdString(target));
    QVERIFY2(row->text(3).contains("attrs.padding: [1,1]"), qPrintable(row->text(3)));
    QVERIFY(diff.changesDock()->isVisible());
    // Filtered by class: without the changed ones, nothing is left.
    diff.changesDock()->setClassShown(irscope::ir::ChangeClass::Changed, false);
    QVERIFY(diff.changesDock()->listedEntries().empty());
    diff.changesDock()->setClassShown(irscope::ir::ChangeClass::Added, false);
    diff.changesDock()->setClassShown(irscope::ir::ChangeClass::Changed, true);
    QCOMPARE(diff.changesDock()->listedEntries(), listed);
    row = diff.changesDock()->tree()->topLevelItem(0)->child(0);
    // Choosing it selects it on both sides, and Pair Properties marks the padding only.
    emit diff.changesDock()->tree()->itemClicked(row, 0);
    QCOMPARE(window.view()->selectedItem(), itemOfNode(*window.view(), target));
    QCOMPARE(diff.comparedCanvas().selectedItem(), itemOfNode(diff.comparedCanvas(), target));
    QTreeWidget* pair = diff.pairProperties().tree();
    const auto padding = pair->findItems("padding", Qt::MatchExactly | Qt::MatchRecursive, 0);
    QCOMPARE(padding.size(), 1);
    QCOMPARE(padding.first()->text(1), QString("[1,1]"));
    QCOMPARE(padding.first()->text(2), QString("[5,5]"));
    QVERIFY(padding.first()->data(0, irscope::app::PairProperties::kDiffersRole).toBool());
    const auto stride = pair->findItems("stride", Qt::MatchExactly | Qt::MatchRecursive, 0);
    QCOMPARE(stride.size(), 1);
    QVERIFY(!stride.first()->data(0, irscope::app::PairProperties::kDiffersRole).toBool());
    // The changed conv is amber on both canvases, the others grey.
    const int a_item = itemOfNode(*window.view(), target);
    QVERIFY(isAmber(window.view()->heatMap().fills[static_cast<size_t>(a_item)]));
    QVERIFY(isGrey(window.view()->heatMap().fills[static_cast<size_t>(
        itemOfNode(*window.view(), edited.nodes[0].name))]));
  }

  void selectingANodeSelectsItsPartnerOnTheOtherSide() {
    QTemporaryDir dir;
    const QString b = write(dir, "renamed.json", renamed(deepResNet()));
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, b));
    DiffWorkflow& diff = window.diffWorkflow();
    QVERIFY(diff.comparing());
    QVERIFY(diff.changesDock()->listedEntries().empty()); // renamed is the same
    irscope::app::GraphView& other = diff.comparedCanvas();
    // A to B.
    window.selectNode(window.document()->model.topology.node_by_name.at("conv2d_3"));
    QCOMPARE(other.selectedItem(), itemOfNode(other, "other_conv2d_3"));
    // B to A, with A's Properties following.
    other.selectItem(itemOfNode(other, "other_relu_2"), true);
    QCOMPARE(window.view()->selectedItem(), itemOfNode(*window.view(), "relu_2"));
    QCOMPARE(window.properties()->shownNode(),
             window.document()->model.topology.node_by_name.at("relu_2"));
    QCOMPARE(diff.pairProperties().tree()->topLevelItem(2)->text(1), QString("relu_2"));
    QCOMPARE(diff.pairProperties().tree()->topLevelItem(2)->text(2), QString("other_relu_2"));
  }

  void panningOrZoomingOneCanvasMovesTheOther() {
    QTemporaryDir dir;
    const QString b = write(dir, "renamed.json", renamed(deepResNet()));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, b));
    irscope::app::GraphView& a = *window.view();
    irscope::app::GraphView& other = window.diffWorkflow().comparedCanvas();
    const QPointF centre_a(a.width() / 2.0, a.height() / 2.0);
    const QPointF centre_b(other.width() / 2.0, other.height() / 2.0);
    for (const char* name : {"batch_norm_5", "add_2", "conv2d"}) {
      // A centred on a node: B centred on its partner, at A's zoom.
      a.zoomBy(1.3, centre_a);
      a.centerOn(boxCentre(a, itemOfNode(a, name)));
      QCOMPARE(other.zoom(), a.zoom());
      const QPointF shown = other.diagramPointAt(centre_b);
      const QPointF partner = boxCentre(other, itemOfNode(other, std::string("other_") + name));
      QVERIFY2(std::abs(shown.x() - partner.x()) < 1 && std::abs(shown.y() - partner.y()) < 1,
               name);
    }
    // And back: a drag-free pan of B by the keys moves A by the same amount.
    const QPointF before = a.diagramPointAt(centre_a);
    QTest::keyClick(&other, Qt::Key_Down);
    const QPointF after = a.diagramPointAt(centre_a);
    QVERIFY2(after.y() > before.y() + 1, "A did not follow B");
  }

  void theOverlayColoursTheChangeAmberAndDrawsTheRemovedNodesGhost() {
    QTemporaryDir dir;
    irscope::ir::Graph edited = withoutNode(deepResNet(), "relu_1");
    edited.nodes[3].attrs["padding"] = irscope::Json::array({5, 5});
    const QString b = write(dir, "edited.json", edited);
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, b));
    DiffWorkflow& diff = window.diffWorkflow();
    QVERIFY(diff.comparing());
    QCOMPARE(diff.comparison()->diff.node_counts.changed, size_t{1});
    QCOMPARE(diff.comparison()->diff.node_counts.removed, size_t{1});
    irscope::app::GraphView& other = diff.comparedCanvas();
    QVERIFY(other.ghostBoxes().empty()); // side by side, the removed node is on A's canvas

    diff.setOverlay(true);
    QVERIFY(!window.view()->isVisible());
    QVERIFY(other.isVisible());
    const int changed = itemOfNode(other, "conv2d_1");
    QVERIFY(isAmber(other.heatMap().fills[static_cast<size_t>(changed)]));
    QVERIFY(isGrey(other.heatMap().fills[static_cast<size_t>(itemOfNode(other, "conv2d_2"))]));
    QVERIFY(other.heatMap().legend.has_value());
    QCOMPARE(other.heatMap().legend->swatches.size(), size_t{4}); // same, changed, added, ghosts
    // One ghost, for relu_1, between batch_norm_1 and conv2d_2 and clear of every box.
    QCOMPARE(other.ghostBoxes().size(), size_t{1});
    const irscope::render::GhostBox ghost = other.ghostBoxes().front();
    QCOMPARE(ghost.detail, QString("relu_1"));
    const auto& producer =
        other.document()->diagram.items[static_cast<size_t>(itemOfNode(other, "batch_norm_1"))];
    const auto& consumer =
        other.document()->diagram.items[static_cast<size_t>(itemOfNode(other, "conv2d_2"))];
    QVERIFY(ghost.box.center().y() >= producer.box.y + producer.box.height);
    QVERIFY(ghost.box.center().y() <= consumer.box.y);
    for (const auto& item : other.document()->diagram.items)
      QVERIFY(
          !ghost.box.intersects(QRectF(item.box.x, item.box.y, item.box.width, item.box.height)));
    // An export draws what the overlay shows: B with its colours and the ghost, not the
    // hidden canvas of A (it drew A's side, and no ghost).
    QString error;
    const QString exported = dir.filePath("overlay.svg");
    QVERIFY2(window.exportWorkflow().exportTo(exported, &error), qPrintable(error));
    QFile svg(exported);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QString drawn = QString::fromUtf8(svg.readAll());
    QVERIFY(drawn.contains(">relu_1</text>"));
    QVERIFY(!drawn.contains("A side"));
    // It is painted: red dashes inside its box on screen, where nothing was red before.
    other.showAt(1.0, ghost.box.center(), QPointF(other.width() / 2.0, other.height() / 2.0));
    const QRectF on_screen(QPointF(other.width() / 2.0, other.height() / 2.0) -
                               QPointF(ghost.box.width() / 2, ghost.box.height() / 2),
                           ghost.box.size());
    auto redIn = [&](const QImage& image) {
      int red = 0;
      for (int y = int(on_screen.top()); y <= int(on_screen.bottom()); ++y)
        for (int x = int(on_screen.left()); x <= int(on_screen.right()); ++x)
          red += isRedPixel(image.pixel(x, y)) ? 1 : 0;
      return red;
    };
    const int with_ghost = redIn(other.grab().toImage());
    // Clicking the ghost chooses relu_1: Pair Properties show it, A's side only.
    QTest::mouseClick(&other, Qt::LeftButton, {}, on_screen.center().toPoint());
    QTRY_COMPARE(diff.pairProperties().shownEntry() >= 0, true);
    QCOMPARE(diff.pairProperties().tree()->topLevelItem(1)->text(0), QString("name"));
    QCOMPARE(diff.pairProperties().tree()->topLevelItem(1)->text(1), QString("relu_1"));
    QVERIFY(other.ghostBoxes().front().selected);
    diff.setOverlay(false);
    QVERIFY(window.view()->isVisible());
    other.showAt(1.0, ghost.box.center(), QPointF(other.width() / 2.0, other.height() / 2.0));
    const int without = redIn(other.grab().toImage());
    QVERIFY2(with_ghost > 20 && without == 0,
             qPrintable(
                 QString("%1 red pixels with the ghost, %2 without").arg(with_ghost).arg(without)));
    // Choosing the removed node in the Changes dock selects it on A.
    const auto& nodes = diff.comparison()->diff.nodes;
    for (size_t e = 0; e < nodes.size(); ++e)
      if (nodes[e].change == irscope::ir::ChangeClass::Removed)
        diff.goToEntry(static_cast<int>(e));
    QCOMPARE(window.view()->selectedItem(), itemOfNode(*window.view(), "relu_1"));
    QCOMPARE(other.selectedItem(), -1);
  }

  void aBadSecondFileIsOneErrorLineAndTheModelStays() {
    QTemporaryDir dir;
    const QString broken = dir.filePath("broken.json");
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"nodes\": [");
    file.close();
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, broken));
    DiffWorkflow& diff = window.diffWorkflow();
    QVERIFY(!diff.comparing());
    QVERIFY(!diff.comparedCanvas().isVisible());
    QVERIFY(!window.lastError().isEmpty());
    QVERIFY2(window.lastError().contains("broken.json"), qPrintable(window.lastError()));
    QVERIFY2(!window.lastError().contains('\n'), qPrintable(window.lastError()));
    QCOMPARE(window.document()->nodeCount(), 27);
    QVERIFY(window.view()->isVisible());
  }

  void exitCompareReturnsToOneCanvasAndTheModelsColours() {
    QTemporaryDir dir;
    const QString b = write(dir, "renamed.json", renamed(deepResNet()));
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(window.view()->heatMap().fills.empty());
    QVERIFY(compareAndWait(window, b));
    QVERIFY(!window.view()->heatMap().fills.empty());
    // The compared canvas takes the window's theme, also when it changes while comparing.
    window.applyTheme("dark");
    QTRY_VERIFY(window.diffWorkflow().comparedCanvas().dark());
    window.applyTheme("light");
    QTRY_VERIFY(!window.diffWorkflow().comparedCanvas().dark());
    window.diffWorkflow().exitCompare();
    QVERIFY(!window.diffWorkflow().comparing());
    QVERIFY(!window.diffWorkflow().comparedCanvas().isVisible());
    QVERIFY(window.view()->isVisible());
    QVERIFY(window.view()->heatMap().fills.empty());
    QVERIFY(!window.diffWorkflow().changesDock()->isVisible());
    // Opening another model while comparing ends the comparison too.
    QVERIFY(compareAndWait(window, b));
    QVERIFY(window.diffWorkflow().comparing());
    QVERIFY(openAndWait(window, fixture("SelfAttention")));
    QVERIFY(!window.diffWorkflow().comparing());
  }

  void runBothNamesThePairWhereAPerturbedWeightIsRead() {
    QTemporaryDir dir;
    // B: DeepResNet with one weight of res_block2.conv1 moved by 1.
    const QString b = write(dir, "perturbed.json", deepResNet());
    irscope::io::SafetensorsFile weights =
        irscope::io::readSafetensors((kDataDir + "DeepResNet.safetensors").toStdString());
    bool perturbed = false;
    for (auto& [name, data] : weights.tensors)
      if (name == "res_block2.conv1.weight") {
        float value;
        std::memcpy(&value, data.bytes.data(), sizeof(value));
        value += 1.0f;
        std::memcpy(data.bytes.data(), &value, sizeof(value));
        perturbed = true;
      }
    QVERIFY(perturbed);
    irscope::io::writeSafetensors(weights, dir.filePath("perturbed.safetensors").toStdString());
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(compareAndWait(window, b));
    DiffWorkflow& diff = window.diffWorkflow();
    QVERIFY(diff.changesDock()->listedEntries().empty()); // the graphs are the same
    QSignalSpy ended(&diff, &DiffWorkflow::runBothEnded);
    diff.runBoth();
    QVERIFY(ended.wait(120000));
    QVERIFY2(diff.lastError().isEmpty(), qPrintable(diff.lastError()));
    const irscope::ir::GraphDiff& result = diff.comparison()->diff;
    QVERIFY(result.ran);
    QCOMPARE(result.weight_counts.changed, size_t{1});
    QVERIFY(result.first_divergence.has_value());
    const auto& first = result.nodes[result.outputs[*result.first_divergence].entry];
    const auto& conv = diff.comparison()->b->model.graph.nodes[static_cast<size_t>(first.b)];
    QCOMPARE(QString::fromStdString(conv.inputs[1].name), QString("p_res_block2_conv1_weight"));
    // It is selected, and Pair Properties says how far apart the outputs are.
    QCOMPARE(window.view()->selectedItem(), itemOfNode(*window.view(), conv.name));
    const auto run = diff.pairProperties().tree()->findItems("run both", Qt::MatchExactly, 0);
    QCOMPARE(run.size(), 1);
    QVERIFY(run.first()->child(0)->text(1).startsWith("FAILS"));
    QVERIFY(run.first()->child(0)->data(0, irscope::app::PairProperties::kDiffersRole).toBool());
    QCOMPARE(run.first()->child(0)->child(0)->text(0), QString("max |\u0394|"));
    // The Changes dock lists the weight that changed by value, after the (no) node changes.
    const QTreeWidget* changes = diff.changesDock()->tree();
    QCOMPARE(changes->topLevelItemCount(), 1);
    QCOMPARE(changes->topLevelItem(0)->childCount(), 1);
    QCOMPARE(changes->topLevelItem(0)->child(0)->text(1), QString("res_block2.conv1.weight"));
    QVERIFY2(changes->topLevelItem(0)->child(0)->text(3).startsWith("values: max |difference| 1"),
             qPrintable(changes->topLevelItem(0)->child(0)->text(3)));
    // Every pair before it passes.
    for (size_t i = 0; i < *result.first_divergence; ++i)
      QVERIFY(result.outputs[i].passed);
  }

private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(DiffViewTest)
#include "diff_view_test.moc"
