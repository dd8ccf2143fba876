// irscope: the desktop workbench. `irscope [MODEL]` opens a model at start; the --run and
// --verify options run it once it is open.
#include "gui/app/main_window.h"
#include "gui/app/module_analysis_choices.h"
#include "gui/app/run_choices.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>

int main(int argc, char** argv) {
  QCommandLineParser parser;
  parser.setApplicationDescription("irscope: see, check and compare PyTorch model IR");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(
      "model", "A torch_ir IR JSON, TorchScript or torch.export (.pt2) file to open");
  // The model's options are spelled as irscope-cli spells them (--weights, --inputs, --seed,
  // --dtype); the --run-* spellings of earlier versions still work, unlisted.
  QCommandLineOption input_shape(
      "input-shape",
      "For a TorchScript model: the shape of one input, e.g. 1x3x224x224 or 1x128:int64 "
      "(repeat for each input); without it irscope asks",
      "SHAPE");
  parser.addOption(input_shape);
  QCommandLineOption select("select", "Select the node NAME once the model is open", "NAME");
  QCommandLineOption screenshot(
      "screenshot", "Save a PNG of the window once the model is open, then quit", "FILE");
  parser.addOption(select);
  parser.addOption(screenshot);
  // Running and verifying once the model is open, as Tools > Run Model would: for scripted
  // screenshots and for trying the app on a model from a terminal.
  QCommandLineOption run("run", "Run the model once it is open, with the Run dialog's defaults");
  QCommandLineOption weights_option(
      "weights", "Run with this weights file: .safetensors or a torch.save state_dict", "FILE");
  QCommandLineOption inputs_option("inputs", "Run on these .npy inputs (repeat per input)", "FILE");
  QCommandLineOption seed_option("seed", "Run on random inputs with this seed", "N");
  QCommandLineOption dtype_option("dtype", "Run the IR in float32, bfloat16 or float16", "DTYPE");
  QCommandLineOption old_run_weights("run-weights", "", "FILE");
  QCommandLineOption old_run_inputs("run-inputs", "", "FILE");
  QCommandLineOption old_run_seed("run-seed", "", "N");
  QCommandLineOption old_run_dtype("run-dtype", "", "DTYPE");
  for (QCommandLineOption* old : {&old_run_weights, &old_run_inputs, &old_run_seed, &old_run_dtype})
    old->setFlags(QCommandLineOption::HiddenFromHelp);
  QCommandLineOption verify("verify", "Verify against the default reference (NAME.ts.pt beside "
                                      "the model, or the TorchScript model itself)");
  QCommandLineOption verify_reference("verify-reference", "Verify against this TorchScript model",
                                      "FILE");
  QCommandLineOption verify_expected(
      "verify-expected", "Verify against these expected .npy outputs (repeat per output)", "FILE");
  QCommandLineOption verify_golden(
      "verify-golden",
      "Verify against this golden folder (Tools > Golden Data): run on its inputs, compare with "
      "its outputs and intermediates",
      "DIR");
  QCommandLineOption color_by("color-by",
                              "Colour by none, maxabs, nonfinite or error (after the run), "
                              "mapping (how each op maps to the target; needs no run), or "
                              "modulestatus (after --analyze)",
                              "WHAT");
  QCommandLineOption analyze(
      "analyze",
      "Analyze the model's modules once it is open, as Tools > Analyze Modules does with the "
      "dialog's defaults, with BACKEND: mapping, cpu-bf16 or cpu-fp16",
      "BACKEND");
  QCommandLineOption show_operators(
      "show-operators",
      "Raise the Operators dock and open OP's row (e.g. aten.conv2d.default), marking its nodes",
      "OP");
  QCommandLineOption first_divergence("first-divergence",
                                      "After a verify, select the first divergence and zoom to it");
  QCommandLineOption select_weight("select-weight",
                                   "Show the weight NAME's statistics in the Weights dock", "NAME");
  QCommandLineOption theme("theme", "system, light or dark, for this session only", "THEME");
  for (const auto* option :
       {&run, &weights_option, &inputs_option, &seed_option, &dtype_option, &verify,
        &verify_reference, &verify_expected, &verify_golden, &color_by, &analyze, &show_operators,
        &first_divergence, &select_weight, &theme, &old_run_weights, &old_run_inputs, &old_run_seed,
        &old_run_dtype})
    parser.addOption(*option);

  // --help and --version only print, so they need no display: parsed by hand first, they get a
  // QCoreApplication, everything else the QApplication (which also takes Qt's own -platform,
  // -style, ... out of argv before the parser sees it).
  QStringList arguments;
  for (int i = 0; i < argc; ++i)
    arguments << QString::fromLocal8Bit(argv[i]);
  parser.parse(arguments);
  bool print_only = false;
  for (const QString& name : parser.optionNames())
    print_only =
        print_only || QStringList{"h", "?", "help", "help-all", "v", "version"}.contains(name);
  std::unique_ptr<QCoreApplication> application;
  if (print_only)
    application = std::make_unique<QCoreApplication>(argc, argv);
  else
    application = std::make_unique<QApplication>(argc, argv);
  QCoreApplication::setApplicationName("irscope");
  QCoreApplication::setOrganizationName("irscope");
  QCoreApplication::setApplicationVersion(IRSCOPE_VERSION);
  parser.process(*application); // prints and exits for --help, --version and errors
  if (print_only)
    return 0;
  // Each run option as given: its own spelling, else the hidden --run-* one.
  const QCommandLineOption& run_weights =
      parser.isSet(weights_option) ? weights_option : old_run_weights;
  const QCommandLineOption& run_inputs =
      parser.isSet(inputs_option) ? inputs_option : old_run_inputs;
  const QCommandLineOption& run_seed = parser.isSet(seed_option) ? seed_option : old_run_seed;
  const QCommandLineOption& run_dtype = parser.isSet(dtype_option) ? dtype_option : old_run_dtype;

  std::optional<irscope::app::ColourBy> colouring;
  if (parser.isSet(color_by)) {
    colouring = irscope::app::colouringNamed(parser.value(color_by));
    if (!colouring) {
      std::fprintf(stderr, "irscope: --color-by: expected none, maxabs, nonfinite, error, "
                           "mapping or modulestatus\n");
      return 2;
    }
  }
  std::optional<irscope::ir::AnalysisBackend> analysis_backend;
  if (parser.isSet(analyze)) {
    analysis_backend = irscope::ir::backendNamed(parser.value(analyze).toStdString());
    if (!analysis_backend) {
      std::fprintf(stderr, "irscope: --analyze: expected mapping, cpu-bf16 or cpu-fp16\n");
      return 2;
    }
  }
  if (parser.isSet(theme) &&
      !QStringList{"system", "light", "dark"}.contains(parser.value(theme))) {
    std::fprintf(stderr, "irscope: --theme: expected system, light or dark\n");
    return 2;
  }
  if (parser.isSet(run_seed)) {
    bool number = false;
    parser.value(run_seed).toULongLong(&number);
    if (!number) {
      std::fprintf(stderr, "irscope: --seed: expected a non-negative integer, got \"%s\"\n",
                   qPrintable(parser.value(run_seed)));
      return 2;
    }
  }
  if (parser.isSet(run_dtype) && !irscope::app::runDtypes().contains(parser.value(run_dtype))) {
    std::fprintf(stderr, "irscope: --dtype: expected %s\n",
                 qPrintable(irscope::app::runDtypes().join(", ")));
    return 2;
  }
  bool run_requested = false;
  for (const QCommandLineOption* option : std::initializer_list<const QCommandLineOption*>{
           &run, &run_weights, &run_inputs, &run_seed, &run_dtype, &verify, &verify_reference,
           &verify_expected, &verify_golden})
    run_requested = run_requested || parser.isSet(*option);

  irscope::app::MainWindow window;
  if (parser.isSet(theme))
    window.applyTheme(parser.value(theme));
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    const QString model = parser.positionalArguments().first();
    if (parser.isSet(input_shape)) {
      std::vector<irscope::ir::InputSpec> inputs;
      try {
        for (const QString& text : parser.values(input_shape))
          inputs.push_back(irscope::ir::parseInputSpec(text.toStdString()));
      } catch (const std::exception& error) {
        std::fprintf(stderr, "irscope: %s\n", error.what());
        return 2;
      }
      window.openTorchScript(model, std::move(inputs));
    } else {
      window.openFile(model);
    }
  }

  // The run's choices: the Run dialog's defaults for this model, without a reference unless one
  // is asked for, then what the command line says.
  auto runChoices = [&] {
    const irscope::app::ModelDocument& document = *window.document();
    irscope::app::RunChoices choices =
        irscope::app::defaultRunChoices(document.path, document.from_torchscript);
    using Reference = irscope::app::RunChoices::Reference;
    if (!parser.isSet(verify))
      choices.reference = Reference::None;
    else if (choices.reference == Reference::None && !choices.reference_file.isEmpty())
      choices.reference = Reference::TorchScript;
    else if (choices.reference == Reference::None && !parser.isSet(verify_reference) &&
             !parser.isSet(verify_expected) && !parser.isSet(verify_golden))
      std::fprintf(stderr,
                   "irscope: --verify: no NAME.ts.pt beside %s; running without a reference "
                   "(give --verify-reference, --verify-expected or --verify-golden)\n",
                   qPrintable(document.path));
    if (parser.isSet(run_weights))
      choices.weights_file = parser.value(run_weights);
    if (parser.isSet(run_inputs)) {
      choices.inputs = irscope::app::RunChoices::Inputs::NpyFiles;
      choices.input_files = parser.values(run_inputs);
    } else if (parser.isSet(run_seed)) {
      choices.inputs = irscope::app::RunChoices::Inputs::Seeded;
      choices.seed = parser.value(run_seed).toULongLong();
    }
    if (parser.isSet(run_dtype))
      choices.dtype = parser.value(run_dtype);
    if (parser.isSet(verify_reference)) {
      choices.reference = Reference::TorchScript;
      choices.reference_file = parser.value(verify_reference);
    } else if (parser.isSet(verify_expected)) {
      choices.reference = Reference::ExpectedOutputs;
      choices.expected_files = parser.values(verify_expected);
    } else if (parser.isSet(verify_golden)) {
      choices.reference = Reference::GoldenFolder; // its inputs replace --inputs
      choices.golden_folder = parser.value(verify_golden);
    }
    return choices;
  };

  // --select and --first-divergence may open a group and lay out again, and the run takes its
  // time; the screenshot waits for all of them.
  bool opened = false;
  bool run_done = !run_requested;
  bool analysis_done = !analysis_backend;
  bool screenshot_scheduled = false;
  auto screenshotWhenSettled = [&] {
    if (!parser.isSet(screenshot) || screenshot_scheduled || !window.document() ||
        window.loading() || !run_done || !analysis_done)
      return;
    screenshot_scheduled = true;
    // Let the window paint once more before grabbing it.
    QTimer::singleShot(500, &window, [&] {
      const bool saved = window.grab().save(parser.value(screenshot), "PNG");
      QApplication::exit(saved ? 0 : 1);
    });
  };
  QObject::connect(&window, &irscope::app::MainWindow::documentChanged, &window, [&] {
    if (!opened) {
      opened = true;
      // A colouring the run does not need shows at once; the others once the run is done.
      if (colouring)
        window.setColourBy(*colouring);
      if (parser.isSet(show_operators) && !window.showOperators(parser.value(show_operators)))
        std::fprintf(stderr, "irscope: --show-operators: the model has no op %s\n",
                     qPrintable(parser.value(show_operators)));
      if (parser.isSet(select))
        window.selectNodeByName(parser.value(select));
      if (parser.isSet(select_weight))
        window.selectWeight(parser.value(select_weight));
      if (run_requested)
        window.runModel(runChoices());
      if (analysis_backend) {
        const irscope::app::ModelDocument& document = *window.document();
        irscope::app::ModuleAnalysisChoices choices =
            irscope::app::defaultModuleAnalysisChoices(document.path, document.from_torchscript);
        choices.backend = *analysis_backend;
        choices.write_folder = false; // a look at the model writes no files
        window.analyzeModules(choices);
      }
    }
    screenshotWhenSettled();
  });
  QObject::connect(&window, &irscope::app::MainWindow::moduleAnalysisEnded, &window, [&] {
    analysis_done = true;
    if (colouring) // the analysis shows its statuses; a colouring asked for wins
      window.setColourBy(*colouring);
    if (parser.isSet(select)) // Properties then show the node's module analysis
      window.selectNodeByName(parser.value(select));
    screenshotWhenSettled();
  });
  // A screenshot of a model that failed to open would never come: say why and stop.
  QObject::connect(&window, &irscope::app::MainWindow::loadFailed, &window,
                   [&](const QString& message) {
                     if (!parser.isSet(screenshot) || window.document())
                       return;
                     std::fprintf(stderr, "irscope: %s\n", qPrintable(message));
                     QCoreApplication::exit(1);
                   });
  QObject::connect(&window, &irscope::app::MainWindow::runEnded, &window, [&] {
    run_done = true;
    if (colouring)
      window.setColourBy(*colouring);
    if (parser.isSet(first_divergence))
      window.goToFirstDivergence();
    screenshotWhenSettled();
  });
  return QApplication::exec();
}
