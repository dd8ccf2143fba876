#pragma once
// One open model and how it is drawn: what the window shows, built off the GUI thread and then
// only read.
#include "core/input_spec.h"
#include "core/model_summary.h"
#include "core/module_tree.h"
#include "core/op_configuration.h"
#include "core/torch/repeated_runs.h"
#include "io/model_file.h"
#include "layout/diagram.h"

#include <QString>
#include <memory>
#include <vector>

namespace irscope::app {

struct WeightStatistics;

struct ModelDocument {
  QString path;
  // Opened from a TorchScript file, which also holds the weights and is the reference.
  bool from_torchscript = false;
  // For a TorchScript file: its weights' statistics, taken from the extraction that opened it,
  // so that the Weights dock never runs the model again.
  std::shared_ptr<const WeightStatistics> weight_statistics;
  // For a TorchScript file: the example inputs it was run on (reused when the file changes).
  std::vector<ir::InputSpec> input_specs;
  std::vector<std::string> notes; // what extraction wants the user to know
  io::OpenedModel model;
  ir::ModuleTree modules;
  ir::ModelSummary summary;
  layout::DiagramOptions options;
  layout::Diagram diagram;
  // The diagram item that shows each node: the op's own box, or the collapsed group's.
  std::vector<int> item_of_node;
  // Parameters used inside each module group, at any depth. A weight counts once, in the
  // group of its first consumer, so tied weights are not counted twice.
  std::vector<int64_t> group_parameters;
  // Dataflow edges: node inputs fed by a node or a graph input (weights not counted).
  size_t edge_count = 0;
  // Every op type's distinct configurations (ir::collectConfigurations), collected with the
  // model on the worker: 35 ms for 10k nodes. Shared, so that relayouts copy no JSON.
  std::shared_ptr<const std::vector<ir::OpConfigurations>> configurations;
  // Tools > Run Model's prepared plans: running the model again resolves no op again. The
  // copies a relayout makes share it; a copy's own graph is prepared once on its first run.
  std::shared_ptr<torchscript::RepeatedRuns> runs = std::make_shared<torchscript::RepeatedRuns>();

  int nodeCount() const { return static_cast<int>(model.graph.nodes.size()); }
};

// Recomputes item_of_node after the diagram changes.
void indexItems(ModelDocument& document);

// Fills group_parameters from the graph and its module tree.
void countGroupParameters(ModelDocument& document);

// Fills edge_count from the topology.
void countEdges(ModelDocument& document);

} // namespace irscope::app
