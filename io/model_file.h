#pragma once
#include "core/graph.h"
#include "core/inferred_module_paths.h"
#include "core/topology.h"
#include "core/validation.h"

#include <filesystem>
#include <vector>

namespace irscope::io {

// Opens any model file irscope understands, choosing the reader by content rather than by
// name, and explains what a file is when it is not something irscope reads.
// Throws LoadError.
ir::Graph loadModelFile(const std::filesystem::path& path);

// A model ready for tools that walk its dataflow (info, convert, the viewer).
struct OpenedModel {
  ir::Graph graph;
  ir::Topology topology;
  std::vector<ir::Problem> problems; // what validate() found that still leaves a usable graph
  // torch_ir JSON names no modules; when its weights do, each node's module_path was inferred
  // from them (core/inferred_module_paths.h) and tools say so.
  ir::ModulePathSource module_paths = ir::ModulePathSource::None;
};

// Loads and validates, and infers module paths from the weights' names when the file has none.
// Throws LoadError when the dataflow itself is broken (a dangling
// reference, a cycle, a repeated name): the message gives the first such problem and how many
// more there are. Shape or dtype disagreements are returned in `problems` instead.
OpenedModel openModel(const std::filesystem::path& path);

// The topology and validate()'s problems, refusing nothing and inferring nothing: for
// `validate`, which lists every problem itself.
OpenedModel validatedModel(ir::Graph graph);

// The same checks and inference for a graph that came from elsewhere (extracted from TorchScript,
// say); `file` names it in the error.
OpenedModel checkModel(ir::Graph graph, const std::string& file);

} // namespace irscope::io
