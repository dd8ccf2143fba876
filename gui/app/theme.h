#pragma once
// View > Theme: the application's palette for "system", "light" or "dark".
#include <QString>
#include <functional>

class QMenu;

namespace irscope::app {

// Sets the palette (and, for dark, the Fusion style); returns whether the result is dark, for
// the canvas, which draws its own colours.
bool applyTheme(const QString& theme);

// View > Theme: Follow the System, Light and Dark; a choice is remembered and handed to
// `apply`.
void addThemeMenu(QMenu* view, std::function<void(const QString&)> apply);

} // namespace irscope::app
