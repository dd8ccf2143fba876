#pragma once
// Builds a torch_ir-compatible ir::Graph while GraphInterpreter runs a model: every tensor op
// becomes a node; constants, lists, attribute reads and scalar work become attrs and edges.
#include "core/graph.h"
#include "core/tensor_data.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/ir/ir.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace irscope::torchscript {

class IrRecorder {
public:
  // Lists the module's parameters and buffers as weights (each tensor once, by its first name).
  explicit IrRecorder(const torch::jit::Module& module);

  void addInput(const torch::jit::Value& value, const std::string& name, const at::Tensor& tensor);
  void record(const torch::jit::Node& node, const std::vector<c10::IValue>& inputs,
              const std::vector<c10::IValue>& outputs);
  // The forward's return value; tuples, lists and dicts are flattened into several outputs.
  void addOutputs(const torch::jit::Value& value, const c10::IValue& result);

  ir::Graph& graph() { return graph_; }
  const std::vector<at::Tensor>& weightTensors() const { return weight_tensors_; }
  const std::vector<at::Tensor>& outputTensors() const { return output_tensors_; }
  const std::vector<std::string>& notes() const { return notes_; }
  // Keep a copy of every recorded tensor, by its IR name, as it was when its op produced it.
  void captureIntermediates(bool capture) { capture_intermediates_ = capture; }
  std::vector<std::pair<std::string, ir::TensorData>>& intermediates() { return intermediates_; }

private:
  // Where a tensor comes from: a graph input, a weight or constant placeholder, or output
  // `output_index` of node `node_index` (reached through a getitem when the node has several).
  struct Source {
    ir::Tensor entry; // name and producer fields; shape and dtype are filled at each use
    uint64_t sequence = 0;
    std::optional<size_t> node_index;
    size_t output_index = 0;
    size_t output_count = 1;
  };

  // Every submodule's class by its attribute path, as named_modules() lists them, those that
  // record no op included.
  void collectModuleClasses(const c10::ivalue::Object& module, const std::string& prefix);
  void addWeight(const std::string& name, const at::Tensor& tensor, bool is_buffer);
  void collectWeights(const c10::ivalue::Object& module, const std::string& prefix,
                      std::vector<std::pair<std::string, at::Tensor>>& parameters,
                      std::vector<std::pair<std::string, at::Tensor>>& buffers);
  std::optional<Source> sourceOf(const torch::jit::Value* value, const at::Tensor& tensor) const;
  ir::Tensor use(const Source& source, const at::Tensor& tensor);
  ir::Tensor constantInput(const at::Tensor& tensor);
  void addTensorArgument(const torch::jit::Value* value, const c10::IValue& ivalue,
                         const std::string& argument, ir::Node& node, Json& list_sizes,
                         Json& none_masks);
  // The newest node's output tensors, as record() flattened them.
  void registerOutputs(const std::vector<std::pair<const torch::jit::Value*, at::Tensor>>& produced,
                       bool in_place);
  // A weight or constant: its weight_name_mapping entry (placeholder -> key) and its source.
  Source addPlaceholder(const std::string& placeholder, const std::string& key,
                        const at::Tensor& tensor);
  void capture(const std::string& name, const at::Tensor& tensor);
  std::string uniqueName(const std::string& base);
  std::string uniquePlaceholder(const std::string& base);
  // The tensors a value holds, with the graph value each came from when that is known
  // (the inputs of the prim::ListConstruct or TupleConstruct that built it).
  void flatten(const torch::jit::Value* value, const c10::IValue& ivalue,
               std::vector<std::pair<const torch::jit::Value*, at::Tensor>>& tensors) const;

  ir::Graph graph_;
  std::string root_type_;
  uint64_t next_sequence_ = 0;
  std::unordered_map<const torch::jit::Value*, Source> by_value_;
  std::unordered_map<const c10::TensorImpl*, Source> by_tensor_;
  std::unordered_map<const c10::TensorImpl*, Source> written_in_place_;
  std::map<std::pair<size_t, size_t>, ir::Tensor> getitems_;
  std::unordered_map<std::string, int> name_counts_;
  std::unordered_map<std::string, int> placeholder_counts_;
  // So that TensorImpl addresses stay unique while the maps above are keyed by them: a weak
  // reference keeps a tensor's TensorImpl allocated but lets its storage go when the run drops
  // the tensor, so recording holds no more activation memory than the run itself.
  std::vector<c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>> known_tensors_;
  std::vector<at::Tensor> weight_tensors_;
  std::vector<at::Tensor> output_tensors_;
  std::vector<std::string> notes_;
  size_t constant_count_ = 0;
  bool capture_intermediates_ = false;
  std::vector<std::pair<std::string, ir::TensorData>> intermediates_;
  std::pair<std::string, std::string>
      current_scope_; // module path and type of the op being recorded
};

} // namespace irscope::torchscript
