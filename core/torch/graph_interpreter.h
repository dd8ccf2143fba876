#pragma once
// Runs an inlined TorchScript graph node by node, so that every value, tensor or not, is
// concrete and visible: the recorder reads shapes off the tensors, and control flow (prim::If,
// prim::Loop) resolves for the inputs given, as a trace would.
#include <functional>
#include <stdexcept>
#include <torch/csrc/jit/ir/ir.h>
#include <unordered_map>
#include <vector>

namespace irscope::torchscript {

// Called after every node that ran through its operator (everything except the control flow and
// bookkeeping nodes the interpreter does itself).
using NodeObserver =
    std::function<void(const torch::jit::Node& node, const std::vector<c10::IValue>& inputs,
                       const std::vector<c10::IValue>& outputs)>;

// An op that threw. `message` is libtorch's reason, one line.
class NodeFailure : public std::runtime_error {
public:
  NodeFailure(const torch::jit::Node& node, const std::string& message)
      : std::runtime_error(message), node(&node) {}
  const torch::jit::Node* node;
};

class GraphInterpreter {
public:
  explicit GraphInterpreter(NodeObserver observer) : observer_(std::move(observer)) {}

  // inputs[0] is the module itself (self). Returns the graph's outputs.
  std::vector<c10::IValue> run(const torch::jit::Graph& graph, std::vector<c10::IValue> inputs);

private:
  void runBlock(const torch::jit::Block& block);
  void runNode(const torch::jit::Node& node);
  void runIf(const torch::jit::Node& node);
  void runLoop(const torch::jit::Node& node);
  void runOperation(const torch::jit::Node& node);
  std::vector<c10::IValue> valuesOf(at::ArrayRef<const torch::jit::Value*> values) const;
  void bind(at::ArrayRef<const torch::jit::Value*> values, std::vector<c10::IValue> ivalues);
  const c10::IValue& valueOf(const torch::jit::Value* value) const;

  // For each node, the values it is the last to read, found once per graph: dropping them as
  // soon as they are dead lets the allocator reuse their memory, as TorchScript's own
  // interpreter does, instead of holding every activation of the model to the end.
  void planReleases(const torch::jit::Block& block);
  void release(const torch::jit::Node& node);

  NodeObserver observer_;
  std::unordered_map<const torch::jit::Value*, c10::IValue> values_;
  std::unordered_map<const torch::jit::Node*, std::vector<const torch::jit::Value*>> releases_;
};

} // namespace irscope::torchscript
