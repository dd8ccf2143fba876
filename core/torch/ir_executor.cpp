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
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

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

// The parts of plans that a graph's sub-IRs share with it: resolved ops by what they depend on
// (op, input count, attrs), and constants as read from JSON, before any cast to a run's dtype.
struct SharedParts {
  struct ConstantEntry {
    std::string dtype;
    Json data;
    at::Tensor tensor;
  };
  // A weight cast to a run's dtype, for runs with ExecutionOptions::weights_fixed: `source` is
  // the caller's bytes it was cast from.
  struct CastWeight {
    const std::byte* source = nullptr;
    at::Tensor tensor;
  };
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const OpCall>> calls;
  std::unordered_map<std::string, ConstantEntry> constants;                   // by name
  std::map<std::pair<std::string, c10::ScalarType>, CastWeight> cast_weights; // by name, dtype
};

// Everything an OpCall is built from: the same key means the same call.
std::string callKey(const ir::Node& node) {
  return node.op_type + '\x1f' + std::to_string(node.inputs.size()) + '\x1f' +
         (node.attrs.is_object() ? node.attrs.dump() : std::string());
}

// Ops named with a trailing underscore (aten.relu_.default) write into their first argument.
bool writesInPlace(const ir::Node& node) {
  const size_t first = node.op_type.find('.');
  if (first == std::string::npos)
    return false;
  const size_t second = node.op_type.find('.', first + 1);
  const std::string_view name =
      std::string_view(node.op_type)
          .substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  return !name.empty() && name.back() == '_';
}

} // namespace

class PreparedIr {
public:
  PreparedIr(const ir::Graph& graph, const ExecutionOptions& options, const PreparedIr* cut_from)
      : graph_(graph), model_file_(options.model_file), dtype_name_(options.dtype),
        topology_(ir::buildTopology(graph)) {
    dtype_ = runDtype(options);
    parts_ = cut_from ? cut_from->parts_ : std::make_shared<SharedParts>();
    checkGraph();
    planCalls();
    loadConstants();
    planLifetimes();
  }

  const std::string& dtypeName() const { return dtype_name_; }

  ExecutionResult execute(const NamedTensors& weights, const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options) const {
    if (options.dtype != dtype_name_)
      throw std::invalid_argument("a plan prepared for dtype '" + dtype_name_ +
                                  "' was run with dtype '" + options.dtype + "'");
    Bound bound;
    bindWeights(weights, options, bound);
    bindInputs(inputs, options, bound);
    bindConstants(bound);
    ExecutionResult result = run(bound, options, true, options.statistics);
    if (!result.first_non_finite && anyNonFinite(bound.graph_outputs)) {
      // Rare, so the common run pays nothing for it: run again, watching every node.
      const ExecutionResult watched = run(bound, options, false, true);
      result.first_non_finite = watched.first_non_finite;
    }
    bound.graph_outputs.clear();
    return result;
  }

private:
  // What one call brings: its weights, inputs and the constants it may write to.
  struct Bound {
    std::vector<at::Tensor> weights;
    std::vector<at::Tensor> inputs;
    std::vector<at::Tensor> constants;
    std::vector<at::Tensor> graph_outputs; // of the last run, for the NaN/Inf check
  };

  ExecutionResult run(Bound& bound, const ExecutionOptions& options, bool with_observers,
                      bool locate_non_finite) const {
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
      const OpCall& call = *calls_[index];
      inputs.clear();
      for (const ValueRef& ref : topology_.node_inputs[index])
        inputs.push_back(&valueOf(ref, values, bound));
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
            throw ExtractionError(model_file_,
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
        throw ExtractionError(model_file_, nodeLabel(node) + " returned " +
                                               std::to_string(outputs.size()) +
                                               " tensors, but the IR lists " +
                                               std::to_string(node.outputs.size()) + " outputs");
      if (with_observers)
        observe(index, outputs, options, result);
      if (locate_non_finite && !result.first_non_finite)
        for (size_t o = 0; o < node.outputs.size(); ++o)
          if (!allFinite(outputs[o])) {
            result.first_non_finite = nonFiniteOrigin(index, o, outputs[o]);
            break;
          }
      for (const ValueRef& ref : release_after_[step])
        values[ref.index][ref.output] = at::Tensor();
      // The second pass that locates NaN/Inf reports progress too, so Cancel works there.
      if (options.progress && !options.progress(step + 1, total))
        throw ExecutionCancelled();
    }
    bound.graph_outputs.clear();
    for (const ValueRef& ref : topology_.graph_outputs) {
      const at::Tensor& output = valueOf(ref, values, bound);
      bound.graph_outputs.push_back(output);
      result.outputs.push_back(toTensorData(output));
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }

  void fail(const std::string& file, const std::string& problem) const {
    throw ExtractionError(file, problem);
  }

  void checkGraph() {
    const std::vector<ir::Problem> problems = ir::validate(graph_, topology_);
    if (!problems.empty())
      fail(model_file_, "is not a valid IR (" + ir::describe(problems.front()) +
                            (problems.size() > 1 ? ", and " + std::to_string(problems.size() - 1) +
                                                       " more problems; see irscope-cli validate"
                                                 : "") +
                            ")");
  }

  // Each distinct call is planned once and shared: by equal nodes of this graph, and by the
  // sub-IRs cut from it.
  void planCalls() {
    calls_.reserve(graph_.nodes.size());
    std::lock_guard<std::mutex> lock(parts_->mutex);
    for (const ir::Node& node : graph_.nodes) {
      std::string key = callKey(node);
      auto found = parts_->calls.find(key);
      if (found == parts_->calls.end()) {
        try {
          found = parts_->calls
                      .emplace(std::move(key), std::make_shared<const OpCall>(planOpCall(node)))
                      .first;
        } catch (const std::exception& error) {
          fail(model_file_, "node " + node.name + ": " + error.what());
        }
      }
      calls_.push_back(found->second);
    }
  }

  void loadConstants() {
    // A constant that an in-place op reads as its first argument is copied for each call, so
    // that no call sees what an earlier one wrote.
    written_constants_.assign(graph_.constants.size(), false);
    for (size_t n = 0; n < graph_.nodes.size(); ++n)
      if (writesInPlace(graph_.nodes[n]) && !topology_.node_inputs[n].empty() &&
          topology_.node_inputs[n].front().kind == ValueKind::Constant)
        written_constants_[topology_.node_inputs[n].front().index] = true;
    std::lock_guard<std::mutex> lock(parts_->mutex);
    for (const ir::Constant& constant : graph_.constants) {
      auto found = parts_->constants.find(constant.name);
      if (found != parts_->constants.end() &&
          (found->second.dtype != constant.dtype || found->second.data != constant.data))
        found = parts_->constants.end(); // same name, other value: not the one cut from
      at::Tensor read;
      if (found != parts_->constants.end()) {
        read = found->second.tensor;
      } else {
        try {
          read = tensorFromJson(constant.data, constant.dtype);
        } catch (const std::exception& error) {
          fail(model_file_, "constant " + constant.name + ": " + error.what());
        }
        parts_->constants.insert_or_assign(
            constant.name, SharedParts::ConstantEntry{constant.dtype, constant.data, read});
      }
      // Cast from the tensor as read, never from another plan's cast, so that a constant
      // rounds to the run's dtype once, as it does when prepared alone.
      constants_.push_back(castFloating(read, dtype_));
    }
  }

  void bindConstants(Bound& bound) const {
    bound.constants.resize(constants_.size());
    for (size_t c = 0; c < constants_.size(); ++c)
      bound.constants[c] = written_constants_[c] ? constants_[c].clone() : constants_[c];
  }

  // The weights by name, as the graph lists them. A name given twice counts as its last entry.
  void bindWeights(const NamedTensors& weights, const ExecutionOptions& options,
                   Bound& bound) const {
    std::unordered_map<std::string_view, const ir::TensorData*> by_name;
    by_name.reserve(weights.size());
    for (const auto& [name, data] : weights)
      by_name[name] = &data;
    std::vector<const ir::TensorData*> found;
    found.reserve(graph_.weights.size());
    for (const ir::Weight& weight : graph_.weights) {
      const auto entry = by_name.find(weight.name);
      if (entry == by_name.end() || entry->second->shape != weight.shape ||
          ir::canonicalDtype(entry->second->dtype) != ir::canonicalDtype(weight.dtype)) {
        reportWeightProblems(weights, options);
        fail(options.weights_file, "weight '" + weight.name + "' does not fit the graph");
      }
      found.push_back(entry->second);
    }
    bound.weights.reserve(graph_.weights.size());
    for (size_t w = 0; w < found.size(); ++w) {
      at::Tensor borrowed = borrow(*found[w], options.weights_file, graph_.weights[w].name);
      bound.weights.push_back(options.weights_fixed
                                  ? castOnce(graph_.weights[w].name, found[w]->bytes, borrowed)
                                  : castFloating(borrowed, dtype_));
    }
  }

  // The weight as cast by an earlier run of this plan or of one cut from the same graph.
  at::Tensor castOnce(const std::string& name, const std::vector<std::byte>& bytes,
                      const at::Tensor& borrowed) const {
    if (!dtype_ || !borrowed.is_floating_point() || borrowed.scalar_type() == *dtype_)
      return borrowed;
    std::lock_guard<std::mutex> lock(parts_->mutex);
    SharedParts::CastWeight& cast = parts_->cast_weights[{name, *dtype_}];
    if (!cast.tensor.defined() || cast.source != bytes.data()) {
      cast.tensor = borrowed.to(*dtype_);
      cast.source = bytes.data();
    }
    return cast.tensor;
  }

  // The one line for weights that do not fit, with the problems counted as validation does.
  void reportWeightProblems(const NamedTensors& weights, const ExecutionOptions& options) const {
    std::map<std::string, ir::WeightRecord> available;
    for (const auto& [name, data] : weights)
      available[name] = {data.dtype, data.shape};
    const std::vector<ir::Problem> problems = ir::checkWeights(graph_, topology_, available);
    if (!problems.empty())
      fail(options.weights_file,
           problems.front().message +
               (problems.front().node.empty() ? ""
                                              : " (read by node " + problems.front().node + ")") +
               (problems.size() > 1 ? "; " + std::to_string(problems.size() - 1) + " more" : ""));
  }

  // The caller keeps the weights alive for the whole run, so the tensors borrow their bytes
  // rather than copying hundreds of megabytes. Nothing writes to them: ops that write in place
  // write to activations.
  at::Tensor borrow(const ir::TensorData& data, const std::string& file,
                    const std::string& name) const {
    const auto type = scalarTypeNamed(data.dtype);
    if (!type)
      fail(file, "'" + name + "' has dtype " + data.dtype + ", which libtorch lacks");
    if (data.bytes.empty())
      return at::empty(data.shape, at::TensorOptions().dtype(*type));
    return at::from_blob(const_cast<std::byte*>(data.bytes.data()), data.shape,
                         at::TensorOptions().dtype(*type));
  }

  void bindInputs(const std::vector<ir::TensorData>& inputs, const ExecutionOptions& options,
                  Bound& bound) const {
    if (inputs.size() != graph_.inputs.size())
      fail(model_file_, "takes " + std::to_string(graph_.inputs.size()) + " input" +
                            (graph_.inputs.size() == 1 ? "" : "s") + " (" + describeGraphInputs() +
                            "), but " + std::to_string(inputs.size()) + " were given");
    bound.inputs.reserve(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      const ir::Tensor& declared = graph_.inputs[i];
      const ir::TensorData& given = inputs[i];
      const std::string file =
          i < options.input_files.size() ? options.input_files[i] : "input " + std::to_string(i);
      auto what = [&] { return "input " + std::to_string(i) + " (" + declared.name + ")"; };
      if (ir::canonicalDtype(given.dtype) != ir::canonicalDtype(declared.dtype))
        fail(file, what() + " is " + given.dtype + " but the IR expects " + declared.dtype);
      if (given.shape != declared.shape)
        fail(file, what() + " has shape " + ir::formatShapeList(given.shape) +
                       " but the IR expects " + ir::formatShapeList(declared.shape));
      try {
        bound.inputs.push_back(bindInput(given));
      } catch (const std::exception& error) {
        fail(file, what() + ": " + error.what());
      }
    }
  }

  // An input the run casts is read in place by the cast; one it keeps is copied, since an
  // in-place op may write to it and the caller's bytes must stay as they were.
  at::Tensor bindInput(const ir::TensorData& given) const {
    const auto type = scalarTypeNamed(given.dtype);
    if (type && dtype_ && at::isFloatingType(*type) && *type != *dtype_) {
      const auto count = ir::elementCount(given.shape);
      if (count && size_t(*count) * c10::elementSize(*type) == given.bytes.size() &&
          !given.bytes.empty())
        return at::from_blob(const_cast<std::byte*>(given.bytes.data()), given.shape,
                             at::TensorOptions().dtype(*type))
            .to(*dtype_);
    }
    return castFloating(toTensor(given), dtype_);
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

  const at::Tensor& valueOf(const ValueRef& ref, const std::vector<std::vector<at::Tensor>>& values,
                            const Bound& bound) const {
    switch (ref.kind) {
    case ValueKind::NodeOutput:
      return values[ref.index][ref.output];
    case ValueKind::GraphInput:
      return bound.inputs[ref.index];
    case ValueKind::Weight:
      return bound.weights[ref.index];
    case ValueKind::Constant:
      return bound.constants[ref.index];
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
      widened.push_back(
          input->defined() && input->scalar_type() == at::kHalf ? input->to(at::kFloat) : *input);
      pointers.push_back(&widened.back());
    }
    stack.clear();
    pushArguments(call, pointers, stack);
    try {
      call.operation(stack);
    } catch (const std::exception& error) {
      throw ExtractionError(model_file_, nodeLabel(node) + " failed: " + oneLineMessage(error));
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

  void observe(size_t index, const std::vector<at::Tensor>& outputs,
               const ExecutionOptions& options, ExecutionResult& result) const {
    if (!options.statistics && !options.on_output)
      return;
    for (size_t o = 0; o < graph_.nodes[index].outputs.size(); ++o) {
      const ir::TensorData data = toTensorData(outputs[o]);
      if (options.statistics) {
        NodeOutputStatistics entry{index, o, {}};
        try {
          entry.statistics = ir::statisticsOf(ir::viewOf(data));
        } catch (const std::invalid_argument&) {
          continue; // complex or other non-numeric outputs have no statistics
        }
        result.statistics.push_back(std::move(entry));
      }
      if (options.on_output)
        options.on_output(index, o, data);
    }
  }

  // Whether a graph output holds NaN or Inf; only floating-point outputs can. float32 and
  // float64 are scanned in place: on a small model, isfinite's three kernels cost more than
  // an op.
  template <typename T> static bool anyNonFiniteIn(const at::Tensor& tensor) {
    const T* values = tensor.data_ptr<T>();
    const int64_t count = tensor.numel();
    for (int64_t i = 0; i < count; ++i)
      if (!std::isfinite(values[i]))
        return true;
    return false;
  }

  static bool anyNonFinite(const std::vector<at::Tensor>& outputs) {
    for (const at::Tensor& output : outputs) {
      if (!output.defined() || !output.is_floating_point())
        continue;
      const bool scanned = output.is_contiguous() && (output.scalar_type() == at::kFloat ||
                                                      output.scalar_type() == at::kDouble);
      if (scanned ? (output.scalar_type() == at::kFloat ? anyNonFiniteIn<float>(output)
                                                        : anyNonFiniteIn<double>(output))
                  : !at::isfinite(output).all().item<bool>())
        return true;
    }
    return false;
  }

  const ir::Graph& graph_;
  std::string model_file_;
  std::string dtype_name_;
  ir::Topology topology_;
  std::optional<c10::ScalarType> dtype_;
  std::shared_ptr<SharedParts> parts_;
  std::vector<std::shared_ptr<const OpCall>> calls_;
  std::vector<at::Tensor> constants_;
  std::vector<bool> written_constants_;
  std::vector<std::vector<ValueRef>> release_after_;
};

namespace {

// Errors other than the executor's own become one line naming the model.
template <typename Work> auto oneLineErrors(const std::string& model_file, Work&& work) {
  try {
    return work();
  } catch (const ExtractionError&) {
    throw;
  } catch (const ExecutionCancelled&) {
    throw;
  } catch (const std::exception& error) {
    throw ExtractionError(model_file, "running the IR failed: " + oneLineMessage(error));
  }
}

} // namespace

namespace impl {

std::shared_ptr<const PreparedIr> prepareIr(const ir::Graph& graph, const ExecutionOptions& options,
                                            const PreparedIr* cut_from) {
  return oneLineErrors(options.model_file, [&] {
    c10::InferenceMode inference;
    return std::shared_ptr<const PreparedIr>(
        std::make_shared<const PreparedIr>(graph, options, cut_from));
  });
}

ExecutionResult runPreparedIr(const PreparedIr& plan, const NamedTensors& weights,
                              const std::vector<ir::TensorData>& inputs,
                              const ExecutionOptions& options) {
  return oneLineErrors(options.model_file, [&] {
    c10::InferenceMode inference;
    ThreadCountGuard threads(options.threads);
    return plan.execute(weights, inputs, options);
  });
}

ExecutionResult executeIr(const ir::Graph& graph, const NamedTensors& weights,
                          const std::vector<ir::TensorData>& inputs,
                          const ExecutionOptions& options) {
  return impl::runPreparedIr(*impl::prepareIr(graph, options, nullptr), weights, inputs, options);
}

std::vector<ir::TensorData> randomInputs(const std::vector<ir::InputSpec>& specs, uint64_t seed) {
  std::vector<ir::TensorData> inputs;
  for (const at::Tensor& tensor : randomTensors(specs, seed))
    inputs.push_back(toTensorData(tensor));
  return inputs;
}

} // namespace impl
} // namespace irscope::torchscript
