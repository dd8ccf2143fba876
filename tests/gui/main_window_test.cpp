// Drives the real main window on the offscreen platform.
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "gui/app/colouring_workflow.h"
#include "gui/app/document_workflow.h"
#include "gui/app/export_workflow.h"
#include "gui/app/golden_dialog.h"
#include "gui/app/golden_workflow.h"
#include "gui/app/graph_view.h"
#include "gui/app/histogram_widget.h"
#include "gui/app/input_shape_dialog.h"
#include "gui/app/main_window.h"
#include "gui/app/mapping_colouring.h"
#include "gui/app/mapping_workflow.h"
#include "gui/app/model_session.h"
#include "gui/app/module_analysis_dialog.h"
#include "gui/app/module_analysis_job.h"
#include "gui/app/module_analysis_workflow.h"
#include "gui/app/module_status_colouring.h"
#include "gui/app/modules_dock.h"
#include "gui/app/operators_dock.h"
#include "gui/app/properties_panel.h"
#include "gui/app/run_dialog.h"
#include "gui/app/run_workflow.h"
#include "gui/app/search_bar.h"
#include "gui/app/statistics_text.h"
#include "gui/app/weight_details.h"
#include "gui/app/weight_statistics.h"
#include "gui/app/weights_workflow.h"
#include "io/exported_program.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "io/weights_file.h"
#include "tests/gui/app_test_support.h"
#include "tests/support/test_files.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeWidget>
#include <QXmlStreamReader>
#include <QtTest>
#include <cstring>
#include <limits>

using irscope::app::MainWindow;
using irscope::app::testing::openAndWait;
using irscope::app::testing::runAndWait;
using irscope::app::testing::writeGoldenAndWait;

namespace {

QString torchScript(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/") + name;
}

QString fixture(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/") + name + ".json";
}

QString example(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/../../resources/examples/") + name + ".json";
}

// A node's configuration as this test sees it, apart from the app's code: the op, each input's
// shape and dtype, then the attrs (those starting with "_" are bookkeeping, not arguments).
QString configurationKey(const irscope::ir::Node& node) {
  QStringList parts{QString::fromStdString(node.op_type)};
  for (const irscope::ir::Tensor& input : node.inputs) {
    QStringList dims;
    for (const int64_t dim : input.shape)
      dims << QString::number(dim);
    parts << dims.join("x") + ":" + QString::fromStdString(input.dtype);
  }
  for (const auto& [key, value] : node.attrs.items())
    if (key.rfind('_', 0) != 0)
      parts << QString::fromStdString(key + "=" + value.dump());
  return parts.join("|");
}

// The nodes of one op type, grouped by configuration.
QMap<QString, QSet<int>> configurationsOf(const MainWindow& window, const std::string& op) {
  QMap<QString, QSet<int>> groups;
  const auto& nodes = window.document()->model.graph.nodes;
  for (size_t n = 0; n < nodes.size(); ++n)
    if (nodes[n].op_type == op)
      groups[configurationKey(nodes[n])].insert(static_cast<int>(n));
  return groups;
}

QSet<int> itemsOf(const MainWindow& window, const QSet<int>& nodes) {
  QSet<int> items;
  for (int node : nodes)
    items.insert(window.document()->item_of_node[node]);
  return items;
}

QSet<int> markedItems(const MainWindow& window) {
  QSet<int> items;
  for (int item : window.view()->markedItems())
    items.insert(item);
  return items;
}

int firstNodeOf(const MainWindow& window, const std::string& op) {
  const auto& nodes = window.document()->model.graph.nodes;
  for (size_t n = 0; n < nodes.size(); ++n)
    if (nodes[n].op_type == op)
      return static_cast<int>(n);
  return -1;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  const QString path = dir.filePath(name);
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return {};
  file.write(text);
  return path;
}

// max_pool2d needs a multiple of 128 channels: resnet18's stem pool (64 channels) falls back.
const QByteArray kPoolOverride = R"({"format": "irscope-op-mapping", "version": 1, "target": "TTNN",
  "ops": {"aten.max_pool2d.default": {"targets": ["ttnn.max_pool2d"], "status": "converted",
    "requires": [{"value": "input0.shape[-3]", "multiple_of": 128, "label": "channels",
                  "because": "needs a multiple of 128"}]}}})";

// Opens a file and waits until the window has laid it out.
// A DeepResNet run with res_block2.conv1.weight perturbed, compared with the reference: the
// first divergence is a consumer of that weight, and every node before it is exact.
void expectDivergenceAtThePerturbedConv(const MainWindow& window,
                                        const irscope::app::RunResult& run) {
  const std::optional<int> divergence = run.firstDivergence();
  QVERIFY(divergence);
  const auto& topology = window.document()->model.topology;
  const auto& consumers =
      topology.weight_consumers[topology.weight_by_name.at("res_block2.conv1.weight")];
  QVERIFY(std::any_of(consumers.begin(), consumers.end(),
                      [&](const irscope::ir::Use& use) { return use.node == *divergence; }));
  for (size_t n = 0; n < static_cast<size_t>(*divergence); ++n) {
    QVERIFY2(run.errors[n][0], qPrintable(QString::number(n)));
    QCOMPARE(run.errors[n][0]->max_diff, 0.0);
  }
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

using irscope::app::ColourBy;
using irscope::app::RunChoices;

// DeepResNet's weights and golden input, compared with nothing unless a test says so.
RunChoices deepResNetRun(const QString& weights = torchScript("DeepResNet.safetensors")) {
  RunChoices choices;
  choices.weights_file = weights;
  choices.inputs = RunChoices::Inputs::NpyFiles;
  choices.input_files = {torchScript("DeepResNet.in0.npy")};
  return choices;
}

RunChoices deepResNetVerify(const QString& weights = torchScript("DeepResNet.safetensors")) {
  RunChoices choices = deepResNetRun(weights);
  choices.reference = RunChoices::Reference::TorchScript;
  choices.reference_file = torchScript("DeepResNet.ts.pt");
  return choices;
}

// A copy of DeepResNet's weights with one element of `tensor` moved by `delta`.
QString perturbedWeights(const QTemporaryDir& dir, const std::string& tensor, float delta) {
  irscope::io::SafetensorsFile file =
      irscope::io::readSafetensors(torchScript("DeepResNet.safetensors").toStdString());
  for (auto& [name, data] : file.tensors) {
    if (name != tensor)
      continue;
    float value = 0;
    std::memcpy(&value, data.bytes.data(), sizeof value);
    value += delta;
    std::memcpy(data.bytes.data(), &value, sizeof value);
  }
  const QString path = dir.filePath("DeepResNet.perturbed.safetensors");
  irscope::io::writeSafetensors(file, path.toStdString());
  return path;
}

// DeepResNet's golden folder as Tools > Golden Data writes it: its weights, its golden input,
// every intermediate.
irscope::app::GoldenChoices deepResNetGolden(const QString& folder) {
  irscope::app::GoldenChoices choices;
  choices.run = deepResNetRun();
  choices.output_dir = folder;
  choices.nodes = true;
  return choices;
}

// Compares the open model with a golden folder, as Tools > Compare with Golden does once the
// folder is chosen, and waits until the run has ended.
bool compareAndWait(MainWindow& window, const QString& folder) {
  QSignalSpy ended(&window.runWorkflow(), &irscope::app::RunWorkflow::runEnded);
  window.runWorkflow().compareWithGolden(folder);
  return (ended.count() > 0 || ended.wait(60000)) && !window.runWorkflow().running();
}

// The first row named `key` anywhere in the Properties tree.
QTreeWidgetItem* findRow(const irscope::app::PropertiesPanel& panel, const QString& key) {
  const auto rows = panel.tree()->findItems(key, Qt::MatchExactly | Qt::MatchRecursive, 0);
  return rows.isEmpty() ? nullptr : rows.first();
}

QString childValue(const QTreeWidgetItem* row, const QString& key) {
  for (int i = 0; row && i < row->childCount(); ++i)
    if (row->child(i)->text(0) == key)
      return row->child(i)->text(1);
  return {};
}

using irscope::app::ModuleAnalysisChoices;
using irscope::app::ModulesDock;
using irscope::ir::ModuleStatus;

// DeepResNet.ts.pt on a 1x3x32x32 input, as the input-shape prompt would have it: grouped by
// its modules, whose paths an analysis needs.
bool openDeepResNetTorchScript(MainWindow& window) {
  QSignalSpy changed(&window, &MainWindow::documentChanged);
  window.documentWorkflow().openTorchScript(torchScript("DeepResNet.ts.pt"),
                                            {{{1, 3, 32, 32}, "float32"}});
  return changed.wait(30000) && !window.documentWorkflow().loading();
}

ModuleAnalysisChoices analysisWith(irscope::ir::AnalysisBackend backend) {
  ModuleAnalysisChoices choices;
  choices.backend = backend;
  return choices; // seeded inputs; a TorchScript model brings its weights
}

// Starts a module analysis and waits until it has finished, failed or been cancelled.
bool analyzeAndWait(MainWindow& window, const ModuleAnalysisChoices& choices) {
  QSignalSpy ended(&window.moduleAnalysisWorkflow(),
                   &irscope::app::ModuleAnalysisWorkflow::moduleAnalysisEnded);
  window.moduleAnalysisWorkflow().analyzeModules(choices);
  return (ended.count() > 0 || ended.wait(120000)) &&
         !window.moduleAnalysisWorkflow().analyzingModules();
}

QString moduleText(const MainWindow& window, const QString& group, int column) {
  const QTreeWidgetItem* row = window.modulesDock()->groupItem(group);
  return row ? row->text(column) : QStringLiteral("(no row %1)").arg(group);
}

// The failed-op rows right under a module's row.
QList<QTreeWidgetItem*> failedOpRows(const MainWindow& window, const QString& group) {
  QList<QTreeWidgetItem*> rows;
  QTreeWidgetItem* row = window.modulesDock()->groupItem(group);
  for (int i = 0; row && i < row->childCount(); ++i)
    if (row->child(i)->text(ModulesDock::Status) == "failed op")
      rows << row->child(i);
  return rows;
}

QAction* actionNamed(const MainWindow& window, const QString& text) {
  for (QAction* candidate : window.findChildren<QAction*>())
    if (candidate->text() == text)
      return candidate;
  return nullptr;
}

bool messageBoxShows(const MainWindow& window, const QString& text) {
  for (const QMessageBox* box : window.findChildren<QMessageBox*>())
    if (box->isVisible() && box->text() == text)
      return true;
  return false;
}

} // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { QVERIFY(irscope::app::testing::keepSettingsIn(settings_dir_)); }

  void init() {
    irscope::app::testing::startWithNoRememberedChoices();
    QSettings().remove("mapping/file");
  }

  // Two actions on one key: Qt runs neither and says "Ambiguous shortcut overload" on stderr.
  void noTwoActionsShareAShortcut() {
    MainWindow window;
    QMap<QString, QString> owner;
    for (const QAction* action : window.findChildren<QAction*>())
      for (const QKeySequence& key : action->shortcuts()) {
        const QString name = key.toString();
        QVERIFY2(!owner.contains(name),
                 qPrintable(name + ": " + owner.value(name) + " and " + action->text()));
        owner.insert(name, action->text());
      }
    QVERIFY(owner.size() > 10);
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
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("g.svg"), &error), qPrintable(error));
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("g.pdf"), &error), qPrintable(error));
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
    QVERIFY(!window.exportWorkflow().exportTo(dir.filePath("missing/g.svg"), &error));
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
    window.documentWorkflow().openFile(bad);
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
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("all.png"), &error), qPrintable(error));
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("view.png"), &error, true),
             qPrintable(error));
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
    // linear_1 reads layers.0.self_attn.out_proj.weight: inside collapsed layers.0, which
    // opens first.
    QVERIFY(window.selectNodeByName("linear_1"));
    QVERIFY(opened.wait(30000));
    QString text;
    for (const QLabel* label : window.findChildren<QLabel*>())
      if (label->text().contains("group:"))
        text = label->text();
    QVERIFY2(text.contains(">encoder24</a> › <a href=\"group:") &&
                 text.contains(">layers</a> › <a href=\"group:") &&
                 text.contains(">0</a> › <a href=\"group:") &&
                 text.contains(">self_attn</a> › <a href=\"group:") &&
                 text.contains(">out_proj</a> › <b>linear_1</b>"),
             qPrintable(text));
  }

  void modulesShowOpAndParameterCounts() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("encoder24")));
    using irscope::app::ModulesDock;
    QTreeWidget* tree = window.modulesDock()->tree();
    QCOMPARE(tree->headerItem()->text(ModulesDock::Params), QString("Params"));
    // Module paths inferred from the weights' names: full_model > layers > 0 ... 23, and the
    // dock says where they came from.
    QVERIFY(window.modulesDock()->inferredNote()->isVisibleTo(window.modulesDock()));
    QVERIFY(window.modulesDock()->inferredNote()->text().contains("inferred from weight names"));
    QCOMPARE(tree->topLevelItemCount(), 1);
    QTreeWidgetItem* model = window.modulesDock()->groupItem("full_model");
    QVERIFY(model);
    QCOMPARE(model->childCount(), 1);
    QCOMPARE(model->child(0)->text(ModulesDock::Group), QString("layers"));
    QCOMPARE(model->child(0)->childCount(), 24);
    QTreeWidgetItem* layer0 = window.modulesDock()->groupItem("layers.0");
    QVERIFY(layer0);
    QCOMPARE(layer0->text(ModulesDock::Ops), QString("36"));
    // A TransformerEncoderLayer(d_model=1024, ff=2048): 4*1024*1024 + 4*1024 (attention)
    // + 2*1024*2048 + 2048 + 1024 (MLP) + 4*1024 (two norms) = 8,399,872, which is also
    // encoder24's 201,596,928 parameters over its 24 layers.
    QCOMPARE(layer0->text(ModulesDock::Params), QString("8,399,872"));
    QCOMPARE(window.modulesDock()->groupItem("layers.23")->text(ModulesDock::Params),
             QString("8,399,872"));
    QVERIFY(layer0->text(ModulesDock::Status).isEmpty()); // no analysis yet
    QVERIFY2(window.lastNotes().join(";").contains("inferred from weight names"),
             qPrintable(window.lastNotes().join(";")));
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
    // encoder24 opens on `layers` (its only top-level group) showing 24 layer boxes. A layer
    // opened shows its 9 own ops (the attention's input transpose, the out_proj's view,
    // transpose and dropout, the two residual adds, relu and two dropouts) and 5 module boxes
    // (self_attn, norm1, linear1, linear2, norm2).
    QCOMPARE(window.document()->diagram.items.size(), before - 1 + 9 + 5);
    QCOMPARE(window.document()->diagram.frames.size(), size_t{2}); // layers and the layer
  }
  void opensATorchScriptFileGroupedByItsModules() {
    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    window.documentWorkflow().openTorchScript(torchScript("DeepResNet.ts.pt"),
                                              {{{1, 3, 32, 32}, "float32"}});
    QVERIFY(changed.wait(30000));
    QCOMPARE(window.document()->nodeCount(), 27);
    QVERIFY(window.windowTitle().startsWith("DeepResNet"));
    QVERIFY(!window.document()->modules.derived);
    QVERIFY(!window.modulesDock()->inferredNote()->isVisibleTo(window.modulesDock()));
    QStringList groups;
    for (const auto& group : window.document()->modules.groups)
      groups << QString::fromStdString(group.name);
    QVERIFY2(groups.contains("res_block2.conv1"), qPrintable(groups.join(",")));
    QVERIFY2(groups.contains("res_block2.relu@2"), qPrintable(groups.join(",")));
    QCOMPARE(window.document()->input_specs.size(), size_t{1});
  }

  void extractionNotesAreShownAndKept() {
    // ConstantOutput returns a tensor that depends on no input: extraction notes it.
    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    window.documentWorkflow().openTorchScript(
        QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torchscript/ConstantOutput.ts.pt"),
        {{{4}, "float32"}});
    QVERIFY(changed.wait(30000));
    QCOMPARE(window.lastNotes().size(), 1);
    QVERIFY2(window.lastNotes().front().contains("does not depend on the inputs"),
             qPrintable(window.lastNotes().front()));
    QVERIFY2(window.statusBar()->currentMessage().startsWith("Note: output 1 does not depend"),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(window.statusBar()->toolTip().contains("recorded as a constant"));
  }

  void aTorchScriptThatFailsShowsWhyAndKeepsTheOldModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("WeightTying")));
    QSignalSpy failed(&window.documentWorkflow(), &irscope::app::DocumentWorkflow::loadFailed);
    window.documentWorkflow().openTorchScript(torchScript("DeepResNet.ts.pt"),
                                              {{{1, 4, 32, 32}, "float32"}});
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 20000);
    QVERIFY2(window.lastError().contains("to have 3 channels"), qPrintable(window.lastError()));
    QCOMPARE(window.document()->model.graph.model_name, std::string("WeightTying"));
    // The failure is announced (--screenshot stops on it) and leaves nothing waiting.
    QCOMPARE(failed.count(), 1);
    QVERIFY(!window.pendingOpen());
    // A state_dict is refused before any dialog, saying what it is.
    window.documentWorkflow().openFile(torchScript("DeepResNet.state_dict.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.lastError().contains("state_dict"), 20000);
  }

  void aTextFileCalledPtSaysItIsNotAPyTorchFile() {
    // Opened through the loader irscope-cli uses: its message, not a JSON syntax error.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("notes.pt");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are notes, not a model\n");
    file.close();
    MainWindow window;
    window.show();
    window.documentWorkflow().openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 20000);
    QVERIFY2(window.lastError().contains("is not a PyTorch file"), qPrintable(window.lastError()));
    QVERIFY(!window.document());
  }

  void opensATorchExportArchiveWithItsOwnWeights() {
    const QString path = QStringLiteral(IRSCOPE_TEST_DATA_DIR "/pt2/RecurrentUnroll.pt2");
    if (!irscope::io::isExportedProgramArchive(path.toStdString()))
      QSKIP("io/exported_program.cpp cannot read .pt2 archives yet");
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, path)); // no input-shape prompt: the archive has its inputs
    const irscope::app::ModelDocument& document = *window.document();
    QVERIFY(!document.from_torchscript);
    QCOMPARE(document.model.graph.nodes.size(), size_t{10});
    // The Weights dock reads the archive's weights without a NAME.safetensors beside it.
    QVERIFY(document.weight_statistics);
    // Properties gives the op's module and the Python source lines that made it.
    window.selectNode(nodeIndex(window, "tanh_2"));
    const auto& panel = *window.properties();
    QCOMPARE(propertyValue(panel, "module"), QStringLiteral("activation@3  (Tanh)"));
    QCOMPARE(propertyValue(panel, "source"),
             QStringLiteral("tests/models/shared_weights.py:42 in forward"));
    QCOMPARE(childValues(panel, "source"),
             QStringList{"shared_weights.py:42 h = self.activation(self.cell(h))"});
  }

  void aRunFillsStatisticsForEveryNodeOutputAndPropertiesShowThem() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(!window.session().lastRun()); // opening never runs
    QVERIFY(runAndWait(window, deepResNetRun()));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run);
    QVERIFY(!run->verified());
    QCOMPARE(run->ops_run, size_t{27});
    const auto& graph = window.document()->model.graph;
    QCOMPARE(run->statistics.size(), graph.nodes.size());
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      QCOMPARE(run->statistics[n].size(), graph.nodes[n].outputs.size());
      for (const auto& statistics : run->statistics[n]) {
        QVERIFY2(statistics.has_value(), graph.nodes[n].name.c_str());
        QVERIFY(statistics->count > 0);
        QCOMPARE(statistics->nan_count + statistics->inf_count, int64_t{0});
      }
    }
    // A ReLU's output is never negative.
    QVERIFY(run->statistics[nodeIndex(window, "relu")][0]->min >= 0);

    window.selectNode(nodeIndex(window, "conv2d_1"));
    const auto& panel = *window.properties();
    const QTreeWidgetItem* values = findRow(panel, "values");
    QVERIFY(values);
    const auto& stats = *run->statistics[nodeIndex(window, "conv2d_1")][0];
    QCOMPARE(childValue(values, "min"), irscope::app::formatNumber(stats.min));
    QCOMPARE(childValue(values, "max"), irscope::app::formatNumber(stats.max));
    QCOMPARE(childValue(values, "std"), irscope::app::formatNumber(stats.std));
    QCOMPARE(childValue(values, "NaN"), QString("0"));
    QVERIFY(!findRow(panel, "vs reference")); // a run, not a verify
    QTreeWidgetItem* histogram_row = findRow(panel, "histogram");
    QVERIFY(histogram_row);
    auto* histogram =
        qobject_cast<irscope::app::HistogramWidget*>(panel.tree()->itemWidget(histogram_row, 1));
    QVERIFY(histogram && histogram->statistics());
    int64_t counted = 0;
    for (int64_t n : histogram->statistics()->histogram)
      counted += n;
    QCOMPARE(counted, int64_t{32 * 32 * 32});
    // It draws bars: more than the background and one axis colour.
    const QImage drawn = histogram->grab().toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < drawn.height(); ++y)
      for (int x = 0; x < drawn.width(); ++x)
        colours.insert(drawn.pixel(x, y));
    QVERIFY2(colours.size() > 2, qPrintable(QString::number(colours.size())));

    // Nothing to compare with, so no error colouring; max |x| colours every op.
    QVERIFY(!irscope::app::colouringAvailable(ColourBy::Error, run));
    window.colouringWorkflow().setColourBy(ColourBy::MaxAbs);
    const auto& heat = window.view()->heatMap();
    const auto& items = window.document()->diagram.items;
    QCOMPARE(heat.fills.size(), items.size());
    for (size_t i = 0; i < items.size(); ++i)
      QCOMPARE(heat.fills[i].isValid(), items[i].kind == irscope::layout::ItemKind::Op);
  }

  void aVerifyAgainstTheTorchScriptPassesWithNoDivergence() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(runAndWait(window, deepResNetVerify()));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verified());
    const irscope::ir::VerificationReport& report = *run->verification;
    QVERIFY(report.is_valid);
    QCOMPARE(report.max_diff, 0.0);
    QCOMPARE(report.intermediates.size(), size_t{27});
    QVERIFY(!report.first_divergence);
    QVERIFY(!window.runWorkflow().goToFirstDivergence());
    QVERIFY(irscope::app::verdictLine(*run, window.document()->model.graph)
                .startsWith("Verify PASSED"));
    // A verify shows its errors unasked; all zero, so every op is the ramp's pale end.
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::Error);
    const auto& heat = window.view()->heatMap();
    QVERIFY(heat.legend && heat.legend->zero && !heat.legend->non_finite);
    QCOMPARE(heat.fills.size(), window.document()->diagram.items.size());
    for (size_t i = 0; i < heat.fills.size(); ++i)
      if (window.document()->diagram.items[i].kind == irscope::layout::ItemKind::Op)
        QCOMPARE(heat.fills[i], irscope::render::heatColor(0));
    window.selectNode(nodeIndex(window, "linear"));
    const QTreeWidgetItem* error = findRow(*window.properties(), "vs reference");
    QVERIFY(error);
    QVERIFY(error->text(1).startsWith("close"));
    QCOMPARE(childValue(error, "max diff"), QString("0.00e+00"));
  }

  void aPerturbedWeightFailsTheVerifyAtItsConsumer() {
    QTemporaryDir dir;
    const QString weights = perturbedWeights(dir, "res_block2.conv1.weight", 1.0f);
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(runAndWait(window, deepResNetVerify(weights)));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verified());
    QVERIFY(!run->verification->is_valid);
    const std::optional<int> divergence = run->firstDivergence();
    expectDivergenceAtThePerturbedConv(window, *run);
    if (QTest::currentTestFailed())
      return;

    window.selectNode(0);
    QVERIFY(window.runWorkflow().goToFirstDivergence());
    QCOMPARE(window.properties()->shownNode(), *divergence);
    QCOMPARE(window.view()->selectedItem(), window.document()->item_of_node[*divergence]);
    const QTreeWidgetItem* error = findRow(*window.properties(), "vs reference");
    QVERIFY(error && error->text(1).startsWith("NOT close"));
    QCOMPARE(childValue(error, "close"), QString("no"));
    const QString verdict = irscope::app::verdictLine(*run, window.document()->model.graph);
    QVERIFY2(verdict.startsWith("Verify FAILED") &&
                 verdict.contains(QString::fromStdString(
                     window.document()->model.graph.nodes[*divergence].name)),
             qPrintable(verdict));

    // The Weights dock shows the weights the run used: the perturbed one has its outlier.
    QVERIFY(window.weightsWorkflow().selectWeight("res_block2.conv1.weight"));
    const auto* shown = window.weightDetails()->histogram();
    QVERIFY(shown->statistics());
    QVERIFY(shown->statistics()->max > 0.9);
    QVERIFY2(window.weightDetails()->text().contains("max 0.9"),
             qPrintable(window.weightDetails()->text()));
  }

  void colouringByErrorGivesEachItemItsColour() {
    QTemporaryDir dir;
    const QString weights = perturbedWeights(dir, "res_block2.conv1.weight", 1.0f);
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(!irscope::app::colouringAvailable(ColourBy::Error, window.session().lastRun()));
    QVERIFY(runAndWait(window, deepResNetVerify(weights)));
    window.colouringWorkflow().setColourBy(ColourBy::Error);
    const auto& document = *window.document();
    const auto& heat = window.view()->heatMap();
    QCOMPARE(heat.fills.size(), document.diagram.items.size());
    QVERIFY(heat.legend && heat.legend->scale == irscope::render::HeatScale::Log);
    const irscope::app::RunResult& run = *window.session().lastRun();
    double largest = 0;
    int largest_node = -1;
    for (const auto& error : run.verification->intermediates)
      if (error.comparison.max_diff > largest) {
        largest = error.comparison.max_diff;
        largest_node = static_cast<int>(error.node);
      }
    QVERIFY(largest_node >= 0);
    QCOMPARE(heat.legend->high, largest);
    const QColor exact = heat.fills[document.item_of_node[nodeIndex(window, "conv2d")]];
    const QColor worst = heat.fills[document.item_of_node[largest_node]];
    QCOMPARE(exact, irscope::render::heatColor(0));
    QCOMPARE(worst, irscope::render::heatColor(1));
    const QColor diverged = heat.fills[document.item_of_node[*run.firstDivergence()]];
    QVERIFY(diverged != exact);
    // Inputs, outputs and weights keep their own colours.
    for (size_t i = 0; i < document.diagram.items.size(); ++i)
      if (document.diagram.items[i].kind != irscope::layout::ItemKind::Op)
        QVERIFY(!heat.fills[i].isValid());
    // The export draws what the canvas draws: the diverged op's colour is in the PNG.
    QString error;
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("heat.png"), &error), qPrintable(error));
    const QImage png(dir.filePath("heat.png"));
    QVERIFY(!png.isNull());
    bool found = false;
    for (int y = 0; y < png.height() && !found; y += 2)
      for (int x = 0; x < png.width() && !found; x += 2)
        found = png.pixelColor(x, y) == worst;
    QVERIFY(found);
    // None clears the colours.
    window.colouringWorkflow().setColourBy(ColourBy::None);
    QVERIFY(window.view()->heatMap().fills.empty());
  }

  void aCollapsedGroupTakesTheWorstValueOfItsNodes() {
    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    window.documentWorkflow().openTorchScript(torchScript("DeepResNet.ts.pt"),
                                              {{{1, 3, 32, 32}, "float32"}});
    QVERIFY(changed.wait(30000));
    // A TorchScript model brings its own weights and is its own reference.
    RunChoices choices = irscope::app::defaultRunChoices(torchScript("DeepResNet.ts.pt"), true);
    QVERIFY(choices.weights_file.isEmpty());
    QCOMPARE(choices.reference, RunChoices::Reference::TorchScript);
    QVERIFY(runAndWait(window, choices));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QVERIFY(window.session().lastRun()->verification->is_valid);
    QVERIFY(window.session().lastRun()->weights &&
            !window.session().lastRun()->weights->by_name.empty());

    QAction* collapse = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
      if (action->text() == "&Collapse to Top Level")
        collapse = action;
    QVERIFY(collapse);
    collapse->trigger();
    QVERIFY(changed.wait(30000));
    window.colouringWorkflow().setColourBy(ColourBy::MaxAbs);
    const auto& document = *window.document();
    const auto node_values =
        irscope::app::nodeValues(*window.session().lastRun(), ColourBy::MaxAbs);
    const auto item_values = irscope::app::itemValues(document, node_values);
    int groups = 0;
    for (size_t i = 0; i < document.diagram.items.size(); ++i) {
      if (document.diagram.items[i].kind != irscope::layout::ItemKind::CollapsedGroup)
        continue;
      ++groups;
      double worst = -1;
      for (size_t n = 0; n < node_values.size(); ++n)
        if (document.item_of_node[n] == static_cast<int>(i))
          worst = std::max(worst, *node_values[n]);
      QVERIFY(item_values[i]);
      QCOMPARE(*item_values[i], worst);
      QVERIFY(window.view()->heatMap().fills[i].isValid());
      // Its properties name the node its colour comes from (all exact: this verify passed).
      window.view()->selectItem(static_cast<int>(i));
      QVERIFY(findRow(*window.properties(), "worst vs reference"));
    }
    QVERIFY(groups >= 2);
  }

  void aNaNWeightIsTracedToItsConsumerAndPaintedRed() {
    QTemporaryDir dir;
    const QString weights =
        perturbedWeights(dir, "res_block1.conv2.weight", std::numeric_limits<float>::quiet_NaN());
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(runAndWait(window, deepResNetRun(weights)));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->firstNonFinite());
    QCOMPARE(run->firstNonFinite(), std::optional<int>(nodeIndex(window, "conv2d_2")));
    QVERIFY(run->statistics[nodeIndex(window, "conv2d_2")][0]->nan_count > 0);
    QVERIFY(run->statistics[nodeIndex(window, "conv2d_1")][0]->nan_count == 0);
    // The run shows where NaN appears, unasked.
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::NonFinite);
    const auto& heat = window.view()->heatMap();
    const auto& item_of_node = window.document()->item_of_node;
    QCOMPARE(heat.fills[item_of_node[nodeIndex(window, "conv2d_2")]],
             irscope::render::nonFiniteColor());
    QVERIFY(heat.fills[item_of_node[nodeIndex(window, "conv2d_1")]] !=
            irscope::render::nonFiniteColor());
    QVERIFY(window.runWorkflow().goToFirstNonFinite());
    QCOMPARE(window.properties()->shownNode(), nodeIndex(window, "conv2d_2"));
    const QTreeWidgetItem* values = findRow(*window.properties(), "values");
    QVERIFY(values && values->text(1).contains("NaN"));
  }

  void aMissingWeightsFileShowsTheErrorAndKeepsTheModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QTemporaryDir dir;
    const QString missing = dir.filePath("missing.safetensors");
    QVERIFY(runAndWait(window, deepResNetRun(missing)));
    QVERIFY2(window.lastError().contains(missing), qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QVERIFY(!window.session().lastRun());
    QCOMPARE(window.document()->model.graph.model_name, std::string("DeepResNet"));
    QVERIFY(window.windowTitle().startsWith("DeepResNet"));
    // And a good run afterwards still works.
    QVERIFY(runAndWait(window, deepResNetRun()));
    QVERIFY(window.session().lastRun());
  }

  void aCancelledRunLeavesNoResultAndNoError() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QSignalSpy ended(&window.runWorkflow(), &irscope::app::RunWorkflow::runEnded);
    window.runWorkflow().runModel(deepResNetVerify());
    QVERIFY(window.runWorkflow().running());
    window.runWorkflow()
        .cancelRun(); // before the worker has read the weights and run the reference
    QVERIFY(ended.count() > 0 || ended.wait(60000));
    QVERIFY(!window.runWorkflow().running());
    QVERIFY(!window.session().lastRun());
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    // The next run goes through.
    QVERIFY(runAndWait(window, deepResNetRun()));
    QVERIFY(window.session().lastRun());
  }

  void goldenDataWritesTheModelsFolderWithEveryIntermediate() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    const auto& document = *window.document();
    // The dialog starts from the Run dialog's choices and NAME.golden beside the model.
    const irscope::app::GoldenChoices defaults =
        irscope::app::defaultGoldenChoices(document.path, false);
    QCOMPARE(QFileInfo(defaults.output_dir).fileName(), QString("DeepResNet.golden"));
    QCOMPARE(QFileInfo(defaults.output_dir).absolutePath(),
             QFileInfo(document.path).absolutePath());
    QVERIFY(defaults.run.weights_file.endsWith("DeepResNet.safetensors"));
    QTemporaryDir dir;
    {
      irscope::app::GoldenDialog dialog(document, deepResNetGolden(dir.filePath("golden")));
      QPushButton* write = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
      QVERIFY2(write->isEnabled(), qPrintable(dialog.problem()));
      QVERIFY(dialog.nodesBox()->isChecked());
      dialog.folderField()->setText(fixture("DeepResNet")); // a file, not a folder
      QVERIFY(!write->isEnabled());
      QVERIFY(dialog.problem().contains("not a folder"));
      dialog.folderField()->setText(dir.filePath("golden"));
      QCOMPARE(dialog.choices().output_dir, dir.filePath("golden"));
      QCOMPARE(dialog.choices().run.input_files, QStringList{torchScript("DeepResNet.in0.npy")});
    }

    const QString folder = dir.filePath("golden");
    QVERIFY(writeGoldenAndWait(window, deepResNetGolden(folder)));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message == QString("Wrote golden data to %1 (1 input, 1 output, 27 node outputs)")
                            .arg(QDir::toNativeSeparators(folder)),
             qPrintable(message));
    QVERIFY(QFileInfo(folder + "/metadata.json").isFile());
    QVERIFY(QFileInfo(folder + "/golden_data.pt").isFile());
    QCOMPARE(QDir(folder + "/nodes").entryList(QDir::Files).size(), 27);
    QCOMPARE(irscope::io::readNpy((folder + "/input0.npy").toStdString()),
             irscope::io::readNpy(torchScript("DeepResNet.in0.npy").toStdString()));
    // The output is what a run of the IR on the same weights and input gives.
    irscope::torchscript::ExecutionOptions options;
    options.threads = std::max(1, QThread::idealThreadCount()); // as the app runs
    const auto run = irscope::torchscript::executeIr(
        document.model.graph,
        irscope::io::readWeightsFile(torchScript("DeepResNet.safetensors").toStdString()),
        {irscope::io::readNpy(torchScript("DeepResNet.in0.npy").toStdString())}, options);
    QCOMPARE(run.outputs.size(), size_t{1});
    QVERIFY(irscope::io::readNpy((folder + "/output0.npy").toStdString()) == run.outputs[0]);
    QCOMPARE(window.document()->model.graph.model_name, std::string("DeepResNet"));
  }

  void goldenDataThatFailsOrIsCancelledSaysSoAndKeepsTheModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QTemporaryDir dir;
    irscope::app::GoldenChoices missing = deepResNetGolden(dir.filePath("golden"));
    missing.run.weights_file = dir.filePath("missing.safetensors");
    QVERIFY(writeGoldenAndWait(window, missing));
    QVERIFY2(window.lastError().contains(missing.run.weights_file), qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QCOMPARE(window.document()->model.graph.model_name, std::string("DeepResNet"));

    // Overwriting a whole folder and cancelling leaves it without metadata.json, so that it is
    // not taken for a whole one.
    const QString folder = dir.filePath("golden");
    QVERIFY(writeGoldenAndWait(window, deepResNetGolden(folder)));
    QVERIFY(QFileInfo(folder + "/metadata.json").isFile());
    QSignalSpy ended(&window.goldenWorkflow(), &irscope::app::GoldenWorkflow::goldenDataEnded);
    window.goldenWorkflow().writeGoldenData(deepResNetGolden(folder));
    QVERIFY(window.goldenWorkflow().writingGoldenData());
    window.goldenWorkflow().cancelGoldenData(); // before the first node has run
    QVERIFY(ended.count() > 0 || ended.wait(60000));
    QVERIFY(!window.goldenWorkflow().writingGoldenData());
    QVERIFY2(window.statusBar()->currentMessage().contains("cancelled"),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(!QFileInfo(folder + "/metadata.json").exists());
    // The next write goes through.
    QVERIFY(writeGoldenAndWait(window, deepResNetGolden(folder)));
    QVERIFY(QFileInfo(folder + "/metadata.json").isFile());
  }

  void comparingWithTheGoldenFolderPassesAtEveryIntermediate() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QTemporaryDir dir;
    const QString folder = dir.filePath("golden");
    QVERIFY(writeGoldenAndWait(window, deepResNetGolden(folder)));
    QVERIFY(compareAndWait(window, folder));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verified());
    QCOMPARE(run->choices.reference, RunChoices::Reference::GoldenFolder);
    const irscope::ir::VerificationReport& report = *run->verification;
    QVERIFY(report.is_valid);
    QCOMPARE(report.max_diff, 0.0);
    QCOMPARE(report.num_outputs, size_t{1});
    QCOMPARE(report.intermediates.size(), size_t{27});
    QVERIFY(!report.first_divergence);
    QVERIFY(!window.runWorkflow().goToFirstDivergence());
    QVERIFY(irscope::app::verdictLine(*run, window.document()->model.graph)
                .startsWith("Verify PASSED"));
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::Error);

    // Remembered: the Run dialog starts with the golden folder, whose inputs replace its own.
    const RunChoices remembered = irscope::app::defaultRunChoices(window.document()->path, false);
    QCOMPARE(remembered.reference, RunChoices::Reference::GoldenFolder);
    QCOMPARE(remembered.golden_folder, folder);
    irscope::app::RunDialog dialog(*window.document(), remembered);
    QVERIFY(dialog.goldenReferenceButton()->isChecked());
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(!dialog.npyInputsButton()->isEnabled());
    dialog.goldenFolderField()->setText(dir.path()); // no metadata.json there
    QVERIFY(dialog.problem().contains("metadata.json"));
    dialog.noReferenceButton()->setChecked(true);
    QVERIFY(dialog.npyInputsButton()->isEnabled());
    QCOMPARE(dialog.choices().reference, RunChoices::Reference::None);
  }

  void comparingPerturbedWeightsWithTheGoldenFolderFailsAtTheirConsumer() {
    QTemporaryDir dir;
    const QString weights = perturbedWeights(dir, "res_block2.conv1.weight", 1.0f);
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    const QString folder = dir.filePath("golden");
    QVERIFY(writeGoldenAndWait(window, deepResNetGolden(folder)));
    // Run with the perturbed weights (and seeded inputs), then compare: the weights of that run,
    // the folder's inputs.
    RunChoices seeded = deepResNetRun(weights);
    seeded.inputs = RunChoices::Inputs::Seeded;
    QVERIFY(runAndWait(window, seeded));
    QVERIFY(compareAndWait(window, folder));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verified());
    QCOMPARE(run->choices.weights_file, weights);
    QVERIFY(!run->verification->is_valid);
    const std::optional<int> divergence = run->firstDivergence();
    // Everything before it is exact: the run took the folder's input, not seeded values.
    expectDivergenceAtThePerturbedConv(window, *run);
    if (QTest::currentTestFailed())
      return;
    QVERIFY(window.runWorkflow().goToFirstDivergence());
    QCOMPARE(window.properties()->shownNode(), *divergence);
    QVERIFY(irscope::app::verdictLine(*run, window.document()->model.graph)
                .startsWith("Verify FAILED"));
  }

  void comparingWithAFolderWithoutMetadataSaysSoAndKeepsTheModel() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QTemporaryDir dir;
    QVERIFY(compareAndWait(window, dir.path()));
    QVERIFY2(window.lastError().contains(dir.path()) &&
                 window.lastError().contains("metadata.json"),
             qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QVERIFY(!window.session().lastRun());
    QCOMPARE(window.document()->model.graph.model_name, std::string("DeepResNet"));
    QVERIFY(window.windowTitle().startsWith("DeepResNet"));
    // Run without the dialog's check, the worker says the same in one line.
    RunChoices choices = deepResNetRun();
    choices.reference = RunChoices::Reference::GoldenFolder;
    choices.golden_folder = dir.path();
    QVERIFY(runAndWait(window, choices));
    QVERIFY2(window.lastError().startsWith(dir.path()) &&
                 window.lastError().contains("metadata.json"),
             qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QVERIFY(!window.session().lastRun());
    QCOMPARE(window.document()->model.graph.model_name, std::string("DeepResNet"));
  }

  void theRunDialogEnablesRunOnlyForValidChoices() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    const auto& document = *window.document();
    const RunChoices defaults = irscope::app::defaultRunChoices(document.path, false);
    // The weights and the TorchScript beside the model are found.
    QVERIFY(defaults.weights_file.endsWith("DeepResNet.safetensors"));
    QCOMPARE(defaults.reference, RunChoices::Reference::TorchScript);
    QVERIFY(defaults.reference_file.endsWith("DeepResNet.ts.pt"));
    irscope::app::RunDialog dialog(document, defaults);
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog.problem()));
    QCOMPARE(ok->text(), QString("Run and Verify"));
    dialog.weightsField()->setText("/nonexistent/weights.safetensors");
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.problem().contains("/nonexistent/weights.safetensors"));
    dialog.weightsField()->setText(defaults.weights_file);
    QVERIFY(ok->isEnabled());
    // DeepResNet.in0.npy beside the model fills the input's field; an empty one cannot run.
    QCOMPARE(dialog.inputField(0)->text(), torchScript("DeepResNet.in0.npy"));
    dialog.inputField(0)->clear();
    dialog.npyInputsButton()->setChecked(true);
    QVERIFY(!ok->isEnabled());
    dialog.inputField(0)->setText(torchScript("DeepResNet.in0.npy"));
    QVERIFY(ok->isEnabled());
    dialog.noReferenceButton()->setChecked(true);
    QCOMPARE(ok->text(), QString("Run"));
    const RunChoices chosen = dialog.choices();
    QCOMPARE(chosen.inputs, RunChoices::Inputs::NpyFiles);
    QCOMPARE(chosen.input_files, QStringList{torchScript("DeepResNet.in0.npy")});
    QCOMPARE(chosen.reference, RunChoices::Reference::None);

    // Remembered per model. A remembered weights file that is gone gives way to the one beside
    // the model; one that exists wins over it.
    RunChoices remembered = chosen;
    remembered.weights_file = "/elsewhere/other.safetensors";
    remembered.seed = 7;
    remembered.dtype = "bfloat16";
    irscope::app::rememberRunChoices(document.path, remembered);
    const RunChoices again = irscope::app::defaultRunChoices(document.path, false);
    QCOMPARE(again.seed, quint64{7});
    QCOMPARE(again.dtype, QString("bfloat16"));
    QCOMPARE(again.reference, RunChoices::Reference::None);
    QCOMPARE(again.weights_file, defaults.weights_file);
    remembered.weights_file = torchScript("DeepResNet.state_dict.pt");
    irscope::app::rememberRunChoices(document.path, remembered);
    QCOMPARE(irscope::app::defaultRunChoices(document.path, false).weights_file,
             remembered.weights_file);
  }

  void theRunDialogTakesATorchScriptModelsWeightsFromTheFile() {
    MainWindow window;
    window.show();
    QSignalSpy changed(&window, &MainWindow::documentChanged);
    window.documentWorkflow().openTorchScript(torchScript("DeepResNet.ts.pt"),
                                              {{{1, 3, 32, 32}, "float32"}});
    QVERIFY(changed.wait(30000));
    QVERIFY(window.document()->from_torchscript);
    irscope::app::RunDialog dialog(*window.document(),
                                   irscope::app::defaultRunChoices(window.document()->path, true));
    QVERIFY(!dialog.weightsField()->isEnabled());
    QVERIFY(dialog.weightsField()->text().isEmpty());
    QVERIFY(dialog.torchScriptReferenceButton()->isChecked());
    QVERIFY(!dialog.referenceField()->isEnabled());
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));

    // The Weights dock takes its statistics from the extraction that opened the file.
    QVERIFY(window.document()->weight_statistics);
    QVERIFY(window.weightsWorkflow().selectWeight("conv1.weight"));
    QTRY_VERIFY_WITH_TIMEOUT(window.weightDetails()->histogram()->statistics().has_value(), 20000);
    QCOMPARE(window.weightDetails()->histogram()->statistics()->count, int64_t{32 * 3 * 3 * 3});
  }

  void theWeightsDockReadsStatisticsOnlyWhenAsked() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    QVERIFY(window.weightDetails()->text().startsWith("Select a weight"));
    QVERIFY(window.weightsWorkflow().selectWeight("conv1.weight"));
    QTRY_VERIFY_WITH_TIMEOUT(window.weightDetails()->histogram()->statistics().has_value(), 20000);
    const auto& statistics = *window.weightDetails()->histogram()->statistics();
    QCOMPARE(statistics.count, int64_t{32 * 3 * 3 * 3});
    QVERIFY(window.weightDetails()->text().contains("mean "));
    // Another weight comes from the same read, at once.
    QVERIFY(window.weightsWorkflow().selectWeight("fc.bias"));
    QCOMPARE(window.weightDetails()->histogram()->statistics()->count, int64_t{10});

    // A model with no weights file beside it says so.
    QVERIFY(openAndWait(window, fixture("encoder24")));
    QVERIFY(window.weightDetails()->text().startsWith("Select a weight"));
    QVERIFY(window.weightsTable()->rowCount() > 0);
    window.weightsTable()->setCurrentCell(0, 0);
    QVERIFY2(window.weightDetails()->text().contains("No weights file"),
             qPrintable(window.weightDetails()->text()));
  }

  void theOperatorsDockListsEachOpWithItsMapping() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, example("resnet18")));
    using Dock = irscope::app::OperatorsDock;
    const Dock* dock = window.operatorsDock();
    const QTreeWidgetItem* pool = dock->opItem("aten.adaptive_avg_pool2d.default");
    QVERIFY(pool);
    QCOMPARE(pool->text(Dock::Status), QString("fallback"));
    QCOMPARE(pool->text(Dock::Score), QString("0.00"));
    QCOMPARE(pool->text(Dock::Count), QString("1"));
    QCOMPARE(pool->childCount(), 1);
    QVERIFY2(pool->child(0)->text(0).contains("output size"), qPrintable(pool->child(0)->text(0)));

    const auto convs = configurationsOf(window, "aten.conv2d.default");
    QCOMPARE(convs.size(), 11);
    int conv_nodes = 0;
    for (const auto& nodes : convs)
      conv_nodes += nodes.size();
    const QTreeWidgetItem* conv = dock->opItem("aten.conv2d.default");
    QVERIFY(conv);
    QCOMPARE(conv->text(Dock::Configurations), QString::number(convs.size()));
    QCOMPARE(conv->childCount(), convs.size());
    QCOMPARE(conv->text(Dock::Count), QString::number(conv_nodes));
    QCOMPARE(conv->text(Dock::Target), QString("ttnn.conv2d"));
    QCOMPARE(conv->text(Dock::Status), QString("converted"));
    QCOMPARE(conv->text(Dock::Score), QString("1.00"));
    // A configuration reads as its arguments: the stem conv's input and kernel.
    bool stem = false;
    for (int c = 0; c < conv->childCount(); ++c)
      stem = stem || conv->child(c)->text(0).startsWith("[1,3,224,224] float32 \u00b7 "
                                                        "[64,3,7,7] float32 \u00b7 stride [2,2]");
    QVERIFY(stem);
    QCOMPARE(dock->opItem("aten.batch_norm.default")->text(Dock::Status), QString("decomposed"));

    // One row per op type; sorted by count, the most common first.
    QSet<QString> ops;
    for (const auto& node : window.document()->model.graph.nodes)
      if (!node.isGetItem())
        ops.insert(QString::fromStdString(node.op_type));
    QCOMPARE(dock->tree()->topLevelItemCount(), ops.size());
    dock->tree()->sortByColumn(Dock::Count, Qt::DescendingOrder);
    for (int i = 1; i < dock->tree()->topLevelItemCount(); ++i)
      QVERIFY(dock->tree()->topLevelItem(i - 1)->text(Dock::Count).toInt() >=
              dock->tree()->topLevelItem(i)->text(Dock::Count).toInt());
    dock->tree()->sortByColumn(Dock::Score, Qt::AscendingOrder);
    QCOMPARE(dock->tree()->topLevelItem(0)->text(Dock::Op),
             QString("aten.adaptive_avg_pool2d.default"));
    // The filter matches ops and target ops.
    dock->filter()->setText("pool");
    int shown = 0;
    for (int i = 0; i < dock->tree()->topLevelItemCount(); ++i)
      shown += !dock->tree()->topLevelItem(i)->isHidden();
    QCOMPARE(shown, 2);
    dock->filter()->setText("ttnn.relu");
    QVERIFY(!dock->opItem("aten.relu_.default")->isHidden());
    QVERIFY(dock->opItem("aten.conv2d.default")->isHidden());
  }

  void choosingAnOpOrAConfigurationMarksExactlyItsNodes() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, example("resnet18")));
    irscope::app::OperatorsDock* dock = window.operatorsDock();
    QTreeWidgetItem* conv = dock->opItem("aten.conv2d.default");
    const auto convs = configurationsOf(window, "aten.conv2d.default");
    QSet<int> all;
    for (const auto& nodes : convs)
      all += nodes;
    dock->tree()->setCurrentItem(conv);
    QCOMPARE(markedItems(window), itemsOf(window, all));
    // Each configuration marks its own nodes, and no other: every group is met exactly once.
    QSet<QString> met;
    for (int c = 0; c < conv->childCount(); ++c) {
      dock->tree()->setCurrentItem(conv->child(c));
      const QSet<int> marked = markedItems(window);
      QString which;
      for (auto group = convs.begin(); group != convs.end(); ++group)
        if (itemsOf(window, group.value()) == marked)
          which = group.key();
      QVERIFY2(!which.isEmpty(), qPrintable(conv->child(c)->text(0)));
      QVERIFY(!met.contains(which));
      met.insert(which);
      QVERIFY(conv->child(c)->text(0).contains(
          QString("%1 node%2").arg(marked.size()).arg(marked.size() == 1 ? "" : "s")));
      // and selects the first of them
      const int selected = window.properties()->shownNode();
      QVERIFY(convs[which].contains(selected));
    }
    QCOMPARE(met.size(), convs.size());
  }

  void colouringByMappingNeedsNoRun() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, example("resnet18")));
    QVERIFY(!window.session().lastRun());
    QVERIFY(irscope::app::colouringAvailable(ColourBy::Mapping, nullptr));
    QAction* action = nullptr;
    for (QAction* candidate : window.findChildren<QAction*>())
      if (candidate->text() == irscope::app::colouringLabel(ColourBy::Mapping))
        action = candidate;
    QVERIFY(action && action->isEnabled());
    QCOMPARE(action->shortcut(), QKeySequence(Qt::ALT | Qt::Key_4));
    action->trigger();
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::Mapping);
    const auto& document = *window.document();
    const auto& heat = window.view()->heatMap();
    QCOMPARE(heat.fills.size(), document.diagram.items.size());
    using irscope::ir::CoverageClass;
    const int pool = firstNodeOf(window, "aten.adaptive_avg_pool2d.default");
    const int conv = firstNodeOf(window, "aten.conv2d.default");
    QCOMPARE(heat.fills[document.item_of_node[pool]],
             irscope::app::mappingColor(CoverageClass::Fallback));
    QCOMPARE(heat.fills[document.item_of_node[conv]],
             irscope::app::mappingColor(CoverageClass::Converted));
    QVERIFY(irscope::app::mappingColor(CoverageClass::Fallback) !=
            irscope::app::mappingColor(CoverageClass::Converted));
    QVERIFY(heat.legend);
    QStringList classes;
    for (const auto& swatch : heat.legend->swatches)
      classes << swatch.label;
    QCOMPARE(classes, (QStringList{"converted", "removed", "fallback", "unmapped"}));
    // The export draws the fallback colour too.
    QTemporaryDir dir;
    QString error;
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("mapping.png"), &error),
             qPrintable(error));
    const QImage png(dir.filePath("mapping.png"));
    bool found = false;
    for (int y = 0; y < png.height() && !found; y += 2)
      for (int x = 0; x < png.width() && !found; x += 2)
        found = png.pixelColor(x, y) == irscope::app::mappingColor(CoverageClass::Fallback);
    QVERIFY(found);
  }

  void collapsedGroupsShowTheShareOfTheirOpsThatMap() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("encoder24"))); // opens collapsed: one box per layer
    window.colouringWorkflow().setColourBy(ColourBy::Mapping);
    const auto& document = *window.document();
    const auto& heat = window.view()->heatMap();
    QVERIFY(heat.legend && heat.legend->any_value);
    QVERIFY(heat.legend->ramp_title.contains("share"));
    QCOMPARE(heat.legend->scale, irscope::render::HeatScale::Share);
    int groups = 0;
    for (size_t i = 0; i < document.diagram.items.size(); ++i) {
      if (document.diagram.items[i].kind != irscope::layout::ItemKind::CollapsedGroup)
        continue;
      ++groups;
      int ops = 0, mapped = 0;
      for (int n = 0; n < document.nodeCount(); ++n) {
        const auto& node = document.model.graph.nodes[n];
        if (document.item_of_node[n] != static_cast<int>(i) || node.isGetItem())
          continue;
        ++ops;
        const auto coverage =
            irscope::ir::mapNode(window.session().operatorMapping(), node).coverage;
        mapped += coverage == irscope::ir::CoverageClass::Converted ||
                  coverage == irscope::ir::CoverageClass::Removed;
      }
      QVERIFY(ops > 0);
      QVERIFY(mapped < ops); // each layer has its rank-5 transpose, which falls back
      QCOMPARE(heat.fills[i], irscope::render::shareColor(double(mapped) / ops));
      window.view()->selectItem(static_cast<int>(i));
      QCOMPARE(
          propertyValue(*window.properties(), "target"),
          QString("%1 of %2 ops map (%3%)").arg(mapped).arg(ops).arg(qRound(100.0 * mapped / ops)));
    }
    QCOMPARE(groups, 24);
  }

  void propertiesShowTheNodesTarget() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, example("resnet18")));
    window.selectNode(firstNodeOf(window, "aten.conv2d.default"));
    QCOMPARE(propertyValue(*window.properties(), "target"), QString("converted (TTNN)"));
    const QTreeWidgetItem* target = findRow(*window.properties(), "target");
    QCOMPARE(childValue(target, "TTNN ops"), QString("ttnn.conv2d"));
    window.selectNode(firstNodeOf(window, "aten.adaptive_avg_pool2d.default"));
    QCOMPARE(propertyValue(*window.properties(), "target"), QString("fallback (TTNN)"));
    target = findRow(*window.properties(), "target");
    QVERIFY(childValue(target, "note").contains("adaptive pooling"));
    QVERIFY2(childValue(target, "reason").startsWith("adaptive_avg_pool2d: [1, 1] output size; "),
             qPrintable(childValue(target, "reason")));
  }

  void aMalformedMappingFileShowsOneLineAndChangesNothing() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, example("resnet18")));
    QTemporaryDir dir;
    const QString bad = writeFile(dir, "bad.json", R"({"format": "irscope-op-mapping", "version": 1,
      "target": "TTNN", "ops": {"aten.max_pool2d.default": {"targets": ["ttnn.max_pool2d"],
      "status": "converted", "requires": [{"value": "input0.shap[1]", "eq": 16}]}}})");
    const irscope::ir::OpMapping* mapping = &window.session().operatorMapping();
    const irscope::app::ModelMapping* mapped = window.session().modelMapping();
    QVERIFY(!window.mappingWorkflow().loadOperatorMapping(bad));
    const QString error = window.lastError();
    QVERIFY2(error.startsWith(bad + ": ops[\"aten.max_pool2d.default\"].requires[0].value"),
             qPrintable(error));
    QVERIFY(!error.contains('\n'));
    bool dialog = false;
    for (const QMessageBox* box : window.findChildren<QMessageBox*>())
      dialog = dialog || (box->isVisible() && box->text() == error);
    QVERIFY(dialog);
    QCOMPARE(&window.session().operatorMapping(), mapping);
    QCOMPARE(window.session().modelMapping(), mapped);
    QVERIFY(window.session().operatorMappingFile().isEmpty());
    QVERIFY(!QSettings().contains("mapping/file"));
    QCOMPARE(window.operatorsDock()
                 ->opItem("aten.max_pool2d.default")
                 ->text(irscope::app::OperatorsDock::Status),
             QString("converted"));
    // Not JSON at all, and no file at all, say so in one line too.
    QVERIFY(
        !window.mappingWorkflow().loadOperatorMapping(writeFile(dir, "text.json", "ops: none")));
    QVERIFY2(window.lastError().contains("not valid JSON"), qPrintable(window.lastError()));
    QVERIFY(!window.mappingWorkflow().loadOperatorMapping(dir.filePath("missing.json")));
    QVERIFY(window.lastError().startsWith(dir.filePath("missing.json")));
    QCOMPARE(&window.session().operatorMapping(), mapping);
  }

  void aMappingOverrideTurnsTheStemPoolIntoAFallback() {
    QTemporaryDir dir;
    const QString path = writeFile(dir, "pools.json", kPoolOverride);
    {
      MainWindow window;
      window.show();
      QVERIFY(openAndWait(window, example("resnet18")));
      const int pool = firstNodeOf(window, "aten.max_pool2d.default");
      QVERIFY(window.mappingWorkflow().loadOperatorMapping(path));
      QCOMPARE(window.session().operatorMappingFile(), path);
      const QTreeWidgetItem* row = window.operatorsDock()->opItem("aten.max_pool2d.default");
      QCOMPARE(row->text(irscope::app::OperatorsDock::Status), QString("fallback"));
      QCOMPARE(row->text(irscope::app::OperatorsDock::Score), QString("0.00"));
      QVERIFY2(row->child(0)->text(0).contains("fallback: 64 channels; needs a multiple of 128"),
               qPrintable(row->child(0)->text(0)));
      window.selectNode(pool);
      QCOMPARE(propertyValue(*window.properties(), "target"), QString("fallback (TTNN)"));
      QCOMPARE(childValue(findRow(*window.properties(), "target"), "reason"),
               QString("max_pool2d: 64 channels; needs a multiple of 128"));
      window.colouringWorkflow().setColourBy(ColourBy::Mapping);
      QCOMPARE(window.view()->heatMap().fills[window.document()->item_of_node[pool]],
               irscope::app::mappingColor(irscope::ir::CoverageClass::Fallback));
      // The other entries are still the built-in ones.
      QCOMPARE(window.operatorsDock()
                   ->opItem("aten.conv2d.default")
                   ->text(irscope::app::OperatorsDock::Status),
               QString("converted"));
    }
    {
      // Loaded again at the next start.
      MainWindow window;
      QCOMPARE(window.session().operatorMappingFile(), path);
      QVERIFY(window.session()
                  .operatorMapping()
                  .find("aten.max_pool2d.default")
                  ->requires_all[0]
                  .because == "needs a multiple of 128");
      window.mappingWorkflow().resetOperatorMapping();
      QVERIFY(window.session().operatorMappingFile().isEmpty());
      QVERIFY(!QSettings().contains("mapping/file"));
      QVERIFY(window.session()
                  .operatorMapping()
                  .find("aten.max_pool2d.default")
                  ->requires_all[0]
                  .because != "needs a multiple of 128");
    }
    {
      // Gone by the next start: dropped, with a note in the status bar and no dialog.
      QSettings().setValue("mapping/file", dir.filePath("gone.json"));
      MainWindow window;
      QVERIFY(window.session().operatorMappingFile().isEmpty());
      QVERIFY(!QSettings().contains("mapping/file"));
      QVERIFY2(window.statusBar()->currentMessage().contains("gone.json"),
               qPrintable(window.statusBar()->currentMessage()));
      QVERIFY(window.lastError().isEmpty());
    }
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

  void modulesShowMacsAndOutputShapesBeforeAnyAnalysis() {
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));
    QVERIFY(window.modulesDock()->groupItem("full_model"));
    QCOMPARE(moduleText(window, "full_model", ModulesDock::What), QString("DeepResNet"));
    // fc is Linear(32, 10) on a [1, 32] input: 1x10 outputs x 32 in_features = 320 MACs.
    QCOMPARE(moduleText(window, "fc", ModulesDock::Macs), QString("320"));
    QCOMPARE(moduleText(window, "fc", ModulesDock::OutputShape), QString("[1, 10]"));
    // conv1 is Conv2d(3, 32, 3, padding=1): 1x32x32x32 outputs x 3 in_channels x 3x3 = 884,736;
    // each of the six 32->32 3x3 convs in the residual blocks 1x32x32x32 x 32 x 3x3 = 9,437,184;
    // with fc's 320 the model does 884,736 + 6 x 9,437,184 + 320 = 57,508,160 MACs.
    QCOMPARE(moduleText(window, "conv1", ModulesDock::Macs), QString("885 K"));
    QCOMPARE(moduleText(window, "full_model", ModulesDock::Macs), QString("57.5 M"));
    QCOMPARE(moduleText(window, "avgpool", ModulesDock::OutputShape), QString("[1, 32, 1, 1]"));
    // No status until an analysis, and nothing to colour by.
    QVERIFY(moduleText(window, "full_model", ModulesDock::Status).isEmpty());
    QVERIFY(moduleText(window, "avgpool", ModulesDock::Status).isEmpty());
    QAction* colour = actionNamed(window, irscope::app::colouringLabel(ColourBy::ModuleStatus));
    QVERIFY(colour);
    QVERIFY(!colour->isEnabled());
    QCOMPARE(colour->shortcut(), QKeySequence(Qt::ALT | Qt::Key_5));
    QAction* analyze = actionNamed(window, "Analyze &Modules...");
    QVERIFY(analyze && analyze->isEnabled());
    QCOMPARE(analyze->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
  }

  void theAnalyzeModulesDialogOffersWhatTheBackendUses() {
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));
    const auto& document = *window.document();
    QSettings().remove("moduleAnalysis");
    const ModuleAnalysisChoices defaults =
        irscope::app::defaultModuleAnalysisChoices(document.path, true);
    QCOMPARE(defaults.backend, irscope::ir::AnalysisBackend::Mapping);
    QCOMPARE(defaults.pcc_threshold, 0.99);
    QCOMPARE(QFileInfo(defaults.output_dir).fileName(), QString("DeepResNet.modules"));
    irscope::app::ModuleAnalysisDialog dialog(document, defaults);
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog.problem()));
    QCOMPARE(dialog.backendBox()->currentText(), QString("mapping"));
    // The PCC and the weights and inputs are for the cpu backends only.
    QVERIFY(!dialog.pccBox()->isEnabled());
    QVERIFY(!dialog.runData()->isEnabled());
    dialog.backendBox()->setCurrentText("cpu-bf16");
    QVERIFY(dialog.pccBox()->isEnabled());
    QVERIFY(dialog.runData()->isEnabled());
    QVERIFY(!dialog.runData()->weightsField()->isEnabled()); // from the TorchScript file
    dialog.runData()->inputField(0)->clear(); // DeepResNet.in0.npy beside it filled it in
    dialog.runData()->npyInputsButton()->setChecked(true);
    QVERIFY(!ok->isEnabled()); // no .npy chosen
    dialog.runData()->inputField(0)->setText(torchScript("DeepResNet.in0.npy"));
    QVERIFY2(ok->isEnabled(), qPrintable(dialog.problem()));
    QTemporaryDir dir;
    dialog.writeBox()->setChecked(true);
    dialog.folderField()->setText(fixture("DeepResNet")); // a file
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.problem().contains("not a folder"));
    dialog.folderField()->setText(dir.filePath("out"));
    QVERIFY(ok->isEnabled());
    dialog.rootOnlyBox()->setChecked(true);
    const ModuleAnalysisChoices chosen = dialog.choices();
    QCOMPARE(chosen.backend, irscope::ir::AnalysisBackend::CpuBfloat16);
    QVERIFY(chosen.root_only && chosen.write_folder);
    QCOMPARE(chosen.output_dir, dir.filePath("out"));
    QCOMPARE(chosen.run.input_files, QStringList{torchScript("DeepResNet.in0.npy")});
    // Remembered for the next time, the folder per model.
    irscope::app::rememberModuleAnalysisChoices(document.path, chosen);
    const ModuleAnalysisChoices again =
        irscope::app::defaultModuleAnalysisChoices(document.path, true);
    QCOMPARE(again.backend, irscope::ir::AnalysisBackend::CpuBfloat16);
    QCOMPARE(again.output_dir, dir.filePath("out"));
    QVERIFY(again.write_folder && again.root_only);
    QSettings().remove("moduleAnalysis");
  }

  void analyzingModulesWithTheMappingBackendShowsEachModulesStatus() {
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));
    QTemporaryDir dir;
    ModuleAnalysisChoices choices = analysisWith(irscope::ir::AnalysisBackend::Mapping);
    choices.write_folder = true;
    choices.output_dir = dir.filePath("analysis");
    QVERIFY(analyzeAndWait(window, choices));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QVERIFY(window.session().moduleAnalysis());
    for (const char* file : {"unique_modules.json", "summary.md", "analysis_report.html"})
      QVERIFY2(QFileInfo(dir.filePath(QString("analysis/") + file)).isFile(), file);
    QVERIFY2(window.statusBar()->currentMessage().contains("failed 2"),
             qPrintable(window.statusBar()->currentMessage()));

    // The 32x32 -> 1x1 adaptive pool falls back: avgpool fails, and with it the whole model;
    // everything else maps. res_block2 is an occurrence of res_block1's unique module.
    QCOMPARE(moduleText(window, "avgpool", ModulesDock::Status), QString("failed"));
    QCOMPARE(moduleText(window, "full_model", ModulesDock::Status), QString("failed"));
    QCOMPARE(moduleText(window, "res_block1", ModulesDock::Status), QString("success"));
    QCOMPARE(moduleText(window, "res_block3", ModulesDock::Status), QString("success"));
    QCOMPARE(moduleText(window, "res_block1.conv1", ModulesDock::Status),
             QString("inherited_success"));
    QCOMPARE(moduleText(window, "fc", ModulesDock::Status), QString("success"));
    QVERIFY(failedOpRows(window, "res_block1").isEmpty());
    QCOMPARE(failedOpRows(window, "full_model").size(), 1);

    // The failed op under avgpool: its op, why, and a click selects its node.
    const int pool = nodeIndex(window, "adaptive_avg_pool2d");
    const QList<QTreeWidgetItem*> failed = failedOpRows(window, "avgpool");
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.front()->text(ModulesDock::Group), QString("aten.adaptive_avg_pool2d.default"));
    QVERIFY2(failed.front()->text(ModulesDock::What).contains("adaptive_avg_pool2d"),
             qPrintable(failed.front()->text(ModulesDock::What)));
    QCOMPARE(failed.front()->toolTip(ModulesDock::Group),
             "node adaptive_avg_pool2d in avgpool: " + failed.front()->text(ModulesDock::What));
    QCOMPARE(ModulesDock::failedOpNode(failed.front()), pool);
    QVERIFY(failed.front()->parent()->isExpanded());
    emit window.modulesDock()->tree()->itemClicked(failed.front(), 0);
    QCOMPARE(window.properties()->shownNode(), pool);
    QTRY_COMPARE_WITH_TIMEOUT(window.view()->selectedItem(), window.document()->item_of_node[pool],
                              20000);

    // The canvas is coloured by status: the failed op red, an inherited_success conv its green.
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::ModuleStatus);
    QVERIFY(actionNamed(window, irscope::app::colouringLabel(ColourBy::ModuleStatus))->isEnabled());
    const QColor red = irscope::app::moduleStatusColor(ModuleStatus::Failed);
    QCOMPARE(red, QColor("#ef4444"));
    QTRY_VERIFY_WITH_TIMEOUT(!window.documentWorkflow().loading(), 20000);
    const auto& heat = window.view()->heatMap();
    QCOMPARE(heat.fills.size(), window.document()->diagram.items.size());
    QCOMPARE(heat.fills[window.document()->item_of_node[pool]], red);
    const int conv = nodeIndex(window, "conv2d_1"); // res_block1.conv1's
    QCOMPARE(QString::fromStdString(window.document()->model.graph.nodes[conv].module_path),
             QString("res_block1.conv1"));
    QCOMPARE(heat.fills[window.document()->item_of_node[conv]],
             irscope::app::moduleStatusColor(ModuleStatus::InheritedSuccess));
    QVERIFY(heat.legend && heat.legend->swatches.size() == 6);

    // Properties: the failed op's module and error; a node inside a module its status.
    window.selectNode(pool);
    QCOMPARE(propertyValue(*window.properties(), "module analysis"),
             QString("failed op in avgpool"));
    QTreeWidgetItem* section = findRow(*window.properties(), "module analysis");
    QCOMPARE(childValue(section, "module"), QString("avgpool"));
    QCOMPARE(childValue(section, "error"), failed.front()->text(ModulesDock::What));
    QCOMPARE(childValue(section, "also fails"), QString("full_model"));
    QCOMPARE(childValue(section, "module status"), QString("failed"));
    window.selectNode(conv);
    QCOMPARE(propertyValue(*window.properties(), "module analysis"),
             QString("inherited_success (res_block1.conv1)"));

    // Collapsed, each group takes its module's status; the exports draw the same colours.
    QSignalSpy relaid(&window, &MainWindow::documentChanged);
    actionNamed(window, "&Collapse to Top Level")->trigger();
    QVERIFY(relaid.wait(20000));
    const auto& document = *window.document();
    const int pool_item = document.item_of_node[pool];
    const int block_item = document.item_of_node[conv];
    // avgpool holds one op, which is drawn as itself
    // (layout::DiagramOptions::fold_single_op_modules).
    QCOMPARE(document.diagram.items[pool_item].kind, irscope::layout::ItemKind::Op);
    QCOMPARE(document.diagram.items[block_item].kind, irscope::layout::ItemKind::CollapsedGroup);
    QCOMPARE(window.view()->heatMap().fills[pool_item], red);
    QCOMPARE(window.view()->heatMap().fills[block_item],
             irscope::app::moduleStatusColor(ModuleStatus::Success));
    QString error;
    QVERIFY2(window.exportWorkflow().exportTo(dir.filePath("statuses.png"), &error),
             qPrintable(error));
    const QImage png(dir.filePath("statuses.png"));
    bool found = false;
    for (int y = 0; y < png.height() && !found; y += 2)
      for (int x = 0; x < png.width() && !found; x += 2)
        found = png.pixelColor(x, y) == red;
    QVERIFY(found);

    // Another model: the analysis no longer applies.
    QVERIFY(openAndWait(window, fixture("WeightTying")));
    QVERIFY(!window.session().moduleAnalysis());
    QVERIFY(
        !actionNamed(window, irscope::app::colouringLabel(ColourBy::ModuleStatus))->isEnabled());
  }

  void loadingAModuleAnalysisMatchesModulesByPath() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("analysis");
    {
      MainWindow window;
      window.show();
      QVERIFY(openDeepResNetTorchScript(window));
      ModuleAnalysisChoices choices = analysisWith(irscope::ir::AnalysisBackend::Mapping);
      choices.write_folder = true;
      choices.output_dir = folder;
      QVERIFY(analyzeAndWait(window, choices));
    }
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));

    // A bad file: one line naming it, and nothing changes.
    const QString bad = writeFile(dir, "bad.json", R"({"metadata": {"model_class": "DeepResNet"},
      "modules": [{"id": "mod_000_full_model", "module_path": "full_model", "status": "fine"}]})");
    QVERIFY(!window.moduleAnalysisWorkflow().loadModuleAnalysis(bad));
    QVERIFY2(window.lastError().startsWith(bad + ": "), qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QVERIFY(messageBoxShows(window, window.lastError()));
    QVERIFY(!window.session().moduleAnalysis());
    QVERIFY(moduleText(window, "avgpool", ModulesDock::Status).isEmpty());
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::None);

    QVERIFY(window.moduleAnalysisWorkflow().loadModuleAnalysis(folder + "/unique_modules.json"));
    QVERIFY(window.session().moduleAnalysis());
    const irscope::app::ModelModuleAnalysis* loaded = window.session().moduleAnalysis();
    QCOMPARE(loaded->matched_modules, size_t{9});
    QCOMPARE(moduleText(window, "avgpool", ModulesDock::Status), QString("failed"));
    QCOMPARE(moduleText(window, "full_model", ModulesDock::Status), QString("failed"));
    // Every occurrence takes its unique module's status.
    for (const char* block : {"res_block1", "res_block2", "res_block3"})
      QCOMPARE(moduleText(window, block, ModulesDock::Status), QString("success"));
    QCOMPARE(moduleText(window, "res_block3.bn2", ModulesDock::Status), QString("success"));
    QCOMPARE(ModulesDock::failedOpNode(failedOpRows(window, "avgpool").value(0)),
             nodeIndex(window, "adaptive_avg_pool2d"));
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::ModuleStatus);

    // Not JSON, another model's analysis: one line each, and the loaded one stays.
    QVERIFY(!window.moduleAnalysisWorkflow().loadModuleAnalysis(
        writeFile(dir, "text.json", "modules: none")));
    QVERIFY(!window.lastError().contains('\n'));
    const QString other = writeFile(dir, "other.json", R"({"metadata": {"model_class": "Other"},
      "modules": [{"id": "mod_000_x", "class_name": "X", "module_path": "encoder.layer9",
                   "status": "success"}]})");
    QVERIFY(!window.moduleAnalysisWorkflow().loadModuleAnalysis(other));
    QVERIFY2(window.lastError().contains("none of its 1 modules"), qPrintable(window.lastError()));
    QCOMPARE(window.session().moduleAnalysis(), loaded);
    QCOMPARE(moduleText(window, "avgpool", ModulesDock::Status), QString("failed"));
  }

  void aModelWithoutModulePathsHasNothingToAnalyse() {
    MainWindow window;
    window.show();
    // torch_ir JSON that reads no weight: no module paths, not even inferred ones.
    QTemporaryDir dir;
    QVERIFY(
        openAndWait(window, writeFile(dir, "NoWeights.json", irscope::testing::kNoWeightsTorchIr)));
    QCOMPARE(window.document()->model.module_paths, irscope::ir::ModulePathSource::None);
    irscope::app::ModuleAnalysisDialog dialog(
        *window.document(),
        irscope::app::defaultModuleAnalysisChoices(window.document()->path, false));
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY2(dialog.problem().contains("no module paths"), qPrintable(dialog.problem()));
    QVERIFY(analyzeAndWait(window, analysisWith(irscope::ir::AnalysisBackend::Mapping)));
    QVERIFY2(window.lastError().contains("no module paths"), qPrintable(window.lastError()));
    QVERIFY(!window.lastError().contains('\n'));
    QVERIFY(messageBoxShows(window, window.lastError()));
    QVERIFY(!window.session().moduleAnalysis());
    QCOMPARE(window.document()->model.graph.model_name, std::string("NoWeights"));

    // A cpu backend whose input file is missing says so, and the model stays.
    MainWindow torch;
    torch.show();
    QVERIFY(openDeepResNetTorchScript(torch));
    ModuleAnalysisChoices missing = analysisWith(irscope::ir::AnalysisBackend::CpuBfloat16);
    missing.run.inputs = RunChoices::Inputs::NpyFiles;
    missing.run.input_files = {"/nonexistent/in0.npy"};
    QVERIFY(analyzeAndWait(torch, missing));
    QVERIFY2(torch.lastError().contains("/nonexistent/in0.npy"), qPrintable(torch.lastError()));
    QVERIFY(!torch.session().moduleAnalysis());
  }

  // Closing the window, or reloading the model, cancels the jobs that work on it and waits for
  // them: nothing is left running that could report to a window or a model that is gone.
  void closingTheWindowCancelsAndJoinsItsJobs() {
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));
    window.moduleAnalysisWorkflow().analyzeModules(
        analysisWith(irscope::ir::AnalysisBackend::CpuBfloat16));
    // Closed while it runs, with no event processed since it started (so it cannot have been
    // heard to end): only a joined worker is no longer running right after.
    const bool was_running = window.moduleAnalysisWorkflow().analyzingModules();
    window.close();
    const bool still_running = window.moduleAnalysisWorkflow().analyzingModules();
    QVERIFY(was_running);
    QVERIFY(!still_running);
    QTest::qWait(100); // anything the job left queued is delivered now, and must not count
    QVERIFY(!window.session().moduleAnalysis()); // it ended as cancelled
  }

  void reloadingTheModelCancelsAndJoinsTheJobsOfTheOldOne() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixture("DeepResNet")));
    const int generation = window.session().generation();
    QSignalSpy ended(&window.moduleAnalysisWorkflow(),
                     &irscope::app::ModuleAnalysisWorkflow::moduleAnalysisEnded);
    ModuleAnalysisChoices choices = analysisWith(irscope::ir::AnalysisBackend::CpuBfloat16);
    choices.run.weights_file = torchScript("DeepResNet.safetensors");
    window.moduleAnalysisWorkflow().analyzeModules(choices);
    // The reloaded model arrives while the analysis of the old one runs (no event has been
    // processed since it started, so it cannot have been heard to end): the analysis is over
    // by the time anyone hears of the new document. (Reloading from a progress signal instead
    // depended on one arriving before a fast analysis ended, which a loaded machine missed.)
    const bool was_running = window.moduleAnalysisWorkflow().analyzingModules();
    window.session().setDocument(
        std::make_shared<irscope::app::ModelDocument>(*window.session().document()), true);
    const bool still_running = window.moduleAnalysisWorkflow().analyzingModules();
    QVERIFY(was_running);
    QVERIFY(!still_running);
    QCOMPARE(window.session().generation(), generation + 1);
    QTest::qWait(100); // anything the old job left queued is delivered now, and must not count
    QVERIFY(!window.session().moduleAnalysis()); // the old model's analysis is not shown
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QVERIFY(ended.size() <= 1);
  }

  void aCancelledModuleAnalysisStopsAndChangesNothing() {
    MainWindow window;
    window.show();
    QVERIFY(openDeepResNetTorchScript(window));
    const ModuleAnalysisChoices choices = analysisWith(irscope::ir::AnalysisBackend::CpuBfloat16);
    {
      // The job itself stops at the first progress call that says so, whatever stage it is in.
      int calls = 0;
      const irscope::app::ModuleAnalysisOutcome outcome = irscope::app::runModuleAnalysisJob(
          *window.document(), choices, window.session().operatorMapping(),
          [&](const std::string&, size_t, size_t) { return ++calls > 1; });
      QVERIFY(outcome.cancelled);
      QVERIFY(!outcome.document);
      QCOMPARE(calls, 1);
    }
    // In the window: cancelled at the first progress it reports.
    QSignalSpy ended(&window.moduleAnalysisWorkflow(),
                     &irscope::app::ModuleAnalysisWorkflow::moduleAnalysisEnded);
    QStringList stages;
    connect(&window.moduleAnalysisWorkflow(),
            &irscope::app::ModuleAnalysisWorkflow::moduleAnalysisProgress, &window,
            [&](const QString& stage, int, int) { stages << stage; });
    window.moduleAnalysisWorkflow().analyzeModules(choices);
    QVERIFY(window.moduleAnalysisWorkflow().analyzingModules());
    QVERIFY(!actionNamed(window, "Analyze &Modules...")->isEnabled());
    // Cancelled before any event is processed, so before it can have been heard to end (a
    // cancel from its first progress signal missed a fast analysis on a loaded machine).
    window.moduleAnalysisWorkflow().cancelModuleAnalysis();
    QVERIFY(ended.wait(120000));
    QVERIFY(!window.moduleAnalysisWorkflow().analyzingModules());
    QVERIFY2(!stages.contains("modules"), qPrintable(stages.join(","))); // no module was tested
    QVERIFY(!window.session().moduleAnalysis());
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QVERIFY(window.statusBar()->currentMessage().contains("cancelled"));
    QVERIFY(moduleText(window, "avgpool", ModulesDock::Status).isEmpty());
    QVERIFY(window.findChildren<QProgressDialog*>().isEmpty() ||
            !window.findChildren<QProgressDialog*>().front()->isVisible());
    // The window goes on: the actions are back, and the next analysis goes through.
    QVERIFY(actionNamed(window, "Analyze &Modules...")->isEnabled());
    const int linear = firstNodeOf(window, "aten.linear.default");
    window.selectNode(linear);
    QCOMPARE(window.properties()->shownNode(), linear);
    // In bfloat16 the whole model keeps PCC 0.99 against float32: it passes at the root, and
    // everything below it inherits that.
    QVERIFY(analyzeAndWait(window, choices));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QCOMPARE(moduleText(window, "full_model", ModulesDock::Status), QString("success"));
    QCOMPARE(moduleText(window, "avgpool", ModulesDock::Status), QString("inherited_success"));
    QCOMPARE(window.session().moduleAnalysis()->document.backend, std::string("cpu-bf16"));
  }

private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
