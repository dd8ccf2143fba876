#include "gui/app/breadcrumb_bar.h"

#include "gui/app/model_document.h"

namespace irscope::app {

namespace {
QString escaped(const std::string& text) {
  return QString::fromStdString(text).toHtmlEscaped();
}
} // namespace

BreadcrumbBar::BreadcrumbBar(QWidget* parent) : QLabel(parent) {
  setContentsMargins(8, 3, 8, 3);
  setTextFormat(Qt::RichText);
  connect(this, &QLabel::linkActivated, this, [this](const QString& link) {
    if (link == "root")
      emit rootClicked();
    else
      emit groupClicked(link.mid(6).toInt()); // "group:N"
  });
}

void BreadcrumbBar::showPath(const ModelDocument* document, int item) {
  if (!document) {
    clear();
    return;
  }
  const QString model = escaped(document->model.graph.model_name);
  QStringList crumbs{QString("<a href=\"root\">%1</a>").arg(model.isEmpty() ? tr("model") : model)};
  int group = -1;
  if (item >= 0) {
    const layout::DiagramItem& selected = document->diagram.items[item];
    group = selected.kind == layout::ItemKind::CollapsedGroup ? selected.group
            : selected.node >= 0 ? document->modules.group_of_node[selected.node]
                                 : -1;
  }
  QStringList path;
  for (int g = group; g >= 0; g = document->modules.groups[g].parent)
    path.prepend(QString("<a href=\"group:%1\">%2</a>")
                     .arg(g)
                     .arg(escaped(document->modules.groups[g].label)));
  crumbs += path;
  if (item >= 0 && document->diagram.items[item].kind == layout::ItemKind::Op)
    crumbs << "<b>" +
                  escaped(document->model.graph.nodes[document->diagram.items[item].node].name) +
                  "</b>";
  setText(crumbs.join(" › "));
}

} // namespace irscope::app
