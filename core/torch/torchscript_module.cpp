#include "core/torch/torchscript_module.h"

#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/pytorch_file_kind.h"
#include "core/torch/torch_plugin.h"

#include <torch/csrc/jit/passes/inliner.h>
#include <torch/script.h>

namespace irscope::torchscript {
namespace {

std::string loadProblem(const std::exception& error) {
  const std::string message = oneLineMessage(error);
  const std::string unknown = "Unknown builtin op: ";
  if (const size_t at = message.find(unknown); at != std::string::npos) {
    std::string op = message.substr(at + unknown.size());
    while (!op.empty() && (op.back() == '.' || op.back() == ' '))
      op.pop_back();
    return "uses operator " + op + ", which libtorch " + impl::torchVersion() +
           " does not know (files from a newer PyTorch can use ops that 1.13 lacks)";
  }
  return "libtorch cannot load it as TorchScript: " + message;
}

} // namespace

torch::jit::Module loadTorchScript(const std::string& file) {
  const PyTorchFile kind = inspectPyTorchFile(file);
  if (kind.kind != PyTorchFileKind::TorchScript)
    throw ExtractionError(file, notTorchScriptProblem(kind));
  try {
    torch::jit::Module module = torch::jit::load(file, at::kCPU);
    module.eval();
    return module;
  } catch (const std::exception& error) {
    throw ExtractionError(file, loadProblem(error));
  }
}

std::shared_ptr<torch::jit::Graph> inlinedForward(const torch::jit::Module& module,
                                                  const std::string& file) {
  const auto forward = module.find_method("forward");
  if (!forward)
    throw ExtractionError(file, "the TorchScript module has no forward method");
  std::shared_ptr<torch::jit::Graph> graph = forward->graph()->copy();
  torch::jit::Inline(*graph);
  return graph;
}

std::string inputName(const torch::jit::Value& value, size_t index) {
  std::string name = value.hasDebugName() ? value.debugNameBase() : std::string();
  return name.empty() ? "input_" + std::to_string(index) : name;
}

} // namespace irscope::torchscript
