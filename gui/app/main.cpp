// irscope: the desktop workbench. `irscope [MODEL] [options]`: the options (app_options.h) say
// what to do once the model is open (command_line_session.h).
#include "core/allocator_tuning.h"
#include "gui/app/app_options.h"
#include "gui/app/command_line_session.h"
#include "gui/app/main_window.h"

#include <QApplication>
#include <memory>

int main(int argc, char** argv) {
  using namespace irscope::app;
  irscope::tuneAllocatorForTensors();
  // --help and --version only print, so they need no display: they get a QCoreApplication,
  // everything else the QApplication (which also takes Qt's own -platform, -style, ... out of
  // argv before the parser sees it).
  std::unique_ptr<QCoreApplication> application;
  if (onlyPrints(argc, argv))
    application = std::make_unique<QCoreApplication>(argc, argv);
  else
    application = std::make_unique<QApplication>(argc, argv);
  QCoreApplication::setApplicationName("irscope");
  QCoreApplication::setOrganizationName("irscope");
  QCoreApplication::setApplicationVersion(IRSCOPE_VERSION);
  std::optional<AppOptions> options = parseAppOptions(*application);
  if (!options)
    return 2;

  MainWindow window;
  CommandLineSession session(window, std::move(*options));
  window.show();
  session.start();
  const int code = QApplication::exec();
  return code != 0 ? code : session.exitCode();
}
