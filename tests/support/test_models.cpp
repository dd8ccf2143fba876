#include "tests/support/test_models.h"

#include "io/torch_ir_reader.h"
#include "tests/support/graph_builder.h"
#include "tests/support/test_files.h"

namespace irscope::testing {

namespace {
TestModel complete(ir::Graph graph) {
  TestModel model;
  model.graph = std::move(graph);
  model.topology = ir::buildTopology(model.graph);
  model.modules = ir::buildModuleTree(model.graph, model.topology);
  return model;
}
} // namespace

TestModel fixtureModel(const std::string& name) {
  return complete(io::readTorchIrFile(dataDir() / "torch_ir" / (name + ".json")));
}

TestModel syntheticModel(size_t nodes) {
  return complete(makeTransformerLikeGraph(nodes));
}

TestModel decoderModel(size_t layers) {
  return complete(makeDecoderLikeGraph(layers));
}

} // namespace irscope::testing
