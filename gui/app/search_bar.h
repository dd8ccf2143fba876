#pragma once
// Ctrl+F: find nodes by name, op type or shape, with a regex option and next/previous.
#include "gui/app/model_document.h"

#include <QWidget>
#include <vector>

class QLineEdit;
class QCheckBox;
class QLabel;

namespace irscope::app {

// Node indices whose name, op type or output shape ("1x64x56x56") match `query`, in file order.
// With `regex`, the query is a regular expression; otherwise a case-insensitive substring.
std::vector<int> findNodes(const ir::Graph& graph, const QString& query, bool regex);

class SearchBar : public QWidget {
  Q_OBJECT
public:
  explicit SearchBar(QWidget* parent = nullptr);

  void setDocument(const ModelDocument* document);
  void activate(); // show, focus and select the query
  void setQuery(const QString& query, bool regex = false);
  const std::vector<int>& hits() const { return hits_; }
  int current() const { return current_; }

public slots:
  void next();
  void previous();

signals:
  void hitsChanged(const std::vector<int>& nodes);
  void currentHit(int node);

private:
  void search();
  void go(int index);

  const ModelDocument* document_ = nullptr;
  QLineEdit* query_;
  QCheckBox* regex_;
  QLabel* count_;
  std::vector<int> hits_;
  int current_ = -1;
};

} // namespace irscope::app
