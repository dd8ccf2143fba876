#include "core/fused_transformer_layer.h"
#include "core/module_calls.h"
#include "core/shape.h"
#include "core/torch/extraction_error.h"
#include "core/torch/graph_interpreter.h"
#include "core/torch/ir_recorder.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/module_scope.h"
#include "core/torch/random_inputs.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"
#include "core/torch/torchscript_module.h"

#include <torch/script.h>
#include <torch/version.h>

namespace irscope::torchscript {
namespace {

using torch::jit::Value;

bool acceptsTensor(const c10::TypePtr& type) {
  if (auto optional = type->cast<c10::OptionalType>())
    return acceptsTensor(optional->getElementType());
  return type->kind() == c10::TypeKind::TensorType;
}

std::string signatureOf(at::ArrayRef<Value*> inputs) {
  std::string text;
  for (size_t i = 0; i < inputs.size(); ++i)
    text += (i ? ", " : "") + inputName(*inputs[i], i) + ": " + inputs[i]->type()->str();
  return "(" + text + ")";
}

// How many of forward's inputs must be given: those before the first with a default
// (nn.TransformerEncoder's `mask: Optional[Tensor] = None` may be left out).
size_t requiredInputCount(const torch::jit::Module& module) {
  const auto& arguments = module.get_method("forward").function().getSchema().arguments();
  size_t required = 0;
  while (required + 1 < arguments.size() && !arguments[required + 1].default_value())
    ++required;
  return required;
}

// The defaults of the inputs after the first `given`, for forward's stack.
std::vector<c10::IValue> defaultInputs(const torch::jit::Module& module, size_t given) {
  const auto& arguments = module.get_method("forward").function().getSchema().arguments();
  std::vector<c10::IValue> defaults;
  for (size_t i = given + 1; i < arguments.size(); ++i)
    defaults.push_back(arguments[i].default_value().value_or(c10::IValue()));
  return defaults;
}

std::vector<at::Tensor> exampleInputs(const ExtractionOptions& options, at::ArrayRef<Value*> inputs,
                                      size_t required, const std::string& file) {
  const size_t given =
      options.input_values.empty() ? options.input_specs.size() : options.input_values.size();
  if (given == 0 && required > 0)
    throw ExtractionError(
        file,
        "needs example inputs: forward takes " + signatureOf(inputs) + "; give a shape for each" +
            (required < inputs.size() ? " (the last " + std::to_string(inputs.size() - required) +
                                            " have defaults and may be left out)"
                                      : std::string()) +
            ", e.g. --input-shape 1x3x224x224");
  if (given < required || given > inputs.size()) {
    const std::string range = required == inputs.size() ? std::to_string(required)
                                                        : std::to_string(required) + " to " +
                                                              std::to_string(inputs.size());
    throw ExtractionError(file, "forward takes " + range + " input" +
                                    (inputs.size() == 1 ? "" : "s") + " " + signatureOf(inputs) +
                                    ", but " + std::to_string(given) + " were given");
  }
  for (size_t i = 0; i < given; ++i)
    if (!acceptsTensor(inputs[i]->type()))
      throw ExtractionError(file, "input '" + inputName(*inputs[i], i) + "' is a " +
                                      inputs[i]->type()->str() +
                                      "; irscope can only feed tensor inputs");
  std::vector<at::Tensor> tensors;
  if (!options.input_values.empty()) {
    for (size_t i = 0; i < given; ++i) {
      try {
        tensors.push_back(toTensor(options.input_values[i]));
      } catch (const std::exception& error) {
        throw ExtractionError(file, "input " + std::to_string(i) + ": " + error.what());
      }
    }
    return tensors;
  }
  try {
    return randomTensors(options.input_specs, options.seed);
  } catch (const std::exception& error) {
    throw ExtractionError(file, error.what());
  }
}

std::string describeInputs(const std::vector<at::Tensor>& tensors) {
  std::string text;
  for (const at::Tensor& tensor : tensors) {
    ir::InputSpec spec{shapeOf(tensor), dtypeName(tensor.scalar_type())};
    text += (text.empty() ? "" : ", ") + ir::formatInputSpec(spec);
  }
  return text;
}

std::string failureProblem(const NodeFailure& failure, const std::vector<at::Tensor>& inputs,
                           const std::string& root_type) {
  const torch::jit::Node& node = *failure.node;
  if (node.kind() == c10::prim::RaiseException)
    return "the model's forward raised an exception on inputs " + describeInputs(inputs) + ": " +
           failure.what();
  const ModuleScope scope = moduleScopeOf(node, root_type);
  return "running forward on inputs " + describeInputs(inputs) + " failed at " +
         node.kind().toQualString() + (scope.path.empty() ? "" : " in " + scope.path) + ": " +
         failure.what();
}

} // namespace

namespace impl {

std::string torchVersion() {
  return TORCH_VERSION;
}

Extraction extractTorchScript(const std::filesystem::path& path, const ExtractionOptions& options) {
  const std::string file = path.string();
  torch::jit::Module module = loadTorchScript(file);
  std::shared_ptr<torch::jit::Graph> graph = inlinedForward(module, file);
  const auto user_inputs = graph->inputs().slice(1);
  const std::vector<at::Tensor> inputs =
      exampleInputs(options, user_inputs, requiredInputCount(module), file);

  IrRecorder recorder(module);
  recorder.captureIntermediates(options.keep_intermediates);
  for (size_t i = 0; i < inputs.size(); ++i)
    recorder.addInput(*user_inputs[i], inputName(*user_inputs[i], i), inputs[i]);

  std::vector<c10::IValue> stack{module._ivalue()};
  stack.insert(stack.end(), inputs.begin(), inputs.end());
  for (c10::IValue& value : defaultInputs(module, inputs.size()))
    stack.push_back(std::move(value));
  GraphInterpreter interpreter(
      [&recorder](const torch::jit::Node& node, const std::vector<c10::IValue>& in,
                  const std::vector<c10::IValue>& out) { recorder.record(node, in, out); });
  std::vector<c10::IValue> results;
  try {
    torch::NoGradGuard no_grad;
    results = interpreter.run(*graph, std::move(stack));
  } catch (const NodeFailure& failure) {
    throw ExtractionError(file, failureProblem(failure, inputs, shortClassName(module.type())));
  } catch (const std::exception& error) {
    throw ExtractionError(file, "running forward failed: " + oneLineMessage(error));
  }
  recorder.addOutputs(*graph->outputs()[0], results.at(0));

  Extraction extraction;
  extraction.graph = std::move(recorder.graph());
  // Before module calls are numbered: the parts go into the layer's sub-modules.
  const ir::FusedLayerExpansion expansion = ir::expandFusedTransformerLayers(extraction.graph);
  ir::numberRepeatedModuleCalls(extraction.graph);
  extraction.graph.model_name =
      options.model_name.empty() ? path.stem().stem().string() : options.model_name;
  extraction.graph.pytorch_version = torchVersion();
  if (options.keep_weight_data)
    for (size_t i = 0; i < recorder.weightTensors().size(); ++i)
      extraction.weight_data.emplace_back(extraction.graph.weights[i].name,
                                          toTensorData(recorder.weightTensors()[i]));
  for (const at::Tensor& tensor : inputs)
    extraction.inputs.push_back(toTensorData(tensor));
  for (const at::Tensor& tensor : recorder.outputTensors())
    extraction.outputs.push_back(toTensorData(tensor));
  extraction.notes = recorder.notes();
  if (expansion.expanded > 0)
    extraction.notes.push_back(std::to_string(expansion.expanded) + " fused " +
                               std::string(ir::kFusedEncoderLayerOp) +
                               (expansion.expanded == 1 ? " node" : " nodes") +
                               " (PyTorch's transformer fast path) shown as the ops "
                               "that compute the layer");
  extraction.notes.insert(extraction.notes.end(), expansion.notes.begin(), expansion.notes.end());
  extraction.intermediates = std::move(recorder.intermediates());
  for (auto& [name, values] : extraction.intermediates)
    for (const auto& [old_name, new_name] : expansion.renamed_tensors)
      if (name == old_name) {
        name = new_name;
        break;
      }
  return extraction;
}

} // namespace impl
} // namespace irscope::torchscript
