// Graph diff at scale (issue 22). Run: build/release/bench/irscope_graph_diff_bench
// A transformer-like graph of 10k nodes against a lightly edited copy: every node renamed (so
// that pairing by name finds nothing), every 50th node's attrs changed and, after every 500th
// node, a dropout inserted. Target: <= 1 s for diffGraphs, matching included.
#include "core/graph_diff.h"
#include "tests/support/graph_builder.h"

#include <benchmark/benchmark.h>

namespace {

using irscope::ir::Graph;
using irscope::ir::Node;

Graph editedCopy(const Graph& graph) {
  Graph edited = graph;
  std::vector<Node> nodes;
  nodes.reserve(graph.nodes.size() + graph.nodes.size() / 500 + 1);
  auto rename = [](const std::string& name) { return "v2_" + name; };
  std::string rewire_from, rewire_to; // a consumer of the node before a dropout reads the dropout
  for (size_t i = 0; i < edited.nodes.size(); ++i) {
    Node node = edited.nodes[i];
    for (auto& tensor : node.inputs) {
      if (!tensor.producer_node || *tensor.producer_node == "x")
        continue;
      if (*tensor.producer_node == rewire_from)
        tensor.producer_node = rewire_to;
      else
        tensor.producer_node = rename(*tensor.producer_node);
      tensor.name = *tensor.producer_node;
    }
    if (i % 50 == 0)
      node.attrs["edited"] = true;
    node.name = rename(node.name);
    node.outputs[0].name = node.name;
    nodes.push_back(node);
    if (i % 500 == 250) {
      Node dropout = node;
      dropout.name = "inserted_dropout_" + std::to_string(i);
      dropout.op_type = "aten.dropout.default";
      dropout.attrs = {{"p", 0.1}, {"train", false}};
      dropout.inputs = {node.outputs[0]};
      dropout.inputs[0].producer_node = node.name;
      dropout.inputs[0].producer_output_idx = 0;
      dropout.outputs[0].name = dropout.name;
      rewire_from = graph.nodes[i].name;
      rewire_to = dropout.name;
      nodes.push_back(dropout);
    }
  }
  edited.nodes = std::move(nodes);
  for (auto& output : edited.outputs)
    output.name = output.name == rewire_from ? rewire_to : rename(output.name);
  return edited;
}

void BM_DiffEditedCopy(benchmark::State& state) {
  const Graph a =
      irscope::testing::makeTransformerLikeGraph(static_cast<size_t>(state.range(0)), true);
  const Graph b = editedCopy(a);
  irscope::ir::GraphDiff diff;
  for (auto _ : state) {
    diff = irscope::ir::diffGraphs(a, b);
    benchmark::DoNotOptimize(diff.nodes.data());
  }
  state.counters["nodes"] = static_cast<double>(a.nodes.size());
  state.counters["same"] = static_cast<double>(diff.node_counts.same);
  state.counters["changed"] = static_cast<double>(diff.node_counts.changed);
  state.counters["added"] = static_cast<double>(diff.node_counts.added);
  state.counters["removed"] = static_cast<double>(diff.node_counts.removed);
}

BENCHMARK(BM_DiffEditedCopy)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
