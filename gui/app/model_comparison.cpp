#include "gui/app/model_comparison.h"

#include "gui/app/document_loading.h"
#include "io/model_inputs.h"

namespace irscope::app {

int ModelComparison::entryOf(DiffSide side, int node) const {
  const std::vector<int32_t>& entries = side == DiffSide::A ? diff.entry_of_a : diff.entry_of_b;
  if (node < 0 || static_cast<size_t>(node) >= entries.size())
    return -1;
  return entries[static_cast<size_t>(node)];
}

int ModelComparison::partnerOf(DiffSide side, int node) const {
  const int entry = entryOf(side, node);
  if (entry < 0)
    return -1;
  const ir::NodeDifference& difference = diff.nodes[static_cast<size_t>(entry)];
  return side == DiffSide::A ? difference.b : difference.a;
}

std::shared_ptr<const ModelComparison> compareDocuments(std::shared_ptr<const ModelDocument> a,
                                                        const QString& path_b,
                                                        const layout::LayoutControl& control) {
  std::vector<ir::InputSpec> inputs = a->from_torchscript && !a->input_specs.empty()
                                          ? a->input_specs
                                          : io::declaredInputSpecs(a->model.graph);
  std::shared_ptr<ModelDocument> b = openDocument(path_b, std::move(inputs), control);
  auto comparison = std::make_shared<ModelComparison>();
  comparison->diff = ir::diffGraphs(a->model.graph, b->model.graph);
  comparison->a = std::move(a);
  comparison->b = std::move(b);
  return comparison;
}

std::shared_ptr<const ModelComparison> withLayout(const ModelComparison& comparison, DiffSide side,
                                                  std::shared_ptr<const ModelDocument> document) {
  auto next = std::make_shared<ModelComparison>(comparison);
  (side == DiffSide::A ? next->a : next->b) = std::move(document);
  return next;
}

} // namespace irscope::app
