// Writes the layout disk cache's file for a model, by laying it out once as the app does:
// the layout_cache harness's seed. Usage: irscope_fuzz_layout_seed MODEL.json OUT_FOLDER
#include "core/module_tree.h"
#include "core/topology.h"
#include "io/torch_ir_reader.h"
#include "layout/diagram.h"
#include "layout/layout_cache.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  using namespace irscope;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL.json OUT_FOLDER\n", argv[0]);
    return 2;
  }
  try {
    const ir::Graph graph = io::readTorchIrFile(argv[1]);
    const ir::Topology topology = ir::buildTopology(graph);
    const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
    std::filesystem::create_directories(argv[2]);
    layout::LayoutCache cache(argv[2]);
    layout::buildDiagram(graph, topology, modules, layout::DiagramOptions{}, {}, {}, &cache);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
