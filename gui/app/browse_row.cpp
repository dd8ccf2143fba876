#include "gui/app/browse_row.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace irscope::app {

QWidget* browseRow(QWidget* dialog, QLineEdit* field, const QString& title, const QString& filter) {
  auto* row = new QWidget(field->parentWidget());
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  field->setParent(row);
  field->setClearButtonEnabled(true);
  auto* browse = new QPushButton(QObject::tr("Browse..."), row);
  layout->addWidget(field, 1);
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, dialog, [dialog, field, title, filter] {
    QString start = field->text();
    if (start.isEmpty())
      start = QSettings().value("paths/run").toString();
    const QString path = filter.isEmpty()
                             ? QFileDialog::getExistingDirectory(dialog, title, start)
                             : QFileDialog::getOpenFileName(dialog, title, start, filter);
    if (path.isEmpty())
      return;
    QSettings().setValue("paths/run", QFileInfo(path).absolutePath());
    field->setText(path);
  });
  return row;
}

} // namespace irscope::app
