#pragma once
// Two models compared: the open one (A, the reference) and the one compared with it (B), each
// read and laid out as File > Open does (document_loading.h), and what changed between them
// (core/graph_diff.h). Built off the GUI thread, then only read.
#include "core/graph_diff.h"
#include "gui/app/model_document.h"
#include "layout/layout_control.h"

#include <QString>
#include <memory>

namespace irscope::app {

enum class DiffSide { A, B };

struct ModelComparison {
  std::shared_ptr<const ModelDocument> a;
  std::shared_ptr<const ModelDocument> b;
  ir::GraphDiff diff;

  const ModelDocument& side(DiffSide which) const { return which == DiffSide::A ? *a : *b; }
  // The entry of a node of one side in diff.nodes; -1 when none.
  int entryOf(DiffSide side, int node) const;
  // The node of the other side paired with `node`; -1 when it has none.
  int partnerOf(DiffSide side, int node) const;
  // The entry's node on one side; -1 when that side has none.
  int nodeOf(const ir::NodeDifference& entry, DiffSide side) const {
    return side == DiffSide::A ? entry.a : entry.b;
  }
};

// Reads and lays out `path_b` and diffs it against `a`. A TorchScript B runs on A's input shapes
// (a TorchScript A's own, or the IR's declared ones), as `irscope-cli diff` does. Throws with
// one line naming the file at fault.
std::shared_ptr<const ModelComparison> compareDocuments(std::shared_ptr<const ModelDocument> a,
                                                        const QString& path_b,
                                                        const layout::LayoutControl& control);

// The same comparison with one side laid out anew (a group opened): the graphs, and so the diff,
// are unchanged.
std::shared_ptr<const ModelComparison> withLayout(const ModelComparison& comparison, DiffSide side,
                                                  std::shared_ptr<const ModelDocument> document);

} // namespace irscope::app
