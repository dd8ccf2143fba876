#pragma once
// A model with everything layout needs, built from a fixture or from the synthetic transformer.
#include "core/graph.h"
#include "core/module_tree.h"
#include "core/topology.h"

#include <string>

namespace irscope::testing {

struct TestModel {
  ir::Graph graph;
  ir::Topology topology;
  ir::ModuleTree modules;
};

// tests/data/torch_ir/<name>.json
TestModel fixtureModel(const std::string& name);
TestModel syntheticModel(size_t nodes);
// makeDecoderLikeGraph(layers) with its topology and module tree.
TestModel decoderModel(size_t layers);

} // namespace irscope::testing
