// Runs an ir::Graph through libtorch. Preparation resolves every op and checks weights and inputs
// before the first op runs, so a bad file fails at once with one line; the run then only pushes
// tensors and calls operators.
#include "core/dtype.h"
#include "core/topology.h"
#include "core/torch/attr_ivalue.h"
#include "core/torch/extraction_error.h"
#include "core/torch/ir_execution.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/op_call.h"
#include "core/torch/random_inputs.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/thread_count.h"
#include "core/torch/torch_plugin.h"
#include "core/validation.h"
#include "core/weight_check.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <chrono>
#include <map>

namespace irscope::torchscript {
namespace {

using ir::ValueKind;
using ir::ValueRef;

std::optional<c10::ScalarType> runDtype(const ExecutionOptions& options) {
  if (options.dtype.empty())
    return std::nullopt;
  const auto type = scalarTypeNamed(options.dtype);
  if (!type || !at::isFloatingType(*type))
    throw ExtractionError(options.model_file, "cannot run in dtype '" + options.dtype +
                                                  "'; use float32, bfloat16 or float16");
  return type;
}

at::Tensor castFloating(at::Tensor tensor, const std::optional<c10::ScalarType>& dtype) {
  if (dtype && tensor.is_floating_point() && tensor.scalar_type() != *dtype)
    return tensor.to(*dtype);
  return tensor;
}

std::string nodeLabel(const ir::Node& node) {
  return "node " + node.name + " (" + node.op_type +
         (node.module_path.empty() ? "" : " in " + node.module_path) + ")";
}

// The output tensors an op returned: tensors, and the tensors inside lists and tuples. torch_ir
// keeps only the Tensor elements, so an op's None outputs are dropped as there.
void collectTensors(const c10::IValue& value, std::vector<at::Tensor>& tensors) {
  if (value.isTensor()) {
    tensors.push_back(value.toTensor());
  } else if (value.isTensorList()) {
    for (const at::Tensor& tensor : value.toTensorVector())
      tensors.push_back(tensor);
  } else if (value.isList()) {
    for (const c10::IValue& element : value.toListRef())
      collectTensors(element, tensors);
  } else if (value.isTuple()) {
    for (const c10::IValue& element : value.toTupleRef().elements())
      collectTensors(element, tensors);
  }
}

bool allFinite(const at::Tensor& tensor) {
  if (!tensor.defined() || !(tensor.is_floating_point() || tensor.is_complex()))
    return true;
  return at::isfinite(tensor).all().item<bool>();
}

class Executor {
public:
  Executor(const ir::Graph& graph, const NamedTensors& weights,
           const std::vector<ir::TensorData>& inputs, const ExecutionOptions& options)
      : graph_(graph), options_(options), topology_(ir::buildTopology(graph)) {
    dtype_ = runDtype(options);
    checkGraph();
    planCalls();
    loadWeights(weights);
    loadConstants();
    loadInputs(inputs);
    planLifetimes();
  }

  ExecutionResult run(bool with_observers, bool locate_non_finite) {
    ExecutionResult result;
    result.execution_order.assign(topology_.topological_order.begin(),
                                  topology_.topological_order.end());
    std::vector<std::vector<at::Tensor>> values(graph_.nodes.size());
    std::vector<const at::Tensor*> inputs;
    torch::jit::Stack stack;
    const size_t total = topology_.topological_order.size();
    const auto start = std::chrono::steady_clock::now();
    for (size_t step = 0; step < total; ++step) {
      const int32_t index = topology_.topological_order[step];
      const ir::Node& node = graph_.nodes[index];
      const OpCall& call = calls_[index];
      inputs.clear();
      for (const ValueRef& ref : topology_.node_inputs[index])
        inputs.push_back(&valueOf(ref, values));
      std::vector<at::Tensor>& outputs = values[index];
      if (call.isGetItem()) {
        outputs.push_back(*inputs[call.getitem_index]);
      } else {
        stack.clear();
        pushArguments(call, inputs, stack);
        bool upcast = false;
        try {
          call.operation(stack);
        } catch (const std::exception& error) {
          if (!lacksHalfKernel(error))
            throw ExtractionError(options_.model_file,
                                  nodeLabel(node) + " failed: " + oneLineMessage(error));
          runInFloat32(node, call, inputs, stack);
          upcast = true;
        }
        for (const c10::IValue& value : stack)
          collectTensors(value, outputs);
        if (upcast)
          for (at::Tensor& output : outputs)
            if (output.scalar_type() == at::kFloat)
              output = output.to(at::kHalf);
      }
      if (outputs.size() < node.outputs.size())
        throw ExtractionError(options_.model_file,
                              nodeLabel(node) + " returned " + std::to_string(outputs.size()) +
                                  " tensors, but the IR lists " +
                                  std::to_string(node.outputs.size()) + " outputs");
      if (with_observers)
        observe(index, outputs, result);
      if (locate_non_finite && !result.first_non_finite)
        for (size_t o = 0; o < node.outputs.size(); ++o)
          if (!allFinite(outputs[o])) {
            result.first_non_finite = nonFiniteOrigin(index, o, outputs[o]);
            break;
          }
      for (const ValueRef& ref : release_after_[step])
        values[ref.index][ref.output] = at::Tensor();
      // The second pass that locates NaN/Inf reports progress too, so Cancel works there.
      if (options_.progress && !options_.progress(step + 1, total))
        throw ExecutionCancelled();
    }
    for (const ValueRef& ref : topology_.graph_outputs)
      result.outputs.push_back(toTensorData(valueOf(ref, values)));
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }

private:
  void fail(const std::string& file, const std::string& problem) const {
    throw ExtractionError(file, problem);
  }

  void checkGraph() {
    const std::vector<ir::Problem> problems = ir::validate(graph_, topology_);
    if (!problems.empty())
      fail(options_.model_file,
           "is not a valid IR (" + ir::describe(problems.front()) +
               (problems.size() > 1 ? ", and " + std::to_string(problems.size() - 1) +
                                          " more problems; see irscope-cli validate"
                                    : "") +
               ")");
  }

  void planCalls() {
    calls_.reserve(graph_.nodes.size());
    for (const ir::Node& node : graph_.nodes) {
      try {
        calls_.push_back(planOpCall(node));
      } catch (const std::exception& error) {
        fail(options_.model_file, "node " + node.name + ": " + error.what());
      }
    }
  }

  void loadWeights(const NamedTensors& weights) {
    std::map<std::string, ir::WeightRecord> available;
    std::map<std::string, const ir::TensorData*> by_name;
    for (const auto& [name, data] : weights) {
      available[name] = {data.dtype, data.shape};
      by_name[name] = &data;
    }
    const std::vector<ir::Problem> problems = ir::checkWeights(graph_, topology_, available);
    if (!problems.empty())
      fail(options_.weights_file,
           problems.front().message +
               (problems.front().node.empty() ? ""
                                              : " (read by node " + problems.front().node + ")") +
               (problems.size() > 1 ? "; " + std::to_string(problems.size() - 1) + " more" : ""));
    weights_.reserve(graph_.weights.size());
    for (const ir::Weight& weight : graph_.weights) {
      const ir::TensorData& data = *by_name.at(weight.name);
      weights_.push_back(castFloating(borrow(data, options_.weights_file, weight.name), dtype_));
    }
  }

  // The caller keeps the weights alive for the whole run, so the tensors borrow their bytes
  // rather than copying hundreds of megabytes. Nothing writes to them: ops that write in place
  // write to activations.
  at::Tensor borrow(const ir::TensorData& data, const std::string& file, const std::string& name) {
    const auto type = scalarTypeNamed(data.dtype);
    if (!type)
      fail(file, "'" + name + "' has dtype " + data.dtype + ", which libtorch lacks");
    if (data.bytes.empty())
      return at::empty(data.shape, at::TensorOptions().dtype(*type));
    return at::from_blob(const_cast<std::byte*>(data.bytes.data()), data.shape,
                         at::TensorOptions().dtype(*type));
  }

  void loadConstants() {
    for (const ir::Constant& constant : graph_.constants) {
      try {
        constants_.push_back(castFloating(tensorFromJson(constant.data, constant.dtype), dtype_));
      } catch (const std::exception& error) {
        fail(options_.model_file, "constant " + constant.name + ": " + error.what());
      }
    }
  }

  void loadInputs(const std::vector<ir::TensorData>& inputs) {
    if (inputs.size() != graph_.inputs.size())
      fail(options_.model_file, "takes " + std::to_string(graph_.inputs.size()) + " input" +
                                    (graph_.inputs.size() == 1 ? "" : "s") + " (" +
                                    describeGraphInputs() + "), but " +
                                    std::to_string(inputs.size()) + " were given");
    for (size_t i = 0; i < inputs.size(); ++i) {
      const ir::Tensor& declared = graph_.inputs[i];
      const ir::TensorData& given = inputs[i];
      const std::string file =
          i < options_.input_files.size() ? options_.input_files[i] : "input " + std::to_string(i);
      const std::string what = "input " + std::to_string(i) + " (" + declared.name + ")";
      if (ir::canonicalDtype(given.dtype) != ir::canonicalDtype(declared.dtype))
        fail(file, what + " is " + given.dtype + " but the IR expects " + declared.dtype);
      if (given.shape != declared.shape)
        fail(file, what + " has shape " + ir::formatShapeList(given.shape) +
                       " but the IR expects " + ir::formatShapeList(declared.shape));
      try {
        inputs_.push_back(castFloating(toTensor(given), dtype_));
      } catch (const std::exception& error) {
        fail(file, what + ": " + error.what());
      }
    }
  }

  std::string describeGraphInputs() const {
    std::string text;
    for (const ir::Tensor& input : graph_.inputs)
      text += (text.empty() ? "" : ", ") + input.name + " " + ir::formatShapeList(input.shape) +
              " " + input.dtype;
    return text;
  }

  // Each node output is released right after the last node that reads it, so that peak memory
  // is the weights plus the live activations. Graph outputs live to the end.
  void planLifetimes() {
    const auto& order = topology_.topological_order;
    std::vector<size_t> step_of(graph_.nodes.size(), 0);
    for (size_t step = 0; step < order.size(); ++step)
      step_of[order[step]] = step;
    std::map<std::pair<int32_t, int32_t>, size_t> last_use;
    for (size_t step = 0; step < order.size(); ++step) {
      const int32_t node = order[step];
      for (size_t o = 0; o < graph_.nodes[node].outputs.size(); ++o)
        last_use[{node, static_cast<int32_t>(o)}] = step; // unread outputs go at once
      for (const ValueRef& ref : topology_.node_inputs[node])
        if (ref.kind == ValueKind::NodeOutput)
          last_use[{ref.index, ref.output}] = std::max(last_use[{ref.index, ref.output}], step);
    }
    for (const ValueRef& ref : topology_.graph_outputs)
      if (ref.kind == ValueKind::NodeOutput)
        last_use.erase({ref.index, ref.output});
    release_after_.assign(order.size(), {});
    for (const auto& [value, step] : last_use)
      release_after_[step].push_back(ValueRef::nodeOutput(value.first, value.second));
  }

  const at::Tensor& valueOf(const ValueRef& ref,
                            const std::vector<std::vector<at::Tensor>>& values) const {
    switch (ref.kind) {
    case ValueKind::NodeOutput:
      return values[ref.index][ref.output];
    case ValueKind::GraphInput:
      return inputs_[ref.index];
    case ValueKind::Weight:
      return weights_[ref.index];
    case ValueKind::Constant:
      return constants_[ref.index];
    case ValueKind::Unresolved:
      break;
    }
    throw std::logic_error("an unresolved value survived validation");
  }

  // libtorch 1.13 has no float16 CPU kernels for conv, batch_norm, addmm, clamp and more. A
  // float16 run computes such an op in float32 on its float16 inputs and rounds the result to
  // float16: float16 storage with float32 arithmetic, as bfloat16's CPU kernels do anyway.
  bool lacksHalfKernel(const std::exception& error) const {
    return dtype_ == at::kHalf &&
           std::string_view(error.what()).find("not implemented for 'Half'") != std::string::npos;
  }

  void runInFloat32(const ir::Node& node, const OpCall& call,
                    const std::vector<const at::Tensor*>& inputs, torch::jit::Stack& stack) const {
    std::vector<at::Tensor> widened;
    widened.reserve(inputs.size());
    std::vector<const at::Tensor*> pointers;
    for (const at::Tensor* input : inputs) {
      widened.push_back(input->defined() && input->scalar_type() == at::kHalf
                            ? input->to(at::kFloat)
                            : *input);
      pointers.push_back(&widened.back());
    }
    stack.clear();
    pushArguments(call, pointers, stack);
    try {
      call.operation(stack);
    } catch (const std::exception& error) {
      throw ExtractionError(options_.model_file,
                            nodeLabel(node) + " failed: " + oneLineMessage(error));
    }
  }

  NonFiniteOrigin nonFiniteOrigin(size_t node, size_t output, const at::Tensor& tensor) const {
    NonFiniteOrigin origin;
    origin.node = node;
    origin.output = output;
    origin.nan_count = at::isnan(tensor).sum().item<int64_t>();
    origin.inf_count = at::isinf(tensor).sum().item<int64_t>();
    return origin;
  }

  void observe(size_t index, const std::vector<at::Tensor>& outputs, ExecutionResult& result) {
    if (!options_.statistics && !options_.on_output)
      return;
    for (size_t o = 0; o < graph_.nodes[index].outputs.size(); ++o) {
      const ir::TensorData data = toTensorData(outputs[o]);
      if (options_.statistics) {
        NodeOutputStatistics entry{index, o, {}};
        try {
          entry.statistics = ir::statisticsOf(ir::viewOf(data));
        } catch (const std::invalid_argument&) {
          continue; // complex or other non-numeric outputs have no statistics
        }
        result.statistics.push_back(std::move(entry));
      }
      if (options_.on_output)
        options_.on_output(index, o, data);
    }
  }

  const ir::Graph& graph_;
  const ExecutionOptions& options_;
  ir::Topology topology_;
  std::optional<c10::ScalarType> dtype_;
  std::vector<OpCall> calls_;
  std::vector<at::Tensor> weights_;
  std::vector<at::Tensor> constants_;
  std::vector<at::Tensor> inputs_;
  std::vector<std::vector<ValueRef>> release_after_;
};

bool anyNonFinite(const std::vector<ir::TensorData>& outputs) {
  for (const ir::TensorData& output : outputs) {
    if (!ir::isNumericDtype(output.dtype))
      continue;
    const ir::TensorStatistics stats = ir::statisticsOf(ir::viewOf(output));
    if (stats.hasNonFinite())
      return true;
  }
  return false;
}

} // namespace

namespace impl {

ExecutionResult executeIr(const ir::Graph& graph, const NamedTensors& weights,
                          const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options) {
  try {
    c10::InferenceMode inference;
    ThreadCountGuard threads(options.threads);
    Executor executor(graph, weights, inputs, options);
    ExecutionResult result = executor.run(true, options.statistics);
    if (!result.first_non_finite && anyNonFinite(result.outputs)) {
      // Rare, so the common run pays nothing for it: run again, watching every node.
      const ExecutionResult watched = executor.run(false, true);
      result.first_non_finite = watched.first_non_finite;
    }
    return result;
  } catch (const ExtractionError&) {
    throw;
  } catch (const ExecutionCancelled&) {
    throw;
  } catch (const std::exception& error) {
    throw ExtractionError(options.model_file, "running the IR failed: " + oneLineMessage(error));
  }
}

std::vector<ir::TensorData> randomInputs(const std::vector<ir::InputSpec>& specs, uint64_t seed) {
  std::vector<ir::TensorData> inputs;
  for (const at::Tensor& tensor : randomTensors(specs, seed))
    inputs.push_back(toTensorData(tensor));
  return inputs;
}

} // namespace impl
} // namespace irscope::torchscript
