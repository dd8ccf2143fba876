#include "core/torch/attr_ivalue.h"

#include "core/dtype.h"
#include "core/torch/tensor_conversion.h"

#include <ATen/ATen.h>
#include <ATen/core/jit_type.h>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace irscope::torchscript {
namespace {

constexpr int kMaxNesting = 64;

[[noreturn]] void wrongValue(const Json& value, const std::string& wanted) {
  std::string text = value.dump();
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  throw std::invalid_argument("expected " + wanted + ", got " + text);
}

double toDouble(const Json& value) {
  if (value.is_number())
    return value.get<double>();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text == "nan" || text == "NaN")
      return std::numeric_limits<double>::quiet_NaN();
    if (text == "inf" || text == "Infinity")
      return std::numeric_limits<double>::infinity();
    if (text == "-inf" || text == "-Infinity")
      return -std::numeric_limits<double>::infinity();
  }
  wrongValue(value, "a number");
}

int64_t toInt(const Json& value) {
  if (value.is_number_integer())
    return value.get<int64_t>();
  if (value.is_boolean())
    return value.get<bool>();
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::trunc(number) == number && std::fabs(number) < 9.2e18)
      return static_cast<int64_t>(number);
  }
  wrongValue(value, "an integer");
}

c10::IValue scalarOf(const Json& value) {
  if (value.is_boolean())
    return value.get<bool>();
  if (value.is_number_integer())
    return value.get<int64_t>();
  return toDouble(value);
}

// "torch.contiguous_format", "contiguous_format" or c10's own "Contiguous".
c10::MemoryFormat memoryFormatNamed(const Json& value) {
  if (value.is_number_integer())
    return static_cast<c10::MemoryFormat>(value.get<int64_t>());
  if (!value.is_string())
    wrongValue(value, "a memory format");
  std::string name = value.get<std::string>();
  if (name.rfind("torch.", 0) == 0)
    name = name.substr(6);
  if (name == "contiguous_format" || name == "Contiguous")
    return c10::MemoryFormat::Contiguous;
  if (name == "preserve_format" || name == "Preserve")
    return c10::MemoryFormat::Preserve;
  if (name == "channels_last" || name == "ChannelsLast")
    return c10::MemoryFormat::ChannelsLast;
  if (name == "channels_last_3d" || name == "ChannelsLast3d")
    return c10::MemoryFormat::ChannelsLast3d;
  wrongValue(value, "a memory format");
}

c10::IValue enumValue(const Json& value, c10::TypeKind kind) {
  if (kind == c10::TypeKind::ScalarTypeType) {
    if (value.is_number_integer())
      return value.get<int64_t>();
    if (value.is_string())
      if (const auto type = scalarTypeNamed(value.get<std::string>()))
        return static_cast<int64_t>(*type);
    wrongValue(value, "a dtype such as \"float32\"");
  }
  if (kind == c10::TypeKind::LayoutType) {
    if (value.is_number_integer())
      return value.get<int64_t>();
    if (value.is_string()) {
      const std::string& name = value.get_ref<const std::string&>();
      if (name == "torch.strided" || name == "strided" || name == "Strided")
        return static_cast<int64_t>(c10::kStrided);
    }
    wrongValue(value, "a layout such as \"torch.strided\"");
  }
  return static_cast<int64_t>(memoryFormatNamed(value));
}

bool isEnumKind(c10::TypeKind kind) {
  return kind == c10::TypeKind::ScalarTypeType || kind == c10::TypeKind::LayoutType ||
         kind == c10::TypeKind::MemoryFormatType;
}

c10::IValue listOf(const Json& value, const c10::TypePtr& element, const c10::TypePtr& real,
                   const c10::optional<int32_t>& length) {
  // An int[2] argument given one int means that int twice, as Python's arg parser has it.
  Json items = value;
  if (!value.is_array()) {
    items = Json::array();
    for (int32_t i = 0; i < length.value_or(1); ++i)
      items.push_back(value);
  }
  switch (element->kind()) {
  case c10::TypeKind::IntType: {
    c10::List<int64_t> list;
    for (const Json& item : items)
      list.push_back(toInt(item));
    return list;
  }
  case c10::TypeKind::FloatType: {
    c10::List<double> list;
    for (const Json& item : items)
      list.push_back(toDouble(item));
    return list;
  }
  case c10::TypeKind::BoolType: {
    c10::List<bool> list;
    for (const Json& item : items) {
      if (!item.is_boolean())
        wrongValue(item, "a bool");
      list.push_back(item.get<bool>());
    }
    return list;
  }
  default: {
    c10::impl::GenericList list(element);
    for (const Json& item : items)
      list.push_back(attrToIValue(item, c10::Argument("", element, real)));
    return list;
  }
  }
}

void collectElements(const Json& value, int depth, size_t dim, std::vector<int64_t>& shape,
                     std::vector<const Json*>& leaves) {
  if (depth > kMaxNesting)
    throw std::invalid_argument("a nested list deeper than " + std::to_string(kMaxNesting));
  if (!value.is_array()) {
    if (dim != shape.size())
      throw std::invalid_argument("a ragged nested list");
    leaves.push_back(&value);
    return;
  }
  if (dim == shape.size()) {
    if (!leaves.empty())
      throw std::invalid_argument("a ragged nested list");
    shape.push_back(static_cast<int64_t>(value.size()));
  } else if (dim > shape.size() || shape[dim] != static_cast<int64_t>(value.size())) {
    throw std::invalid_argument("a ragged nested list");
  }
  for (const Json& item : value)
    collectElements(item, depth + 1, dim + 1, shape, leaves);
}

} // namespace

at::Tensor tensorFromJson(const Json& value, std::optional<std::string_view> dtype) {
  if (!value.is_array() && !dtype) {
    at::Tensor scalar;
    if (value.is_boolean())
      scalar = at::scalar_tensor(value.get<bool>(), at::kBool);
    else if (value.is_number_integer())
      scalar = at::scalar_tensor(value.get<int64_t>(), at::kLong);
    else
      scalar = at::scalar_tensor(toDouble(value), at::kDouble);
    scalar.unsafeGetTensorImpl()->set_wrapped_number(true);
    return scalar;
  }
  std::vector<int64_t> shape;
  std::vector<const Json*> leaves;
  collectElements(value, 0, 0, shape, leaves);
  bool any_float = false;
  bool all_bool = !leaves.empty();
  for (const Json* leaf : leaves) {
    any_float = any_float || leaf->is_number_float() || leaf->is_string();
    all_bool = all_bool && leaf->is_boolean();
  }
  c10::ScalarType type = any_float ? at::kFloat : all_bool ? at::kBool : at::kLong;
  if (dtype) {
    const auto named = scalarTypeNamed(*dtype);
    if (!named)
      throw std::invalid_argument("libtorch has no dtype " + std::string(*dtype));
    type = *named;
  }
  std::vector<double> numbers;
  numbers.reserve(leaves.size());
  for (const Json* leaf : leaves)
    numbers.push_back(leaf->is_boolean() ? double(leaf->get<bool>()) : toDouble(*leaf));
  // Through float64, which holds every value a JSON number here can carry exactly enough.
  at::Tensor doubles = at::empty({static_cast<int64_t>(numbers.size())}, at::kDouble);
  std::copy(numbers.begin(), numbers.end(), doubles.data_ptr<double>());
  if (type == at::kLong) {
    at::Tensor longs = at::empty({static_cast<int64_t>(leaves.size())}, at::kLong);
    for (size_t i = 0; i < leaves.size(); ++i)
      longs.data_ptr<int64_t>()[i] = toInt(*leaves[i]);
    return longs.reshape(shape);
  }
  return doubles.to(type).reshape(shape);
}

c10::IValue attrToIValue(const Json& value, const c10::Argument& argument) {
  c10::TypePtr type = argument.type();
  c10::TypePtr real = argument.real_type();
  if (auto optional = type->cast<c10::OptionalType>()) {
    if (value.is_null())
      return c10::IValue();
    type = optional->getElementType();
    if (auto real_optional = real->cast<c10::OptionalType>())
      real = real_optional->getElementType();
  }
  if (isEnumKind(real->kind()))
    return enumValue(value, real->kind());
  switch (type->kind()) {
  case c10::TypeKind::IntType:
  case c10::TypeKind::SymIntType:
    return toInt(value);
  case c10::TypeKind::FloatType:
    return toDouble(value);
  case c10::TypeKind::BoolType:
    if (!value.is_boolean())
      wrongValue(value, "a bool");
    return value.get<bool>();
  case c10::TypeKind::NumberType:
    return scalarOf(value);
  case c10::TypeKind::StringType:
    if (!value.is_string())
      wrongValue(value, "a string");
    return value.get<std::string>();
  case c10::TypeKind::DeviceObjType:
    // torch_ir runs everything on the CPU; a traced "meta" device means the same here.
    return c10::Device(c10::kCPU);
  case c10::TypeKind::TensorType:
    return tensorFromJson(value);
  case c10::TypeKind::GeneratorType:
    return c10::IValue();
  case c10::TypeKind::ListType: {
    const auto element = type->expectRef<c10::ListType>().getElementType();
    c10::TypePtr real_element = element;
    if (auto real_list = real->cast<c10::ListType>())
      real_element = real_list->getElementType();
    return listOf(value, element, real_element, argument.N());
  }
  default:
    break;
  }
  throw std::invalid_argument("irscope cannot pass a value of type " + real->str());
}

} // namespace irscope::torchscript
