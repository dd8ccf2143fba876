#include "core/torch/ir_recorder.h"

#include "core/op_name.h"
#include "core/torch/convolution_op.h"
#include "core/torch/ivalue_json.h"
#include "core/torch/module_scope.h"
#include "core/torch/tensor_conversion.h"

#include <ATen/core/jit_type.h>
#include <algorithm>

namespace irscope::torchscript {
namespace {

using torch::jit::Node;
using torch::jit::Value;

bool containsTensorType(const c10::TypePtr& type) {
  if (type->kind() == c10::TypeKind::TensorType)
    return true;
  for (const c10::TypePtr& contained : type->containedTypes())
    if (containsTensorType(contained))
      return true;
  return false;
}

bool returnsTensors(const c10::FunctionSchema& schema) {
  return std::any_of(schema.returns().begin(), schema.returns().end(),
                     [](const c10::Argument& ret) { return containsTensorType(ret.type()); });
}

bool isTensorListType(const c10::TypePtr& type) {
  const auto list = type->cast<c10::ListType>();
  return list && containsTensorType(list->getElementType());
}

// torch_ir spells ops "aten.<op>.<overload>", with "default" for the empty overload.
std::string opTypeOf(const c10::FunctionSchema& schema) {
  std::string name = schema.name();
  if (const size_t colons = name.find("::"); colons != std::string::npos)
    name.replace(colons, 2, ".");
  return name + "." + (schema.overload_name().empty() ? "default" : schema.overload_name());
}

std::string baseNameOf(const c10::FunctionSchema& schema) {
  const std::string& name = schema.name();
  const size_t colons = name.find("::");
  return colons == std::string::npos ? name : name.substr(colons + 2);
}

// torch.export drops trailing arguments that equal their schema defaults, so torch_ir shows
// conv2d's stride and padding but not its dilation and groups. "int[2] stride=1" is the default
// whether the value is written 1 or [1, 1].
bool isDefault(const Json& value, const Json& default_value) {
  if (value == default_value)
    return true;
  if (!value.is_array() || value.empty())
    return false;
  const Json* scalar = &default_value;
  if (default_value.is_array()) {
    if (default_value.size() != 1)
      return false;
    scalar = &default_value[0];
  }
  return std::all_of(value.begin(), value.end(), [&](const Json& x) { return x == *scalar; });
}

std::string placeholderBase(const std::string& name, bool is_buffer) {
  std::string base = (is_buffer ? "b_" : "p_") + name;
  std::replace(base.begin() + 2, base.end(), '.', '_');
  return base;
}

} // namespace

IrRecorder::IrRecorder(const torch::jit::Module& module) {
  root_type_ = shortClassName(module.type());
  graph_.module_classes[""] = pythonClassName(module.type());
  collectModuleClasses(*module._ivalue(), "");
  std::vector<std::pair<std::string, at::Tensor>> parameters;
  std::vector<std::pair<std::string, at::Tensor>> buffers;
  collectWeights(*module._ivalue(), "", parameters, buffers);
  // torch.export lists every parameter, then every buffer, each in module order.
  for (const auto& [name, tensor] : parameters)
    addWeight(name, tensor, false);
  for (const auto& [name, tensor] : buffers)
    addWeight(name, tensor, true);
}

void IrRecorder::collectWeights(const c10::ivalue::Object& module, const std::string& prefix,
                                std::vector<std::pair<std::string, at::Tensor>>& parameters,
                                std::vector<std::pair<std::string, at::Tensor>>& buffers) {
  const c10::ClassTypePtr type = module.type();
  const size_t count = type->numAttributes();
  for (size_t slot = 0; slot < count; ++slot) {
    const c10::IValue value = module.getSlot(slot);
    if (!value.isTensor())
      continue;
    if (type->is_parameter(slot))
      parameters.emplace_back(prefix + type->getAttributeName(slot), value.toTensor());
    else if (type->is_buffer(slot))
      buffers.emplace_back(prefix + type->getAttributeName(slot), value.toTensor());
  }
  for (size_t slot = 0; slot < count; ++slot) {
    const auto child_type = type->getAttribute(slot)->cast<c10::ClassType>();
    const c10::IValue value = module.getSlot(slot);
    if (child_type && child_type->is_module() && value.isObject())
      collectWeights(*value.toObject(), prefix + type->getAttributeName(slot) + ".", parameters,
                     buffers);
  }
}

void IrRecorder::collectModuleClasses(const c10::ivalue::Object& module,
                                      const std::string& prefix) {
  const c10::ClassTypePtr type = module.type();
  for (size_t slot = 0; slot < type->numAttributes(); ++slot) {
    const auto child_type = type->getAttribute(slot)->cast<c10::ClassType>();
    const c10::IValue value = module.getSlot(slot);
    if (!child_type || !child_type->is_module() || !value.isObject())
      continue;
    const std::string path = prefix + type->getAttributeName(slot);
    graph_.module_classes.emplace(path, pythonClassName(value.toObject()->type()));
    collectModuleClasses(*value.toObject(), path + ".");
  }
}

void IrRecorder::addWeight(const std::string& name, const at::Tensor& tensor, bool is_buffer) {
  const c10::TensorImpl* impl = tensor.unsafeGetTensorImpl();
  if (by_tensor_.count(impl)) {
    notes_.push_back(name + " is the same tensor as an earlier weight; it is listed once");
    return;
  }
  const std::string placeholder = uniquePlaceholder(placeholderBase(name, is_buffer));
  graph_.weights.push_back({name, shapeOf(tensor), dtypeName(tensor.scalar_type()), {}});
  addPlaceholder(placeholder, name, tensor);
  weight_tensors_.push_back(tensor);
}

IrRecorder::Source IrRecorder::addPlaceholder(const std::string& placeholder,
                                              const std::string& key, const at::Tensor& tensor) {
  graph_.weight_name_mapping.emplace_back(placeholder, key);
  Source source;
  source.entry.name = placeholder;
  source.sequence = next_sequence_++;
  by_tensor_[tensor.unsafeGetTensorImpl()] = source;
  known_tensors_.emplace_back(tensor.getIntrusivePtr());
  return source;
}

void IrRecorder::addInput(const Value& value, const std::string& name, const at::Tensor& tensor) {
  const std::string unique = uniqueName(name);
  graph_.inputs.push_back({unique, shapeOf(tensor), dtypeName(tensor.scalar_type()), {}, {}, {}});
  Source source;
  source.entry.name = unique;
  source.entry.producer_node = unique;
  source.entry.producer_output_idx = 0;
  source.sequence = next_sequence_++;
  by_value_[&value] = source;
  by_tensor_.emplace(tensor.unsafeGetTensorImpl(), source);
  known_tensors_.emplace_back(tensor.getIntrusivePtr());
}

std::optional<IrRecorder::Source> IrRecorder::sourceOf(const Value* value,
                                                       const at::Tensor& tensor) const {
  const c10::TensorImpl* impl = tensor.unsafeGetTensorImpl();
  const auto written = written_in_place_.find(impl);
  if (value) {
    if (const auto found = by_value_.find(value); found != by_value_.end()) {
      // A later in-place op (relu_, add_) changed this tensor: its readers read that op.
      if (written != written_in_place_.end() && written->second.sequence > found->second.sequence)
        return written->second;
      return found->second;
    }
  }
  if (written != written_in_place_.end())
    return written->second;
  if (const auto found = by_tensor_.find(impl); found != by_tensor_.end())
    return found->second;
  return std::nullopt;
}

ir::Tensor IrRecorder::use(const Source& source, const at::Tensor& tensor) {
  ir::Tensor entry = source.entry;
  if (source.node_index && source.output_count > 1) {
    // torch_ir reads one output of a multi-output op through a getitem node.
    const auto key = std::make_pair(*source.node_index, source.output_index);
    auto found = getitems_.find(key);
    if (found == getitems_.end()) {
      const ir::Node& producer = graph_.nodes[*source.node_index];
      ir::Node getitem;
      getitem.name = uniqueName("getitem");
      getitem.op_type = std::string(ir::kGetItemOp);
      for (size_t i = 0; i < producer.outputs.size(); ++i) {
        ir::Tensor input = producer.outputs[i];
        input.producer_node = producer.name;
        input.producer_output_idx = static_cast<int64_t>(i);
        getitem.inputs.push_back(input);
      }
      ir::Tensor output = producer.outputs[source.output_index];
      output.name = getitem.name;
      getitem.outputs.push_back(output);
      getitem.attrs["index"] = source.output_index;
      // Created when a consumer first reads it, so it belongs with that consumer.
      getitem.module_path = current_scope_.first;
      getitem.module_type = current_scope_.second;
      ir::Tensor reference;
      reference.name = getitem.name;
      reference.producer_node = getitem.name;
      reference.producer_output_idx = 0;
      capture(getitem.name, tensor);
      graph_.nodes.push_back(std::move(getitem));
      found = getitems_.emplace(key, reference).first;
    }
    entry = found->second;
  }
  entry.shape = shapeOf(tensor);
  entry.dtype = dtypeName(tensor.scalar_type());
  return entry;
}

ir::Tensor IrRecorder::constantInput(const at::Tensor& tensor) {
  const c10::TensorImpl* impl = tensor.unsafeGetTensorImpl();
  if (const auto found = by_tensor_.find(impl); found != by_tensor_.end())
    return use(found->second, tensor);
  const std::string name = "_tensor_constant" + std::to_string(constant_count_++);
  ir::Constant constant;
  constant.name = name;
  constant.dtype = dtypeName(tensor.scalar_type());
  constant.data = tensorValuesToJson(tensor);
  graph_.constants.push_back(std::move(constant));
  return use(addPlaceholder(uniquePlaceholder("c_" + name), name, tensor), tensor);
}

void IrRecorder::flatten(const Value* value, const c10::IValue& ivalue,
                         std::vector<std::pair<const Value*, at::Tensor>>& tensors) const {
  if (ivalue.isTensor()) {
    if (ivalue.toTensor().defined())
      tensors.emplace_back(value, ivalue.toTensor());
    return;
  }
  const Node* builder = value ? value->node() : nullptr;
  auto elementValue = [&](c10::Symbol kind, size_t i, size_t count) -> const Value* {
    if (builder && builder->kind() == kind && builder->inputs().size() == count)
      return builder->inputs()[i];
    return nullptr;
  };
  if (ivalue.isTuple()) {
    const auto& elements = ivalue.toTupleRef().elements();
    for (size_t i = 0; i < elements.size(); ++i)
      flatten(elementValue(c10::prim::TupleConstruct, i, elements.size()), elements[i], tensors);
  } else if (ivalue.isList()) {
    const auto elements = ivalue.toListRef();
    for (size_t i = 0; i < elements.size(); ++i)
      flatten(elementValue(c10::prim::ListConstruct, i, elements.size()), elements[i], tensors);
  } else if (ivalue.isGenericDict()) {
    for (const auto& entry : ivalue.toGenericDict())
      flatten(nullptr, entry.value(), tensors);
  }
}

void IrRecorder::addTensorArgument(const Value* value, const c10::IValue& ivalue,
                                   const std::string& argument, ir::Node& node, Json& list_sizes,
                                   Json& none_masks) {
  if (ivalue.isTensor()) {
    const at::Tensor& tensor = ivalue.toTensor();
    if (!tensor.defined())
      return;
    if (const auto source = sourceOf(value, tensor)) {
      node.inputs.push_back(use(*source, tensor));
    } else if (tensor.dim() == 0) {
      // A Python number the trace wrapped as a tensor (x / 8): torch_ir keeps it as an attr.
      node.attrs[argument] = constantTensorToJson(tensor);
    } else {
      node.inputs.push_back(constantInput(tensor));
    }
    return;
  }
  // Tensor[] (cat, stack) or Tensor?[] (index): every element is an input.
  const auto elements = ivalue.toListRef();
  const Node* builder = value ? value->node() : nullptr;
  const bool built_here = builder && builder->kind() == c10::prim::ListConstruct &&
                          builder->inputs().size() == elements.size();
  Json mask = Json::array();
  bool any_none = false;
  for (size_t i = 0; i < elements.size(); ++i) {
    const bool present = elements[i].isTensor() && elements[i].toTensor().defined();
    mask.push_back(!present);
    any_none = any_none || !present;
    if (!present)
      continue;
    const at::Tensor& tensor = elements[i].toTensor();
    const auto source = sourceOf(built_here ? builder->inputs()[i] : nullptr, tensor);
    node.inputs.push_back(source ? use(*source, tensor) : constantInput(tensor));
  }
  // torch_ir counts the tensors a list passes, not its Nones (the mask puts those back).
  list_sizes.push_back(std::count(mask.begin(), mask.end(), false));
  if (any_none)
    none_masks.push_back(mask);
}

void IrRecorder::record(const Node& node, const std::vector<c10::IValue>& inputs,
                        const std::vector<c10::IValue>& outputs) {
  const c10::FunctionSchema* schema = node.maybeSchema();
  if (!schema || node.kind().is_prim() || !returnsTensors(*schema))
    return;

  // Scalar work in tensor form (a trace's size arithmetic on 0-dim tensors) is folded: its
  // results reach their consumers as attrs.
  bool any_source = false;
  for (size_t i = 0; i < inputs.size() && !any_source; ++i) {
    std::vector<std::pair<const Value*, at::Tensor>> tensors;
    flatten(node.inputs()[i], inputs[i], tensors);
    for (const auto& [value, tensor] : tensors)
      any_source = any_source || sourceOf(value, tensor).has_value();
  }
  std::vector<std::pair<const Value*, at::Tensor>> produced;
  for (size_t i = 0; i < outputs.size(); ++i)
    flatten(node.outputs()[i], outputs[i], produced);
  const bool scalars_only = std::all_of(produced.begin(), produced.end(),
                                        [](const auto& p) { return p.second.dim() == 0; });
  if (!any_source && scalars_only)
    return;

  const ModuleScope scope = moduleScopeOf(node, root_type_);
  current_scope_ = {scope.path, scope.type};
  // The hierarchy has them all, but a call TorchScript could not name by attribute has its own.
  for (const auto& [path, qualified_class] : scope.modules)
    graph_.module_classes.emplace(path, qualified_class);

  // Show the conv the user wrote rather than the trace's aten::_convolution.
  const c10::FunctionSchema* shown = userConvolutionSchema(*schema, inputs);
  const c10::FunctionSchema& schema_shown = shown ? *shown : *schema;

  ir::Node ir_node;
  ir_node.op_type = opTypeOf(schema_shown);
  Json list_sizes = Json::array();
  Json none_masks = Json::array();
  std::vector<std::pair<std::string, Json>> attrs;
  std::vector<bool> at_default;

  const auto& original_arguments = schema->arguments();
  for (const c10::Argument& argument : schema_shown.arguments()) {
    size_t index = 0;
    while (index < original_arguments.size() && original_arguments[index].name() != argument.name())
      ++index;
    if (index >= inputs.size())
      continue;
    const c10::IValue& ivalue = inputs[index];
    const Value* value = node.inputs()[index];
    const bool tensor_list = isTensorListType(argument.type()) && ivalue.isList();
    if (ivalue.isTensor() || tensor_list) {
      addTensorArgument(value, ivalue, argument.name(), ir_node, list_sizes, none_masks);
      continue;
    }
    Json attr = ivalueToJson(ivalue, argument.real_type());
    at_default.push_back(
        argument.default_value() &&
        isDefault(attr, ivalueToJson(*argument.default_value(), argument.real_type())));
    attrs.emplace_back(argument.name(), std::move(attr));
  }
  while (!at_default.empty() && at_default.back()) {
    at_default.pop_back();
    attrs.pop_back();
  }
  // torch_ir writes its internal keys first.
  if (!list_sizes.empty())
    ir_node.attrs["_tensor_list_sizes"] = list_sizes;
  if (!none_masks.empty())
    ir_node.attrs["_tensor_list_none_masks"] = none_masks;
  for (auto& [name, attr] : attrs)
    ir_node.attrs[name] = std::move(attr);
  if (shown)
    ir_node.attrs["_original_op"] = opTypeOf(*schema);

  ir_node.name = uniqueName(baseNameOf(schema_shown));
  ir_node.module_path = scope.path;
  ir_node.module_type = scope.type;
  for (size_t i = 0; i < produced.size(); ++i) {
    const at::Tensor& tensor = produced[i].second;
    const std::string name =
        produced.size() == 1 ? ir_node.name : ir_node.name + "_" + std::to_string(i);
    ir_node.outputs.push_back({name, shapeOf(tensor), dtypeName(tensor.scalar_type()), {}, {}, {}});
    capture(name, tensor);
  }
  graph_.nodes.push_back(std::move(ir_node));
  registerOutputs(produced, schema->is_mutable());
}

void IrRecorder::registerOutputs(const std::vector<std::pair<const Value*, at::Tensor>>& produced,
                                 bool in_place) {
  const size_t node_index = graph_.nodes.size() - 1;
  const ir::Node& ir_node = graph_.nodes.back();
  for (size_t i = 0; i < produced.size(); ++i) {
    const auto& [value, tensor] = produced[i];
    Source source;
    source.entry.name = ir_node.outputs[i].name;
    source.entry.producer_node = ir_node.name;
    source.entry.producer_output_idx = static_cast<int64_t>(i);
    source.sequence = next_sequence_++;
    source.node_index = node_index;
    source.output_index = i;
    source.output_count = produced.size();
    if (value)
      by_value_[value] = source;
    const c10::TensorImpl* impl = tensor.unsafeGetTensorImpl();
    if (in_place && by_tensor_.count(impl))
      written_in_place_[impl] = source;
    else if (by_tensor_.emplace(impl, source).second)
      known_tensors_.emplace_back(tensor.getIntrusivePtr());
  }
}

void IrRecorder::addOutputs(const Value& value, const c10::IValue& result) {
  std::vector<std::pair<const Value*, at::Tensor>> tensors;
  flatten(&value, result, tensors);
  for (const auto& [element, tensor] : tensors) {
    if (const auto source = sourceOf(element, tensor)) {
      const ir::Tensor entry = use(*source, tensor);
      graph_.outputs.push_back({entry.name, entry.shape, entry.dtype, {}, {}, {}});
    } else {
      // A constant returned as it is has no producer, and a torch_ir graph output must be a
      // node's: a clone of the constant stands in (torch.export would lift and copy it too).
      ir::Node clone;
      clone.name = uniqueName("clone");
      clone.op_type = "aten.clone.default";
      clone.inputs.push_back(constantInput(tensor));
      clone.outputs.push_back(
          {clone.name, shapeOf(tensor), dtypeName(tensor.scalar_type()), {}, {}, {}});
      capture(clone.name, tensor);
      graph_.outputs.push_back(clone.outputs.front());
      graph_.nodes.push_back(std::move(clone));
      notes_.push_back("output " + std::to_string(graph_.outputs.size() - 1) +
                       " does not depend on the inputs; it is recorded as a constant");
    }
    output_tensors_.push_back(tensor);
  }
  if (tensors.empty())
    notes_.push_back("the model returned no tensors");
}

void IrRecorder::capture(const std::string& name, const at::Tensor& tensor) {
  // A copy: a later in-place op may change the tensor itself.
  if (capture_intermediates_)
    intermediates_.emplace_back(name, toTensorData(tensor));
}

std::string IrRecorder::uniqueName(const std::string& base) {
  int& count = name_counts_[base];
  std::string name = count == 0 ? base : base + "_" + std::to_string(count);
  ++count;
  // "relu_1" may already exist as a base of its own; keep counting until the name is free.
  while (name_counts_.count(name) && name != base) {
    name = base + "_" + std::to_string(count);
    ++count;
  }
  if (name != base)
    name_counts_[name] = 1;
  return name;
}

std::string IrRecorder::uniquePlaceholder(const std::string& base) {
  int& count = placeholder_counts_[base];
  const std::string name = count == 0 ? base : base + "_" + std::to_string(count);
  ++count;
  return name;
}

} // namespace irscope::torchscript
