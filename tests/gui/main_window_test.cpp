// Drives the real main window on the offscreen platform.
#include "core/torch/torchscript_extraction.h"
#include "gui/app/graph_view.h"
#include "gui/app/input_shape_dialog.h"
#include "gui/app/main_window.h"
#include "gui/app/properties_panel.h"
#include "gui/app/search_bar.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QXmlStreamReader>
#include <QtTest>

using irscope::app::MainWindow;

namespace {

QString torchScript(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/") + name;
}

QString fixture(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/") + name + ".json";
}

// Opens a file and waits until the window has laid it out.
bool openAndWait(MainWindow& window, const QString& path) {
  QSignalSpy changed(&window, &MainWindow::documentChanged);
  window.openFile(path);
  return changed.wait(30000) && !window.loading();
}

// The value column of the first top-level row whose property column is `key`.
QString propertyValue(const irscope::app::PropertiesPanel& panel, const QString& key) {
  const auto rows = panel.tree()->findItems(key, Qt::MatchExactly, 0);
  return rows.isEmpty() ? QString() : rows.first()->text(1);
}

QStringList childValues(const irscope::app::PropertiesPanel& panel, const QString& key) {
  QStringList values;
  const auto rows = panel.tree()->findItems(key, Qt::MatchExactly, 0);
  if (rows.isEmpty())
    return values;
  for (int i = 0; i < rows.first()->childCount(); ++i)
    values << rows.first()->child(i)->text(0) + " " + rows.first()->child(i)->text(1);
  return values;
}

int nodeIndex(const MainWindow& window, const std::string& name) {
  return window.document()->model.topology.node_by_name.at(name);
}

} // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    // Keep tests away from the user's settings and layout cache.
    QStandardPaths::setTestModeEnabled(true);
    qputenv("IRSCOPE_NO_DISK_CACHE", "1");
  }

  void opensAFixtureAndShowsItsCounts() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QCOMPARE(window.document()->nodeCount(), 27);
    QVERIFY(window.windowTitle().startsWith("DeepResNet"));
  }

  void selectingANodeFillsTheProperties() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    window.selectNode(nodeIndex(window, "conv2d_1"));
    const auto& panel = *window.properties();
    QCOMPARE(propertyValue(panel, "name"), QString("conv2d_1"));
    QCOMPARE(propertyValue(panel, "op_type"), QString("aten.conv2d.default"));
    const QStringList inputs = childValues(panel, "inputs");
    QCOMPARE(inputs.size(), 3);
    QCOMPARE(inputs[0], QString("relu [1, 32, 32, 32]  float32"));
    QCOMPARE(inputs[1], QString("p_res_block1_conv1_weight [32, 32, 3, 3]  float32"));
    QCOMPARE(childValues(panel, "outputs"), QStringList{"conv2d_1 [1, 32, 32, 32]  float32"});
    // attrs as a tree
    const auto attrs = panel.tree()->findItems("attrs", Qt::MatchExactly, 0).first();
    QCOMPARE(attrs->child(0)->text(0), QString("stride"));
    QCOMPARE(attrs->child(0)->text(1), QString("[1,1]"));
    // and the selection is drawn
    const int item = window.view()->selectedItem();
    QVERIFY(item >= 0);
    QCOMPARE(window.document()->diagram.items[item].node, nodeIndex(window, "conv2d_1"));
    QVERIFY(window.properties()->nodeJson().contains("\"op_type\": \"aten.conv2d.default\""));
  }

  void clickingAProducerJumpsToIt() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    window.selectNode(nodeIndex(window, "conv2d_1"));
    const auto relu = window.properties()->tree()->findItems(
        "producer", Qt::MatchExactly | Qt::MatchRecursive, 0);
    QVERIFY(!relu.isEmpty());
    emit window.properties()->tree()->itemActivated(relu.first(), 1);
    QCOMPARE(propertyValue(*window.properties(), "name"), QString("relu"));
  }

  void searchFindsNodesByOpTypeNameAndShape() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    auto* search = window.searchBar();
    search->setQuery("batch_norm");
    QCOMPARE(search->hits().size(), size_t{7});
    search->setQuery("1x10"); // the output shape of the classifier
    QCOMPARE(search->hits().size(), size_t{1});
    QCOMPARE(window.document()->model.graph.nodes[search->hits()[0]].name, std::string("linear"));
    search->setQuery("^conv2d_[12]$", true); // regex on names
    QCOMPARE(search->hits().size(), size_t{2});
    search->next();
    QCOMPARE(propertyValue(*window.properties(), "name"), QString("conv2d_2"));
    search->setQuery("conv2d_[", true); // an invalid regex finds nothing, quietly
    QCOMPARE(search->hits().size(), size_t{0});
  }

  void clickingAWeightSelectsItsConsumers() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("RecurrentUnroll")));
    QTableWidget* weights = window.weightsTable();
    int row = -1;
    for (int r = 0; r < weights->rowCount(); ++r)
      if (weights->item(r, 0)->text() == "cell.weight")
        row = r;
    QVERIFY(row >= 0);
    QCOMPARE(weights->item(row, 5)->text(), QString("5")); // used by all five linears
    emit weights->cellClicked(row, 0);
    QCOMPARE(propertyValue(*window.properties(), "op_type"), QString("aten.linear.default"));
    QCOMPARE(propertyValue(*window.properties(), "name"), QString("linear"));
  }

  void exportsValidSvgAndPdf() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("TransformerBlock")));
    QTemporaryDir dir;
    QString error;
    QVERIFY2(window.exportTo(dir.filePath("g.svg"), &error), qPrintable(error));
    QVERIFY2(window.exportTo(dir.filePath("g.pdf"), &error), qPrintable(error));
    QFile svg(dir.filePath("g.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    int texts = 0;
    while (!xml.atEnd()) {
      xml.readNext();
      texts += xml.isStartElement() && xml.name() == QLatin1String("text");
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(texts > 25);
    QFile pdf(dir.filePath("g.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(!window.exportTo(dir.filePath("missing/g.svg"), &error));
    QVERIFY(error.contains("missing/g.svg"));
  }

  void aBadFileShowsTheErrorAndKeepsTheOldModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("WeightTying")));
    QTemporaryDir dir;
    const QString bad = dir.filePath("broken.json");
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"nodes\": [");
    file.close();
    window.openFile(bad);
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 10000);
    QVERIFY(window.lastError().startsWith(bad + ": invalid JSON"));
    QCOMPARE(window.document()->model.graph.model_name, std::string("WeightTying"));
    QVERIFY(window.windowTitle().startsWith("WeightTying"));
  }

  void everyFixtureOpens() {
    MainWindow window;
    window.show();
    const QDir dir(QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir"));
    const QStringList infos = dir.entryList({"*.info.json"});
    QCOMPARE(infos.size(), 11);
    for (const QString& info : infos) {
      const QString name = info.left(info.size() - QString(".info.json").size());
      QVERIFY2(openAndWait(window, fixture(name)), qPrintable(name));
      QCOMPARE(QString::fromStdString(window.document()->model.graph.model_name), name);
      QVERIFY(!window.document()->diagram.items.empty());
      QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    }
  }

  void exportsTheCurrentViewOnly() {
    MainWindow window;
    window.resize(900, 700);
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    window.view()->zoomBy(3.0, window.view()->rect().center());
    QTemporaryDir dir;
    QString error;
    QVERIFY2(window.exportTo(dir.filePath("all.png"), &error), qPrintable(error));
    QVERIFY2(window.exportTo(dir.filePath("view.png"), &error, true), qPrintable(error));
    const QImage all(dir.filePath("all.png"));
    const QImage view(dir.filePath("view.png"));
    QVERIFY(!view.isNull());
    QVERIFY(view.height() < all.height() / 2);
    // The view's proportions are the canvas's.
    const double canvas = double(window.view()->width()) / window.view()->height();
    QVERIFY(std::abs(double(view.width()) / view.height() - canvas) < 0.05);
  }

  void breadcrumbsFollowTheSelection() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("encoder24")));
    QSignalSpy opened(&window, &MainWindow::documentChanged);
    QVERIFY(window.selectNodeByName("linear_1")); // inside collapsed layer 0: opens it first
    QVERIFY(opened.wait(30000));
    QString text;
    for (const QLabel* label : window.findChildren<QLabel*>())
      if (label->text().contains("group:"))
        text = label->text();
    QVERIFY2(text.contains(">encoder24<") && text.contains(">layer 0<") &&
                 text.contains("<b>linear_1</b>"),
             qPrintable(text));
  }

  void modulesShowOpAndParameterCounts() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("encoder24")));
    QTreeWidget* tree = nullptr;
    for (QTreeWidget* candidate : window.findChildren<QTreeWidget*>())
      if (candidate->headerItem()->text(2) == "Params")
        tree = candidate;
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 24);
    QCOMPARE(tree->topLevelItem(0)->text(1), QString("36"));
    // A TransformerEncoderLayer(d_model=1024, ff=2048): 4*1024*1024 + 4*1024 (attention)
    // + 2*1024*2048 + 2048 + 1024 (MLP) + 4*1024 (two norms) = 8,399,872, which is also
    // encoder24's 201,596,928 parameters over its 24 layers.
    QCOMPARE(tree->topLevelItem(0)->text(2), QString("8,399,872"));
  }

  void reloadsWhenTheFileChangesOnDisk() {
    QTemporaryDir dir;
    const QString path = dir.filePath("model.json");
    QVERIFY(QFile::copy(fixture("WeightTying"), path));
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, path));
    QCOMPARE(window.document()->model.graph.model_name, std::string("WeightTying"));
    // Another tool rewrites the file, as an editor or exporter would: new file, renamed over.
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray text = original.readAll();
    original.close();
    text.replace("\"WeightTying\"", "\"WeightTyingV2\"");
    QFile replacement(path + ".new");
    QVERIFY(replacement.open(QIODevice::WriteOnly));
    replacement.write(text);
    replacement.close();
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(path + ".new", path));
    QTRY_COMPARE_WITH_TIMEOUT(window.document()->model.graph.model_name,
                              std::string("WeightTyingV2"), 10000);
  }

  void doubleClickingAGroupOpensIt() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("encoder24")));
    const auto& items = window.document()->diagram.items;
    const auto group = std::find_if(items.begin(), items.end(), [](const auto& item) {
      return item.kind == irscope::layout::ItemKind::CollapsedGroup;
    });
    QVERIFY(group != items.end());
    const size_t before = items.size();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    emit window.view()->itemActivated(static_cast<int>(group - items.begin()));
    QVERIFY(changed.wait(30000));
    QCOMPARE(window.document()->diagram.items.size(), before - 1 + 36); // one layer opened
    QCOMPARE(window.document()->diagram.frames.size(), size_t{1});
  }
  void opensATorchScriptFileGroupedByItsModules() {
    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    window.openTorchScript(torchScript("DeepResNet.ts.pt"), {{{1, 3, 32, 32}, "float32"}});
    QVERIFY(changed.wait(30000));
    QCOMPARE(window.document()->nodeCount(), 27);
    QVERIFY(window.windowTitle().startsWith("DeepResNet"));
    QVERIFY(!window.document()->modules.derived);
    QStringList groups;
    for (const auto& group : window.document()->modules.groups)
      groups << QString::fromStdString(group.name);
    QVERIFY2(groups.contains("res_block2.conv1"), qPrintable(groups.join(",")));
    QVERIFY2(groups.contains("res_block2.relu@2"), qPrintable(groups.join(",")));
    QCOMPARE(window.document()->input_specs.size(), size_t{1});
  }

  void aTorchScriptThatFailsShowsWhyAndKeepsTheOldModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("WeightTying")));
    window.openTorchScript(torchScript("DeepResNet.ts.pt"), {{{1, 4, 32, 32}, "float32"}});
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 20000);
    QVERIFY2(window.lastError().contains("to have 3 channels"), qPrintable(window.lastError()));
    QCOMPARE(window.document()->model.graph.model_name, std::string("WeightTying"));
    // A state_dict is refused before any dialog, saying what it is.
    window.openFile(torchScript("DeepResNet.state_dict.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.lastError().contains("state_dict"), 20000);
  }

  void inputShapeDialogGuessesFromTheModelAndRemembers() {
    const QString path = torchScript("DeepResNet.ts.pt");
    const auto inputs = irscope::torchscript::describeInputs(path.toStdString());
    QCOMPARE(inputs.size(), size_t{1});
    {
      // conv1's weight is [32, 3, 3, 3]: three channels in.
      irscope::app::InputShapeDialog dialog(path, inputs, {});
      QCOMPARE(dialog.field(0)->text(), QString("1x3x224x224"));
      auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
      QVERIFY(ok->isEnabled());
      dialog.field(0)->setText("1x3xq");
      QVERIFY(!ok->isEnabled());
    }
    irscope::app::InputShapeDialog::remember(path, {"1x3x32x32"});
    const QStringList remembered = irscope::app::InputShapeDialog::remembered(path);
    QCOMPARE(remembered, QStringList{"1x3x32x32"});
    irscope::app::InputShapeDialog dialog(path, inputs, remembered);
    QCOMPARE(dialog.field(0)->text(), QString("1x3x32x32"));
    QCOMPARE(dialog.specs().front().shape, (irscope::ir::Shape{1, 3, 32, 32}));
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
