#pragma once
// "Colour by": the combo box above the canvas and View > Colour By, and the heat map they put
// on the canvas from what ModelSession holds (the last run, the mapping, the module analysis).
// A new run or analysis switches to the colouring it is about, unless the user chose one that
// still applies.
#include "gui/app/run_colouring.h"

#include <QObject>
#include <utility>
#include <vector>

class QAction;
class QComboBox;
class QWidget;

namespace irscope::app {

class Workbench;

class ColouringWorkflow : public QObject {
  Q_OBJECT
public:
  explicit ColouringWorkflow(Workbench& bench, QObject* parent = nullptr);

  // The label and combo box, for the bar above the canvas.
  QWidget* buildChooser(QWidget* parent);
  void addActions(); // View > Colour By

  ColourBy colourBy() const { return colour_by_; }
  void setColourBy(ColourBy colouring);
  // Whether the colouring can be shown now: the run's say, and for Module Status an analysis.
  bool usable(ColourBy colouring) const;

private:
  void refresh();

  Workbench& bench_;
  ColourBy colour_by_ = ColourBy::None;
  QComboBox* combo_ = nullptr;
  std::vector<std::pair<ColourBy, QAction*>> actions_;
};

} // namespace irscope::app
