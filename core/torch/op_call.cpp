#include "core/torch/op_call.h"

#include "core/op_name.h"
#include "core/torch/attr_ivalue.h"
#include "core/torch/libtorch_message.h"

#include <ATen/core/jit_type.h>
#include <stdexcept>
#include <torch/version.h>

namespace irscope::torchscript {
namespace {

struct ResolvedName {
  std::string qualified; // "aten::add"
  std::string overload;  // "Tensor", or "" for default
};

ResolvedName resolveName(const std::string& op_type) {
  const size_t first = op_type.find('.');
  if (first == std::string::npos || first == 0)
    throw std::invalid_argument("op '" + op_type +
                                "' is not of the form aten.<op>.<overload>, so libtorch cannot "
                                "resolve it");
  const size_t second = op_type.find('.', first + 1);
  ResolvedName name;
  name.qualified = op_type.substr(0, first) + "::" + op_type.substr(first + 1, second - first - 1);
  if (second != std::string::npos)
    name.overload = op_type.substr(second + 1);
  if (name.overload == "default")
    name.overload.clear();
  return name;
}

std::string similarOperators(const std::string& qualified) {
  std::vector<std::string> names;
  try {
    const c10::Symbol symbol = c10::Symbol::fromQualString(qualified);
    for (const auto& op : torch::jit::getAllOperatorsFor(symbol)) {
      const std::string& overload = op->schema().overload_name();
      names.push_back(overload.empty() ? "default" : overload);
      if (names.size() == 6)
        break;
    }
  } catch (const std::exception&) {
    return "";
  }
  if (names.empty())
    return "";
  std::string text = "; libtorch has the overloads ";
  for (size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + names[i];
  return text;
}

bool isTensor(const c10::TypePtr& type) {
  return type->kind() == c10::TypeKind::TensorType;
}

bool isOptionalTensor(const c10::TypePtr& type) {
  const auto optional = type->cast<c10::OptionalType>();
  return optional && isTensor(optional->getElementType());
}

// Tensor[] or Tensor?[]; the second is returned in `optional_elements`.
bool isTensorList(const c10::TypePtr& type, bool& optional_elements) {
  const auto list = type->cast<c10::ListType>();
  if (!list)
    return false;
  optional_elements = isOptionalTensor(list->getElementType());
  return optional_elements || isTensor(list->getElementType());
}

size_t countOf(const std::vector<c10::Argument>& arguments, bool lists) {
  size_t count = 0;
  for (const c10::Argument& argument : arguments) {
    bool optional_elements = false;
    const bool list = isTensorList(argument.type(), optional_elements);
    count += list == lists && (list || isTensor(argument.type()));
  }
  return count;
}

} // namespace

OpCall planOpCall(const ir::Node& node) {
  OpCall call;
  if (node.isGetItem()) {
    const Json* index = node.attrs.is_object() && node.attrs.contains("index")
                            ? &node.attrs.at("index")
                            : nullptr;
    if (index && !index->is_number_integer())
      throw std::invalid_argument("getitem's attr 'index' is not an integer");
    const int64_t value = index ? index->get<int64_t>() : 0;
    if (value < 0 || static_cast<size_t>(value) >= node.inputs.size())
      throw std::invalid_argument("getitem index " + std::to_string(value) + " is outside its " +
                                  std::to_string(node.inputs.size()) + " inputs");
    call.getitem_index = static_cast<size_t>(value);
    return call;
  }

  const ResolvedName name = resolveName(node.op_type);
  std::shared_ptr<torch::jit::Operator> op;
  try {
    op = torch::jit::findOperatorFor(c10::OperatorName(name.qualified, name.overload));
  } catch (const std::exception& error) {
    throw std::invalid_argument("op " + node.op_type + ": " + oneLineMessage(error));
  }
  if (!op)
    throw std::invalid_argument("op " + node.op_type + " is unknown to libtorch " +
                                TORCH_VERSION + similarOperators(name.qualified));
  const c10::FunctionSchema& schema = op->schema();
  if (schema.is_vararg())
    throw std::invalid_argument("op " + node.op_type + " takes a variable argument list, which "
                                "an IR node cannot describe");
  call.operation = op->getOperation();

  const Json attrs = node.attrs.is_object() ? node.attrs : Json::object();
  const Json* list_sizes = attrs.contains("_tensor_list_sizes") ? &attrs["_tensor_list_sizes"]
                                                                 : nullptr;
  const Json* none_masks =
      attrs.contains("_tensor_list_none_masks") ? &attrs["_tensor_list_none_masks"] : nullptr;
  const size_t input_count = node.inputs.size();
  size_t next_input = 0;
  size_t list_index = 0;
  size_t mask_index = 0;
  const size_t single_tensors = countOf(schema.arguments(), false);
  size_t lists_left = countOf(schema.arguments(), true);

  for (const c10::Argument& argument : schema.arguments()) {
    const std::string& arg = argument.name();
    auto fail = [&](const std::string& problem) {
      throw std::invalid_argument("op " + node.op_type + ", argument '" + arg + "': " + problem);
    };
    ArgumentSource source;
    bool optional_elements = false;
    if (isTensorList(argument.type(), optional_elements)) {
      // torch_ir: the list takes _tensor_list_sizes[k] inputs (its non-None elements), or a fair
      // share of what is left; _tensor_list_none_masks puts the Nones back.
      size_t size = 0;
      if (list_sizes && list_sizes->is_array() && list_index < list_sizes->size()) {
        const Json& given = (*list_sizes)[list_index];
        if (!given.is_number_unsigned() && !(given.is_number_integer() && given.get<int64_t>() >= 0))
          fail("_tensor_list_sizes holds " + given.dump() + ", not a count");
        size = given.get<size_t>();
      } else {
        const size_t left = input_count - std::min(input_count, next_input + single_tensors);
        size = lists_left ? left / lists_left : 0;
      }
      ++list_index;
      --lists_left;
      if (next_input + size > input_count)
        fail("needs " + std::to_string(size) + " tensors but the node has only " +
             std::to_string(input_count - next_input) + " inputs left");
      const Json* mask = nullptr;
      if (optional_elements && none_masks && none_masks->is_array() &&
          mask_index < none_masks->size())
        mask = &(*none_masks)[mask_index++];
      source.kind = optional_elements ? ArgumentSource::Kind::OptionalTensorList
                                      : ArgumentSource::Kind::TensorList;
      if (mask && mask->is_array()) {
        for (const Json& is_none : *mask) {
          if (is_none == true) {
            source.inputs.emplace_back();
          } else {
            if (next_input >= input_count)
              fail("_tensor_list_none_masks asks for more tensors than the node has inputs");
            source.inputs.emplace_back(next_input++);
          }
        }
      } else {
        for (size_t i = 0; i < size; ++i)
          source.inputs.emplace_back(next_input++);
      }
    } else if (isTensor(argument.type()) || isOptionalTensor(argument.type())) {
      if (next_input < input_count) {
        source.kind = ArgumentSource::Kind::Input;
        source.input = next_input++;
      } else if (attrs.contains(arg)) {
        try {
          source.constant = attrs[arg].is_null() ? c10::IValue() : tensorFromJson(attrs[arg]);
        } catch (const std::exception& error) {
          fail(error.what());
        }
      } else if (!isTensor(argument.type()) || argument.default_value()) {
        source.constant = argument.default_value().value_or(c10::IValue());
      } else {
        fail("the node has no tensor input or attr for it");
      }
    } else if (attrs.contains(arg)) {
      try {
        source.constant = attrToIValue(attrs[arg], argument);
      } catch (const std::exception& error) {
        fail(error.what());
      }
    } else if (argument.default_value()) {
      source.constant = *argument.default_value();
    } else {
      fail("it has no default and the node's attrs do not give it");
    }
    call.arguments.push_back(std::move(source));
  }
  if (next_input != input_count)
    throw std::invalid_argument("op " + node.op_type + " takes " + std::to_string(next_input) +
                                " tensors by its schema, but the node has " +
                                std::to_string(input_count) + " inputs");
  return call;
}

void pushArguments(const OpCall& call, const std::vector<const at::Tensor*>& inputs,
                   torch::jit::Stack& stack) {
  for (const ArgumentSource& source : call.arguments) {
    switch (source.kind) {
    case ArgumentSource::Kind::Constant:
      stack.push_back(source.constant);
      break;
    case ArgumentSource::Kind::Input:
      stack.emplace_back(*inputs[source.input]);
      break;
    case ArgumentSource::Kind::TensorList: {
      c10::List<at::Tensor> list;
      list.reserve(source.inputs.size());
      for (const auto& input : source.inputs)
        list.push_back(*inputs[*input]);
      stack.emplace_back(std::move(list));
      break;
    }
    case ArgumentSource::Kind::OptionalTensorList: {
      c10::List<c10::optional<at::Tensor>> list;
      list.reserve(source.inputs.size());
      for (const auto& input : source.inputs)
        list.push_back(input ? c10::optional<at::Tensor>(*inputs[*input]) : c10::nullopt);
      stack.emplace_back(std::move(list));
      break;
    }
    }
  }
}

} // namespace irscope::torchscript
