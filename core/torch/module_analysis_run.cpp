#include "core/torch/module_analysis_run.h"

#include "core/module_mapping_check.h"
#include "core/module_precision_check.h"

#include <stdexcept>

namespace irscope::torchscript {
namespace {

void reportProgress(const ModuleAnalysisRequest& request, const std::string& stage, size_t done,
                    size_t total) {
  if (request.progress && !request.progress(stage, done, total))
    throw ExecutionCancelled();
}

} // namespace

ModuleAnalysisResult runModuleAnalysis(const ir::Graph& graph, const ir::Topology& topology,
                                       const ir::ModuleTree& tree, const ir::UniqueModules& modules,
                                       const ModuleAnalysisRequest& request) {
  ModuleAnalysisResult result;
  auto nodesOf = [&](size_t unique) {
    return ir::callNodes(graph, topology, tree,
                         modules.instances[modules.modules[unique].instance]);
  };
  auto progress = [&](size_t done, size_t total) {
    reportProgress(request, "modules", done, total);
  };
  if (request.backend == ir::AnalysisBackend::Mapping) {
    if (!request.mapping)
      throw std::invalid_argument("the mapping backend needs an operator mapping");
    result.verdicts = ir::analyzeUniqueModules(
        modules,
        [&](size_t unique) {
          return ir::checkModuleMapping(graph, *request.mapping, nodesOf(unique));
        },
        request.root_only, progress);
    return result;
  }
  if (!request.weights)
    throw std::invalid_argument("the cpu backends need the model's weights");

  // The float32 run whose values feed and judge every sub-IR.
  ir::ReferenceValues reference;
  reference.graph_inputs = request.inputs;
  reference.node_outputs.resize(graph.nodes.size());
  ExecutionOptions options;
  options.model_file = request.model_file;
  options.weights_file = request.weights_file;
  options.dtype = "float32";
  options.threads = request.threads;
  options.on_output = [&](size_t node, size_t output, const ir::TensorData& values) {
    auto& outputs = reference.node_outputs[node];
    if (outputs.size() <= output)
      outputs.resize(output + 1);
    outputs[output] = values;
  };
  options.progress = [&](size_t done, size_t total) {
    return !request.progress || request.progress("float32 run", done, total);
  };
  // One plan for the whole graph: its resolved ops and constants serve every sub-IR's plan.
  const std::shared_ptr<const PreparedIr> whole = prepareIr(graph, options);
  runPreparedIr(*whole, *request.weights, request.inputs, options);
  for (const auto& outputs : reference.node_outputs)
    for (const ir::TensorData& values : outputs)
      result.reference_bytes += values.bytes.size();

  ir::PrecisionCheckOptions check_options;
  check_options.dtype = ir::backendDtype(request.backend);
  check_options.pcc_threshold = request.pcc_threshold;
  ir::PrecisionCheck check(
      graph, topology, reference,
      [&](const ir::Graph& part, const std::vector<ir::TensorData>& inputs,
          const std::string& dtype) {
        ExecutionOptions run;
        run.model_file = request.model_file;
        run.weights_file = request.weights_file;
        run.dtype = dtype;
        run.threads = request.threads;
        run.weights_fixed = true; // one state_dict for every sub-IR: each weight is cast once
        return runPreparedIr(*prepareIr(part, run, whole.get()), *request.weights, inputs, run)
            .outputs;
      },
      check_options);
  result.verdicts = ir::analyzeUniqueModules(
      modules, [&](size_t unique) { return check.check(nodesOf(unique)); }, request.root_only,
      progress);
  result.runs = check.runs();
  return result;
}

} // namespace irscope::torchscript
