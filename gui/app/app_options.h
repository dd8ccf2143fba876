#pragma once
// The app's command line, parsed in one place: `irscope [MODEL] [options]`. The model's options
// are spelled as irscope-cli spells them (--weights, --inputs, --seed, --dtype, --rtol, --atol,
// --pcc,
// --reference, --expected, --golden, --input-shape); the spellings of earlier versions
// (--run-weights, --verify-reference, ...) still work, unlisted.
#include "core/input_spec.h"
#include "core/module_analysis.h"
#include "gui/app/run_colouring.h"
#include "gui/render/page_setup.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

class QCoreApplication;

namespace irscope::app {

struct AppOptions {
  QString model; // empty: start with no model
  // For a TorchScript model: its inputs' shapes; without them the app asks.
  std::vector<ir::InputSpec> input_shapes;
  QString select;        // a node to select once the model is open
  QString select_weight; // a weight whose statistics to show
  QString show_operators;
  QString screenshot; // a PNG of the window once everything asked for is done; then quit
  // The diagram exported as File > Export writes it (a PDF on `page`, if given), once everything
  // asked for is done; then quit.
  QString export_file;
  std::optional<render::PageSetup> page;
  QString theme; // empty: the remembered one
  std::optional<ColourBy> colour_by;

  // Running once the model is open, as Tools > Run Model would. Any run option asks for a run.
  bool run = false;
  bool verify = false; // against the default reference (NAME.ts.pt beside the model)
  QString weights;
  QStringList inputs;
  std::optional<quint64> seed;
  QString dtype;
  std::optional<double> rtol, atol;
  std::optional<double> pcc; // none: by dtype (core/verdict.h)
  QString reference;         // a TorchScript model
  QStringList expected;      // expected .npy outputs
  QString golden_folder;     // a golden folder: its inputs, outputs and intermediates
  bool first_divergence = false;

  std::optional<ir::AnalysisBackend> analyze;

  QString compare;      // a second model to compare with the first (File > Compare With...)
  bool overlay = false; // the comparison as one canvas coloured by change class
};

// Whether the command line only asks for --help or --version, which need no display.
bool onlyPrints(int argc, char** argv);

// Parses the application's arguments. --help, --version and unknown options print and exit as
// QCommandLineParser does; a bad value prints one line and returns nullopt (exit 2).
std::optional<AppOptions> parseAppOptions(const QCoreApplication& application);

} // namespace irscope::app
