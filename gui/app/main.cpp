// irscope: the desktop workbench. `irscope [MODEL]` opens a model at start.
#include "gui/app/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("irscope");
  QApplication::setOrganizationName("irscope");
  QApplication::setApplicationVersion("0.1.0");

  QCommandLineParser parser;
  parser.setApplicationDescription("irscope: see, check and compare PyTorch model IR");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("model", "A torch_ir IR JSON or TorchScript file to open");
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
  parser.process(app);

  irscope::app::MainWindow window;
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

  // --select may open a group and lay out again; the screenshot waits for that.
  int stage = 0;
  QObject::connect(&window, &irscope::app::MainWindow::documentChanged, &window, [&] {
    ++stage;
    if (stage == 1 && parser.isSet(select)) {
      window.selectNodeByName(parser.value(select));
      if (window.loading())
        return;
    }
    if (window.loading())
      return;
    if (parser.isSet(screenshot)) {
      // Let the window paint once more before grabbing it.
      QTimer::singleShot(500, &window, [&] {
        const bool saved = window.grab().save(parser.value(screenshot), "PNG");
        QApplication::exit(saved ? 0 : 1);
      });
    }
  });
  return app.exec();
}
