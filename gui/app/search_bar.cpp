#include "gui/app/search_bar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QToolButton>

namespace irscope::app {

std::vector<int> findNodes(const ir::Graph& graph, const QString& query, bool regex) {
  std::vector<int> hits;
  if (query.isEmpty())
    return hits;
  QRegularExpression pattern(regex ? query : QRegularExpression::escape(query),
                             QRegularExpression::CaseInsensitiveOption);
  if (!pattern.isValid())
    return hits;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const ir::Node& node = graph.nodes[n];
    bool match = pattern.match(QString::fromStdString(node.name)).hasMatch() ||
                 pattern.match(QString::fromStdString(node.op_type)).hasMatch();
    for (size_t o = 0; !match && o < node.outputs.size(); ++o)
      match = pattern.match(QString::fromStdString(ir::formatShapeCompact(node.outputs[o].shape)))
                  .hasMatch();
    if (match)
      hits.push_back(static_cast<int>(n));
  }
  return hits;
}

SearchBar::SearchBar(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  query_ = new QLineEdit(this);
  query_->setPlaceholderText(tr("Find nodes by name, op type or shape (e.g. conv2d, 1x64x56x56)"));
  query_->setClearButtonEnabled(true);
  regex_ = new QCheckBox(tr("Regex"), this);
  count_ = new QLabel(this);
  auto* previous_button = new QToolButton(this);
  previous_button->setText("\u25b2");
  previous_button->setToolTip(tr("Previous (Shift+F3)"));
  auto* next_button = new QToolButton(this);
  next_button->setText("\u25bc");
  next_button->setToolTip(tr("Next (F3)"));
  auto* close = new QToolButton(this);
  close->setText("\u2715");
  close->setToolTip(tr("Close (Esc)"));
  layout->addWidget(query_, 1);
  layout->addWidget(regex_);
  layout->addWidget(count_);
  layout->addWidget(previous_button);
  layout->addWidget(next_button);
  layout->addWidget(close);
  connect(query_, &QLineEdit::textChanged, this, &SearchBar::search);
  connect(regex_, &QCheckBox::toggled, this, &SearchBar::search);
  connect(query_, &QLineEdit::returnPressed, this, &SearchBar::next);
  connect(next_button, &QToolButton::clicked, this, &SearchBar::next);
  connect(previous_button, &QToolButton::clicked, this, &SearchBar::previous);
  connect(close, &QToolButton::clicked, this, [this] {
    hide();
    emit hitsChanged({});
  });
}

void SearchBar::setDocument(const ModelDocument* document) {
  document_ = document;
  search();
}

void SearchBar::activate() {
  show();
  query_->setFocus();
  query_->selectAll();
}

void SearchBar::setQuery(const QString& query, bool regex) {
  regex_->setChecked(regex);
  query_->setText(query);
  search();
}

void SearchBar::search() {
  hits_ = document_ ? findNodes(document_->model.graph, query_->text(), regex_->isChecked())
                    : std::vector<int>{};
  current_ = -1;
  const bool bad_regex = regex_->isChecked() && !QRegularExpression(query_->text()).isValid();
  count_->setText(bad_regex                  ? tr("invalid regex")
                  : query_->text().isEmpty() ? QString()
                                             : tr("%n match(es)", nullptr, int(hits_.size())));
  emit hitsChanged(hits_);
  if (!hits_.empty())
    go(0);
}

void SearchBar::go(int index) {
  if (hits_.empty())
    return;
  current_ = (index % int(hits_.size()) + int(hits_.size())) % int(hits_.size());
  count_->setText(tr("%1 of %2").arg(current_ + 1).arg(hits_.size()));
  emit currentHit(hits_[current_]);
}

void SearchBar::next() {
  go(current_ + 1);
}
void SearchBar::previous() {
  go(current_ - 1);
}

} // namespace irscope::app
