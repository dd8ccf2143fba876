#include "gui/app/theme.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QPalette>
#include <QSettings>

namespace irscope::app {

bool applyTheme(const QString& theme) {
  static const QPalette system_palette = QApplication::palette();
  bool dark = theme == "dark";
  if (theme == "system") // Qt 6.4 has no colour-scheme hint; the desktop's palette tells
    dark = system_palette.color(QPalette::Window).lightness() < 128;
  if (!dark) {
    QApplication::setPalette(system_palette);
    return false;
  }
  QApplication::setStyle("Fusion");
  QPalette palette;
  palette.setColor(QPalette::Window, QColor(0x2b, 0x30, 0x38));
  palette.setColor(QPalette::WindowText, QColor(0xe6, 0xea, 0xf0));
  palette.setColor(QPalette::Base, QColor(0x22, 0x26, 0x2d));
  palette.setColor(QPalette::AlternateBase, QColor(0x2b, 0x30, 0x38));
  palette.setColor(QPalette::Text, QColor(0xe6, 0xea, 0xf0));
  palette.setColor(QPalette::Button, QColor(0x33, 0x39, 0x42));
  palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xea, 0xf0));
  palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::ToolTipBase, QColor(0x33, 0x39, 0x42));
  palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xea, 0xf0));
  palette.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
  palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x94, 0xa3));
  QApplication::setPalette(palette);
  return true;
}

void addThemeMenu(QMenu* view, std::function<void(const QString&)> apply) {
  QMenu* menu = view->addMenu(QObject::tr("&Theme"));
  auto* themes = new QActionGroup(menu);
  const QString current = QSettings().value("theme", "system").toString();
  for (const auto& [key, label] :
       {std::pair<QString, QString>{"system", QObject::tr("Follow the &System")},
        {"light", QObject::tr("&Light")},
        {"dark", QObject::tr("&Dark")}}) {
    QAction* action = menu->addAction(label);
    action->setCheckable(true);
    action->setChecked(key == current);
    themes->addAction(action);
    QObject::connect(action, &QAction::triggered, menu, [apply, key = key] {
      QSettings().setValue("theme", key);
      apply(key);
    });
  }
}

} // namespace irscope::app
