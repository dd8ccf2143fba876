#pragma once
// A path field with a Browse button, as the Run and Golden Data dialogs ask for files and
// folders: an empty filter browses for a folder, else for a file matching it. The last folder
// browsed is remembered across dialogs.
#include <QString>

class QLineEdit;
class QWidget;

namespace irscope::app {

// Reparents `field` into the returned row; `dialog` owns the file dialog.
QWidget* browseRow(QWidget* dialog, QLineEdit* field, const QString& title, const QString& filter);

} // namespace irscope::app
