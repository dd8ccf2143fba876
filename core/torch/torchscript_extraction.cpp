#include "core/module_calls.h"
#include "core/shape.h"
#include "core/torch/extraction_error.h"
#include "core/torch/graph_interpreter.h"
#include "core/torch/ir_recorder.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/module_scope.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"
#include "core/torch/torchscript_module.h"

#include <ATen/CPUGeneratorImpl.h>
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

std::vector<at::Tensor> exampleInputs(const ExtractionOptions& options, at::ArrayRef<Value*> inputs,
                                      const std::string& file) {
  const size_t given =
      options.input_values.empty() ? options.input_specs.size() : options.input_values.size();
  if (given == 0)
    throw ExtractionError(file, "needs example inputs: forward takes " + signatureOf(inputs) +
                                    "; give a shape for each, e.g. --input-shape 1x3x224x224");
  if (given != inputs.size())
    throw ExtractionError(file, "forward takes " + std::to_string(inputs.size()) + " input" +
                                    (inputs.size() == 1 ? "" : "s") + " " + signatureOf(inputs) +
                                    ", but " + std::to_string(given) + " were given");
  for (size_t i = 0; i < inputs.size(); ++i)
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
  at::Generator generator = at::detail::createCPUGenerator(options.seed);
  for (const ir::InputSpec& spec : options.input_specs) {
    const auto type = scalarTypeNamed(spec.dtype);
    if (!type)
      throw ExtractionError(file, "libtorch has no dtype " + spec.dtype);
    const auto float_options = at::TensorOptions().dtype(at::kFloat);
    if (at::isFloatingType(*type) || at::isComplexType(*type)) {
      tensors.push_back(at::randn(spec.shape, generator, float_options).to(*type));
    } else {
      // 0 and 1 are valid token ids, indices and mask values for any model.
      tensors.push_back(at::randint(0, 2, spec.shape, generator, float_options).to(*type));
    }
  }
  return tensors;
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
  const std::vector<at::Tensor> inputs = exampleInputs(options, user_inputs, file);

  IrRecorder recorder(module);
  for (size_t i = 0; i < inputs.size(); ++i)
    recorder.addInput(*user_inputs[i], inputName(*user_inputs[i], i), inputs[i]);

  std::vector<c10::IValue> stack{module._ivalue()};
  stack.insert(stack.end(), inputs.begin(), inputs.end());
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
  return extraction;
}

} // namespace impl
} // namespace irscope::torchscript
