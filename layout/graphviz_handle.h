#pragma once
// RAII owners of libgvc's C objects, and the lock that serialises every call into libgvc,
// which keeps global state and is not thread-safe.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <memory>
#include <mutex>

namespace irscope::layout {

std::mutex& graphvizMutex();

struct GvcDeleter {
  void operator()(GVC_t* context) const { gvFreeContext(context); }
};
using GvcContext = std::unique_ptr<GVC_t, GvcDeleter>;

struct GraphDeleter {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};
using CGraph = std::unique_ptr<Agraph_t, GraphDeleter>;

// Frees the layout gvLayout attached to a graph; must go before the graph itself.
class ScopedLayout {
public:
  ScopedLayout(GVC_t* context, Agraph_t* graph) : context_(context), graph_(graph) {}
  ScopedLayout(const ScopedLayout&) = delete;
  ScopedLayout& operator=(const ScopedLayout&) = delete;
  ~ScopedLayout() { gvFreeLayout(context_, graph_); }

private:
  GVC_t* context_;
  Agraph_t* graph_;
};

} // namespace irscope::layout
