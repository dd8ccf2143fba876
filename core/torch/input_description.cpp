// describeInputs: what forward takes, and a guess at each input's shape for the prompt.
#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"
#include "core/torch/torchscript_module.h"

#include <torch/script.h>

namespace irscope::torchscript {
namespace {

using torch::jit::Node;
using torch::jit::Value;

// Follows a chain of prim::GetAttr back to self and reads the attribute off the module.
std::optional<at::Tensor> attributeTensor(const Value* value, const c10::IValue& self,
                                          const Value* self_value) {
  std::vector<std::string> names;
  while (value != self_value) {
    const Node* node = value->node();
    if (node->kind() != c10::prim::GetAttr)
      return std::nullopt;
    names.push_back(node->s(c10::attr::name));
    value = node->input();
  }
  c10::IValue current = self;
  for (auto name = names.rbegin(); name != names.rend(); ++name) {
    if (!current.isObject())
      return std::nullopt;
    current = current.toObject()->getAttr(*name);
  }
  if (!current.isTensor())
    return std::nullopt;
  return current.toTensor();
}

// An op that reads the input can tell its layout: a conv's in_channels, a linear's
// in_features, an embedding's integer ids. Spatial sizes are a common default (224).
std::optional<ir::InputSpec> guessFromConsumer(const Node& consumer, const c10::IValue& self,
                                               const Value* self_value) {
  const std::string kind = consumer.kind().toQualString();
  if (consumer.inputs().size() < 2)
    return std::nullopt;
  const auto weight = attributeTensor(consumer.inputs()[1], self, self_value);
  if (kind == "aten::embedding" || kind == "aten::embedding_bag") {
    return ir::InputSpec{{1, 16}, "int64"};
  }
  if (!weight)
    return std::nullopt;
  const auto sizes = weight->sizes();
  if (kind == "aten::linear" && sizes.size() == 2)
    return ir::InputSpec{{1, sizes[1]}, "float32"};
  const bool conv = kind == "aten::_convolution" || kind.rfind("aten::conv", 0) == 0;
  if (conv && sizes.size() >= 3 && sizes.size() <= 5) {
    const bool transposed = kind.find("transpose") != std::string::npos;
    ir::InputSpec spec{{1, transposed ? sizes[0] : sizes[1]}, "float32"};
    const int64_t spatial = sizes.size() == 3 ? 128 : sizes.size() == 4 ? 224 : 16;
    for (size_t i = 2; i < sizes.size(); ++i)
      spec.shape.push_back(spatial);
    return spec;
  }
  return std::nullopt;
}

} // namespace

namespace impl {

std::vector<InputDescription> describeInputs(const std::filesystem::path& path) {
  const std::string file = path.string();
  const torch::jit::Module module = loadTorchScript(file);
  try {
    const std::shared_ptr<torch::jit::Graph> graph = inlinedForward(module, file);
    const Value* self_value = graph->inputs()[0];
    std::vector<InputDescription> descriptions;
    for (size_t i = 1; i < graph->inputs().size(); ++i) {
      const Value* input = graph->inputs()[i];
      InputDescription description;
      description.name = inputName(*input, i - 1);
      description.type = input->type()->str();
      // In program order; bookkeeping such as aten::size tells nothing, so the first op that
      // gives a guess wins.
      std::vector<const Node*> users;
      for (const torch::jit::Use& use : input->uses())
        users.push_back(use.user);
      std::sort(users.begin(), users.end(),
                [](const Node* a, const Node* b) { return a->isBefore(b); });
      for (const Node* user : users) {
        description.guess = guessFromConsumer(*user, module._ivalue(), self_value);
        if (description.guess)
          break;
      }
      descriptions.push_back(std::move(description));
    }
    return descriptions;
  } catch (const ExtractionError&) {
    throw;
  } catch (const std::exception& error) {
    throw ExtractionError(file, "libtorch cannot read its forward: " + oneLineMessage(error));
  }
}

} // namespace impl
} // namespace irscope::torchscript
