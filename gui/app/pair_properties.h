#pragma once
// Properties of a comparison: the two sides of a pair field by field (name, op, module, every
// input and output, every attr), with the fields that differ marked, and after Run Both each
// output's numeric difference (max |Δ|, PCC, and the verdict rule's judgement). A node only one
// side has is shown with the other side empty.
#include "gui/app/model_comparison.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace irscope::app {

class PairProperties : public QWidget {
  Q_OBJECT
public:
  // Set on every row whose field differs between the sides (and on the rows above it).
  static constexpr int kDiffersRole = Qt::UserRole + 2;

  explicit PairProperties(QWidget* parent = nullptr);

  // Null clears. The comparison must outlive its use.
  void setComparison(const ModelComparison* comparison);
  void showEntry(int entry); // into diff.nodes; -1 clears
  int shownEntry() const { return entry_; }
  QTreeWidget* tree() const { return tree_; }

private:
  QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& field, const QString& a,
                          const QString& b, bool differs = false);
  void addNumericRows(int entry);

  const ModelComparison* comparison_ = nullptr;
  int entry_ = -1;
  QLabel* title_;
  QTreeWidget* tree_;
};

} // namespace irscope::app
