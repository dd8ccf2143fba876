// The app's verdict follows the one rule (core/verdict.h) that irscope-cli follows: a verify
// whose outputs are all below atol cannot pass by accident, a divergent middle node under
// passing outputs is amber, the PCC threshold is the user's to choose, expected outputs colour
// the output nodes and say why nothing else is coloured, and the Run dialog starts from the
// files that lie beside the model.
#include "core/topology.h"
#include "gui/app/colouring_workflow.h"
#include "gui/app/golden_dialog.h"
#include "gui/app/graph_view.h"
#include "gui/app/main_window.h"
#include "gui/app/model_session.h"
#include "gui/app/run_dialog.h"
#include "gui/app/run_workflow.h"
#include "tests/gui/app_test_support.h"
#include "tests/support/changed_weights.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <map>

using irscope::app::ColourBy;
using irscope::app::MainWindow;
using irscope::app::RunChoices;
using irscope::app::testing::keepSettingsIn;
using irscope::app::testing::openAndWait;
using irscope::app::testing::runAndWait;
using irscope::app::testing::startWithNoRememberedChoices;
using irscope::app::testing::writeGoldenAndWait;

namespace {

QString fixtureFile(const QString& name) {
  return QStringLiteral(IRSCOPE_TEST_DATA_DIR "/torch_ir/") + name;
}

using irscope::testing::reversedAndScaledBy;
using irscope::testing::scaledBy;

// A copy of DeepResNet's weights with each named float32 tensor changed.
QString changedWeights(const QString& path,
                       const std::map<std::string, irscope::testing::WeightChange>& changes) {
  irscope::testing::writeChangedWeights(fixtureFile("DeepResNet.safetensors").toStdString(),
                                        changes, path.toStdString());
  return path;
}

RunChoices deepResNetRun(const QString& weights) {
  RunChoices choices;
  choices.weights_file = weights;
  choices.inputs = RunChoices::Inputs::NpyFiles;
  choices.input_files = {fixtureFile("DeepResNet.in0.npy")};
  return choices;
}

// Golden data of DeepResNet on its golden input with these weights, as Tools > Golden Data
// writes it: with every intermediate (nodes/) or the outputs only.
bool writeGolden(MainWindow& window, const QString& weights, const QString& folder, bool nodes) {
  irscope::app::GoldenChoices golden;
  golden.run = deepResNetRun(weights);
  golden.output_dir = folder;
  golden.nodes = nodes;
  return writeGoldenAndWait(window, golden) && window.lastError().isEmpty();
}

RunChoices comparedWithGolden(const QString& weights, const QString& folder) {
  RunChoices choices = deepResNetRun(weights);
  choices.reference = RunChoices::Reference::GoldenFolder;
  choices.golden_folder = folder;
  return choices;
}

// The status bar's verdict label, as the user sees it.
const QLabel* verdictLabel(const MainWindow& window) {
  const QString text = window.runWorkflow().verdictText();
  for (const QLabel* label : window.findChildren<QLabel*>())
    if (!text.isEmpty() && label->text() == text)
      return label;
  return nullptr;
}

bool copied(const QString& from, const QString& to) {
  return QFile::copy(from, to);
}

} // namespace

class AppVerdictTest : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { QVERIFY(keepSettingsIn(settings_dir_)); }
  void init() { startWithNoRememberedChoices(); }

  // DeepResNet's classifier scaled by 1e-8 makes its outputs about 1e-7, below atol = 1e-5, so
  // allclose calls any two such outputs close. Other weights of the same scale must still fail.
  void differentWeightsWhoseOutputsAreBelowAtolFailOnPcc() {
    QTemporaryDir dir;
    const QString reference =
        changedWeights(dir.filePath("reference.safetensors"),
                       {{"fc.weight", scaledBy(1e-8f)}, {"fc.bias", scaledBy(1e-8f)}});
    const QString other =
        changedWeights(dir.filePath("other.safetensors"),
                       {{"fc.weight", reversedAndScaledBy(1e-8f)}, {"fc.bias", scaledBy(1e-8f)}});
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixtureFile("DeepResNet.json")));
    const QString golden = dir.filePath("golden");
    QVERIFY2(writeGolden(window, reference, golden, false), qPrintable(window.lastError()));

    QVERIFY(runAndWait(window, comparedWithGolden(reference, golden)));
    QVERIFY2(window.runWorkflow().verdictText().startsWith("Verify PASSED"),
             qPrintable(window.runWorkflow().verdictText()));

    QVERIFY(runAndWait(window, comparedWithGolden(other, golden)));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verification && run->verdict);
    QVERIFY(run->verification->is_valid); // torch_ir's allclose was fooled
    QCOMPARE(run->verdict->status, irscope::ir::VerdictStatus::Failed);
    const QString text = window.runWorkflow().verdictText();
    QVERIFY2(text.startsWith("Verify FAILED") && text.contains("PCC"), qPrintable(text));
    const QLabel* label = verdictLabel(window);
    QVERIFY(label);
    QVERIFY2(label->styleSheet().contains(irscope::render::nonFiniteColor().name()),
             qPrintable(label->styleSheet()));
    QVERIFY2(label->toolTip().contains("below atol"), qPrintable(label->toolTip()));

    // A PCC threshold of -1 asks for no correlation at all: then allclose alone decides.
    RunChoices lenient = comparedWithGolden(other, golden);
    lenient.pcc = -1;
    QVERIFY(runAndWait(window, lenient));
    QVERIFY2(window.runWorkflow().verdictText().startsWith("Verify PASSED"),
             qPrintable(window.runWorkflow().verdictText()));
  }

  // res_block2's second convolution scaled by 1e-7 adds almost nothing to its residual sum:
  // other weights there change that node completely and the outputs not measurably.
  void aMiddleNodeThatDivergesUnderPassingOutputsIsAmber() {
    QTemporaryDir dir;
    const QString reference = changedWeights(
        dir.filePath("reference.safetensors"),
        {{"res_block2.conv2.weight", scaledBy(1e-7f)}, {"res_block2.conv2.bias", scaledBy(1e-7f)}});
    const QString other = changedWeights(dir.filePath("other.safetensors"),
                                         {{"res_block2.conv2.weight", reversedAndScaledBy(1e-7f)},
                                          {"res_block2.conv2.bias", scaledBy(1e-7f)}});
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixtureFile("DeepResNet.json")));
    const QString golden = dir.filePath("golden");
    QVERIFY2(writeGolden(window, reference, golden, true), qPrintable(window.lastError()));

    QVERIFY(runAndWait(window, comparedWithGolden(other, golden)));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verdict);
    QCOMPARE(run->verdict->status, irscope::ir::VerdictStatus::PassedWithDivergentIntermediates);
    const QString text = window.runWorkflow().verdictText();
    // conv2d_4 reads res_block2.conv2.weight in the fixture's IR.
    QVERIFY2(text.startsWith("Verify PASSED WITH DIVERGENT INTERMEDIATES") &&
                 text.contains("diverges at conv2d_4"),
             qPrintable(text));
    const QLabel* label = verdictLabel(window);
    QVERIFY(label);
    QVERIFY2(!label->styleSheet().contains(irscope::render::nonFiniteColor().name()) &&
                 label->styleSheet().contains("color"),
             qPrintable(label->styleSheet()));
    QVERIFY(window.runWorkflow().goToFirstDivergence());
    QCOMPARE(window.view()->selectedItem(),
             window.document()
                 ->item_of_node[window.document()->model.topology.node_by_name.at("conv2d_4")]);
  }

  // Expected .npy outputs compare the outputs only: their producers are coloured, and the
  // legend and the status bar say what the rest would need.
  void expectedOutputsColourTheOutputNodesAndSayWhyNothingElse() {
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, fixtureFile("DeepResNet.json")));
    RunChoices choices = deepResNetRun(fixtureFile("DeepResNet.safetensors"));
    choices.reference = RunChoices::Reference::ExpectedOutputs;
    choices.expected_files = {fixtureFile("DeepResNet.out0.npy")};
    QVERIFY(runAndWait(window, choices));
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    const irscope::app::RunResult* run = window.session().lastRun();
    QVERIFY(run && run->verified() && run->errors_at_outputs_only);
    QVERIFY(irscope::app::colouringAvailable(ColourBy::Error, run));
    QCOMPARE(window.colouringWorkflow().colourBy(), ColourBy::Error);

    const auto& document = *window.document();
    std::vector<int> output_items;
    for (const irscope::ir::ValueRef& source : document.model.topology.graph_outputs)
      if (source.kind == irscope::ir::ValueKind::NodeOutput)
        output_items.push_back(document.item_of_node[static_cast<size_t>(source.index)]);
    QVERIFY(!output_items.empty());
    const auto& heat = window.view()->heatMap();
    QCOMPARE(heat.fills.size(), document.diagram.items.size());
    for (size_t item = 0; item < heat.fills.size(); ++item) {
      const bool output = std::find(output_items.begin(), output_items.end(),
                                    static_cast<int>(item)) != output_items.end();
      QVERIFY2(heat.fills[item].isValid() == output, qPrintable(QString::number(item)));
    }
    QVERIFY(heat.legend);
    QVERIFY2(heat.legend->note.contains("golden folder with nodes/"),
             qPrintable(heat.legend->note));
    const QString text = window.runWorkflow().verdictText();
    QVERIFY2(text.startsWith("Verify PASSED") && text.contains("outputs only"), qPrintable(text));
    QVERIFY(!window.runWorkflow().goToFirstDivergence());
  }

  // NAME.in0.npy, NAME.out0.npy, NAME.golden/ and NAME.ts.pt beside the model: the dialog starts
  // with all of them, comparing with the one that compares most.
  void theRunDialogStartsWithTheFilesBesideTheModel() {
    QTemporaryDir dir;
    const QString model = dir.filePath("net.json");
    QVERIFY(copied(fixtureFile("DeepResNet.json"), model));
    QVERIFY(copied(fixtureFile("DeepResNet.safetensors"), dir.filePath("net.safetensors")));
    QVERIFY(copied(fixtureFile("DeepResNet.in0.npy"), dir.filePath("net.in0.npy")));
    QVERIFY(copied(fixtureFile("DeepResNet.out0.npy"), dir.filePath("net.out0.npy")));

    RunChoices choices = irscope::app::defaultRunChoices(model, false);
    QCOMPARE(choices.inputs, RunChoices::Inputs::NpyFiles);
    QCOMPARE(choices.input_files, QStringList{dir.filePath("net.in0.npy")});
    QCOMPARE(choices.expected_files, QStringList{dir.filePath("net.out0.npy")});
    QCOMPARE(choices.reference, RunChoices::Reference::ExpectedOutputs);
    QVERIFY(choices.golden_folder.isEmpty());

    MainWindow window;
    QVERIFY(openAndWait(window, model));
    {
      irscope::app::RunDialog dialog(*window.document(), choices);
      QVERIFY(dialog.npyInputsButton()->isChecked());
      QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    }

    // A golden folder records intermediates, so it wins over the expected outputs.
    QVERIFY(QDir(dir.path()).mkpath("net.golden"));
    QFile metadata(dir.filePath("net.golden/metadata.json"));
    QVERIFY(metadata.open(QIODevice::WriteOnly));
    metadata.write("{}\n");
    metadata.close();
    choices = irscope::app::defaultRunChoices(model, false);
    QCOMPARE(choices.reference, RunChoices::Reference::GoldenFolder);
    QCOMPARE(QDir(choices.golden_folder).canonicalPath(),
             QDir(dir.filePath("net.golden")).canonicalPath());
    {
      irscope::app::RunDialog dialog(*window.document(), choices);
      QVERIFY(dialog.goldenReferenceButton()->isChecked());
    }

    // The TorchScript original compares every intermediate of any input.
    QVERIFY(copied(fixtureFile("DeepResNet.ts.pt"), dir.filePath("net.ts.pt")));
    choices = irscope::app::defaultRunChoices(model, false);
    QCOMPARE(choices.reference, RunChoices::Reference::TorchScript);
    QCOMPARE(choices.reference_file, dir.filePath("net.ts.pt"));
    QCOMPARE(choices.expected_files, QStringList{dir.filePath("net.out0.npy")});

    // What the user chose last time wins; the files beside only fill what it left empty.
    RunChoices chosen;
    chosen.weights_file = dir.filePath("net.safetensors");
    chosen.reference = RunChoices::Reference::None;
    chosen.pcc = 0.995;
    irscope::app::rememberRunChoices(model, chosen);
    choices = irscope::app::defaultRunChoices(model, false);
    QCOMPARE(choices.reference, RunChoices::Reference::None);
    QCOMPARE(choices.inputs, RunChoices::Inputs::Seeded);
    QCOMPARE(choices.input_files, QStringList{dir.filePath("net.in0.npy")});
    QVERIFY(choices.pcc && *choices.pcc == 0.995);
  }

  void theRunDialogRefusesAPccOutsideMinusOneToOne() {
    MainWindow window;
    QVERIFY(openAndWait(window, fixtureFile("DeepResNet.json")));
    RunChoices choices = deepResNetRun(fixtureFile("DeepResNet.safetensors"));
    choices.reference = RunChoices::Reference::ExpectedOutputs;
    choices.expected_files = {fixtureFile("DeepResNet.out0.npy")};
    choices.pcc = 1.5;
    const QString problem =
        irscope::app::problemWith(choices, window.document()->model.graph, false);
    QVERIFY2(problem.contains("PCC"), qPrintable(problem));
    choices.pcc = 0.9;
    QVERIFY(irscope::app::problemWith(choices, window.document()->model.graph, false).isEmpty());
  }

private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(AppVerdictTest)
#include "app_verdict_test.moc"
