#pragma once
// The Weights dock: every weight with its shape, dtype, parameters, bytes and consumers,
// sortable and filterable, and the current weight's statistics below the table.
#include "gui/app/model_document.h"

#include <QDockWidget>

class QLineEdit;
class QTableWidget;

namespace irscope::app {

class WeightDetails;

class WeightsDock : public QDockWidget {
  Q_OBJECT
public:
  explicit WeightsDock(QWidget* parent = nullptr);

  // Lists the document's weights; null empties the table. The document must outlive its use.
  void setDocument(const ModelDocument* document);
  QTableWidget* table() const { return table_; }
  QLineEdit* filter() const { return filter_; }
  WeightDetails* details() const { return details_; }
  // The current row's weight (index into graph.weights), or -1.
  int currentWeight() const;
  // Makes the weight (by state_dict name) the current row; false when there is no such weight.
  bool selectWeight(const QString& name);
  void clearCurrent();
  // Scrolls the current row into view once the table has its size (the details change it).
  void keepCurrentInView();

signals:
  void weightClicked(int weight); // marks and selects its consumers
  void currentWeightChanged();    // the details follow the current row

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  // The name as wide as Shape, Dtype and Params beside it leave, but wide enough to read: the
  // other columns are a scroll away. Until the user sizes it.
  void fitNameColumn();

  QTableWidget* table_;
  bool name_column_by_user_ = false;
  bool sizing_name_column_ = false;
  QLineEdit* filter_;
  WeightDetails* details_;
};

} // namespace irscope::app
