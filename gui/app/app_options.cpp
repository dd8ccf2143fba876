#include "gui/app/app_options.h"

#include "core/verdict.h"
#include "gui/app/run_choices.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

namespace irscope::app {

namespace {

// An option with the CLI's name and, unlisted, the name an earlier version of the app used.
struct Named {
  QCommandLineOption current;
  std::optional<QCommandLineOption> old;

  bool isSet(const QCommandLineParser& parser) const {
    return parser.isSet(current) || (old && parser.isSet(*old));
  }
  QString value(const QCommandLineParser& parser) const {
    return parser.isSet(current) || !old ? parser.value(current) : parser.value(*old);
  }
  QStringList values(const QCommandLineParser& parser) const {
    return parser.isSet(current) || !old ? parser.values(current) : parser.values(*old);
  }
};

Named option(const QString& name, const QString& help, const QString& value = {},
             const QString& old_name = {}) {
  Named named{QCommandLineOption(name, help, value), std::nullopt};
  if (!old_name.isEmpty()) {
    named.old.emplace(old_name, QString(), value);
    named.old->setFlags(QCommandLineOption::HiddenFromHelp);
  }
  return named;
}

// One line on stderr; the app then exits with 2.
std::optional<AppOptions> bad(const char* option, const QString& expected) {
  std::fprintf(stderr, "irscope: %s: expected %s\n", option, qPrintable(expected));
  return std::nullopt;
}

} // namespace

bool onlyPrints(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QString argument = QString::fromLocal8Bit(argv[i]);
    if (QStringList{"-h", "-?", "--help", "--help-all", "-v", "--version"}.contains(argument))
      return true;
  }
  return false;
}

std::optional<AppOptions> parseAppOptions(const QCoreApplication& application) {
  QCommandLineParser parser;
  parser.setApplicationDescription("irscope: see, check and compare PyTorch model IR");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(
      "model", "A torch_ir IR JSON, TorchScript or torch.export (.pt2) file to open");
  const Named input_shape = option(
      "input-shape",
      "For a TorchScript model: the shape of one input, e.g. 1x3x224x224 or 1x128:int64 (repeat "
      "for each input); without it irscope asks",
      "SHAPE");
  const Named select =
      option("select", "Select the node (or graph input) NAME once the model is open", "NAME");
  const Named select_weight =
      option("select-weight", "Show the weight NAME's statistics in the Weights dock", "NAME");
  const Named show_operators = option(
      "show-operators",
      "Raise the Operators dock and open OP's row (e.g. aten.conv2d.default), marking its nodes",
      "OP");
  const Named screenshot = option(
      "screenshot", "Save a PNG of the window once the model is open (and run), then quit", "FILE");
  const Named export_file = option("export",
                                   "Export the diagram to FILE (.svg, .pdf or .png, as File > "
                                   "Export does) once the model is open (and run), then quit",
                                   "FILE");
  const Named page =
      option("page", "For --export to .pdf: print on A4, A3, Letter or Tabloid", "PAPER");
  const Named landscape = option("landscape", "With --page: turn the paper to landscape");
  const Named tile = option(
      "tile", "With --page: an overview page, then the diagram cut into pages at a readable scale");
  const Named theme = option("theme", "system, light or dark, for this session only", "THEME");
  const Named color_by = option("color-by",
                                "Colour by none, maxabs, nonfinite or error (after the run), "
                                "mapping (how each op maps to the target; needs no run), or "
                                "modulestatus (after --analyze)",
                                "WHAT");
  const Named run = option("run", "Run the model once it is open, with the Run dialog's defaults");
  const Named weights =
      option("weights", "Run with this weights file: .safetensors or a torch.save state_dict",
             "FILE", "run-weights");
  const Named inputs =
      option("inputs", "Run on these .npy inputs (repeat per input)", "FILE", "run-inputs");
  const Named seed = option("seed", "Run on random inputs with this seed", "N", "run-seed");
  const Named dtype =
      option("dtype", "Run the IR in float32, bfloat16 or float16", "DTYPE", "run-dtype");
  const Named rtol = option("rtol", "Relative tolerance of a verify (default 1e-05)", "X");
  const Named atol = option("atol", "Absolute tolerance of a verify (default 1e-05)", "X");
  const Named pcc =
      option("pcc",
             QString("PCC (Pearson correlation with the reference) a tensor must reach, -1 to 1 "
                     "(default: by the lower-precision dtype of the two, %1)")
                 .arg(QString::fromStdString(ir::pccThresholdsText({}))),
             "X");
  const Named verify = option("verify", "Verify against the default reference (NAME.ts.pt beside "
                                        "the model, or the TorchScript model itself)");
  const Named reference =
      option("reference", "Verify against this TorchScript model", "FILE", "verify-reference");
  const Named expected =
      option("expected", "Verify against these expected .npy outputs (repeat per output)", "FILE",
             "verify-expected");
  const Named golden = option("golden",
                              "Verify against this golden folder (Tools > Golden Data): run on "
                              "its inputs, compare with its outputs and intermediates",
                              "DIR", "verify-golden");
  const Named first_divergence =
      option("first-divergence", "After a verify, select the first divergence and zoom to it");
  const Named analyze = option("analyze",
                               "Analyze the model's modules once it is open, as Tools > Analyze "
                               "Modules does with the dialog's defaults, with BACKEND: mapping, "
                               "cpu-bf16 or cpu-fp16",
                               "BACKEND");
  const Named compare = option("compare",
                               "Compare the model with FILE (any kind), as File > Compare With... "
                               "does: the two side by side, and the Changes dock",
                               "FILE");
  const Named overlay =
      option("overlay", "With --compare: one canvas coloured by change class (View > Overlay "
                        "Changes) instead of two side by side");
  const std::initializer_list<const Named*> all = {
      &input_shape, &select,    &select_weight, &show_operators, &screenshot, &export_file,
      &page,        &landscape, &tile,          &theme,          &color_by,   &run,
      &weights,     &inputs,    &seed,          &dtype,          &rtol,       &atol,
      &pcc,         &verify,    &reference,     &expected,       &golden,     &first_divergence,
      &analyze,     &compare,   &overlay};
  for (const Named* named : all) {
    parser.addOption(named->current);
    if (named->old)
      parser.addOption(*named->old);
  }
  parser.process(application); // prints and exits for --help, --version and errors

  AppOptions options;
  if (!parser.positionalArguments().isEmpty())
    options.model = parser.positionalArguments().first();
  try {
    for (const QString& text : input_shape.values(parser))
      options.input_shapes.push_back(ir::parseInputSpec(text.toStdString()));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "irscope: --input-shape: %s\n", error.what());
    return std::nullopt;
  }
  options.select = select.value(parser);
  options.select_weight = select_weight.value(parser);
  options.show_operators = show_operators.value(parser);
  options.screenshot = screenshot.value(parser);
  options.export_file = export_file.value(parser);
  if (page.isSet(parser)) {
    const auto paper = render::paperNamed(page.value(parser));
    if (!paper)
      return bad("--page", "A4, A3, Letter or Tabloid");
    options.page = render::PageSetup{*paper, landscape.isSet(parser), tile.isSet(parser)};
  } else if (landscape.isSet(parser) || tile.isSet(parser)) {
    return bad(landscape.isSet(parser) ? "--landscape" : "--tile", "--page PAPER with it");
  }
  options.theme = theme.value(parser);
  if (!options.theme.isEmpty() && !QStringList{"system", "light", "dark"}.contains(options.theme))
    return bad("--theme", "system, light or dark");
  if (color_by.isSet(parser)) {
    options.colour_by = colouringNamed(color_by.value(parser));
    if (!options.colour_by)
      return bad("--color-by", "none, maxabs, nonfinite, error, mapping or modulestatus");
  }
  if (analyze.isSet(parser)) {
    options.analyze = ir::backendNamed(analyze.value(parser).toStdString());
    if (!options.analyze)
      return bad("--analyze", "mapping, cpu-bf16 or cpu-fp16");
  }
  options.weights = weights.value(parser);
  options.inputs = inputs.values(parser);
  if (seed.isSet(parser)) {
    bool number = false;
    options.seed = seed.value(parser).toULongLong(&number);
    if (!number)
      return bad("--seed", "a non-negative integer, got \"" + seed.value(parser) + "\"");
  }
  options.dtype = dtype.value(parser);
  if (!options.dtype.isEmpty() && !runDtypes().contains(options.dtype))
    return bad("--dtype", runDtypes().join(", "));
  for (const auto& [named, value, name] :
       {std::tuple{&rtol, &options.rtol, "--rtol"}, std::tuple{&atol, &options.atol, "--atol"}}) {
    if (!named->isSet(parser))
      continue;
    bool number = false;
    *value = named->value(parser).toDouble(&number);
    if (!number || !(**value >= 0))
      return bad(name, "a non-negative number");
  }
  if (pcc.isSet(parser)) {
    bool number = false;
    options.pcc = pcc.value(parser).toDouble(&number);
    if (!number || !(*options.pcc >= -1 && *options.pcc <= 1))
      return bad("--pcc", "a number from -1 to 1");
  }
  options.verify = verify.isSet(parser);
  options.reference = reference.value(parser);
  options.expected = expected.values(parser);
  options.golden_folder = golden.value(parser);
  options.first_divergence = first_divergence.isSet(parser);
  options.compare = compare.value(parser);
  options.overlay = overlay.isSet(parser);
  if (options.overlay && options.compare.isEmpty())
    return bad("--overlay", "--compare FILE with it");
  for (const Named* named : {&run, &weights, &inputs, &seed, &dtype, &rtol, &atol, &pcc, &verify,
                             &reference, &expected, &golden})
    options.run = options.run || named->isSet(parser);
  return options;
}

} // namespace irscope::app
