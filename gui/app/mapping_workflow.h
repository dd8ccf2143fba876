#pragma once
// The operator mapping: File > Load Operator Mapping and Reset to Built-in Mapping, the file
// remembered between sessions, and the Operators dock raised on an op. The mapping itself, and
// the open model classed against it, live in ModelSession, where the Operators dock, Properties
// and "Colour by: Target Mapping" pick them up.
#include <QObject>
#include <QString>

class QAction;

namespace irscope::app {

class OperatorsDock;
class Workbench;

class MappingWorkflow : public QObject {
  Q_OBJECT
public:
  MappingWorkflow(Workbench& bench, OperatorsDock& dock, QObject* parent = nullptr);

  void addActions(); // File > Load Operator Mapping, Reset to Built-in Mapping
  // At start: the file loaded last time, or, when it is gone or broken, the built-in table and
  // a note in the status bar.
  void restore();

  // Its entries override the built-in ones, and the file is loaded again at the next start. A
  // file that cannot be read or is no mapping ends in the error dialog (one line naming the file
  // and the entry), and the mapping stays as it was.
  bool loadOperatorMapping(const QString& path);
  // The built-in table alone, also at the next start.
  void resetOperatorMapping();
  // Raises the Operators dock, wide enough for its columns, opens the op's row and marks the
  // op's nodes, as choosing the row does but without selecting one (so that no group opens);
  // an empty op only raises the dock. False when the model has no such op.
  bool showOperators(const QString& op = {});

private:
  Workbench& bench_;
  OperatorsDock& dock_;
  QAction* reset_ = nullptr;
};

} // namespace irscope::app
