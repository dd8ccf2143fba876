#include "core/torch/ivalue_json.h"

#include "core/json_number.h"
#include "core/shape.h"
#include "core/torch/tensor_conversion.h"

#include <ATen/ATen.h>
#include <ATen/core/jit_type.h>
#include <cmath>
#include <sstream>

namespace irscope::torchscript {
namespace {

Json scalarOf(const at::Tensor& tensor) {
  if (tensor.is_floating_point())
    return jsonNumber(tensor.item<double>());
  if (tensor.scalar_type() == at::kBool)
    return tensor.item<bool>();
  if (tensor.is_complex())
    return c10::str(tensor.item());
  return tensor.item<int64_t>();
}

Json nestedList(const at::Tensor& tensor) {
  if (tensor.dim() == 0)
    return scalarOf(tensor);
  Json list = Json::array();
  for (int64_t i = 0; i < tensor.size(0); ++i)
    list.push_back(nestedList(tensor[i]));
  return list;
}

Json enumName(const c10::IValue& value, c10::TypeKind kind) {
  if (!value.isInt())
    return ivalueToJson(value);
  if (kind == c10::TypeKind::ScalarTypeType)
    return dtypeName(static_cast<c10::ScalarType>(value.toInt()));
  if (kind == c10::TypeKind::MemoryFormatType)
    return c10::str(static_cast<c10::MemoryFormat>(value.toInt()));
  if (kind == c10::TypeKind::LayoutType)
    return c10::str(static_cast<c10::Layout>(value.toInt()));
  return value.toInt();
}

c10::TypeKind enumKind(const c10::TypePtr& type) {
  if (!type)
    return c10::TypeKind::AnyType;
  if (auto optional = type->cast<c10::OptionalType>())
    return enumKind(optional->getElementType());
  return type->kind();
}

} // namespace

Json constantTensorToJson(const at::Tensor& tensor) {
  if (!tensor.defined())
    return nullptr;
  if (tensor.numel() <= kMaxInlineElements && !tensor.is_quantized())
    return nestedList(tensor.to(at::kCPU));
  return "tensor " + dtypeName(tensor.scalar_type()) + ir::formatShapeList(shapeOf(tensor));
}

Json tensorValuesToJson(const at::Tensor& tensor) {
  return tensor.defined() ? nestedList(tensor.to(at::kCPU)) : Json(nullptr);
}

Json ivalueToJson(const c10::IValue& value, const c10::TypePtr& type) {
  const c10::TypeKind kind = enumKind(type);
  if (kind == c10::TypeKind::ScalarTypeType || kind == c10::TypeKind::MemoryFormatType ||
      kind == c10::TypeKind::LayoutType)
    return enumName(value, kind);
  if (value.isNone())
    return nullptr;
  if (value.isBool())
    return value.toBool();
  if (value.isInt())
    return value.toInt();
  if (value.isDouble())
    return jsonNumber(value.toDouble());
  if (value.isString())
    return value.toStringRef();
  if (value.isTensor())
    return constantTensorToJson(value.toTensor());
  if (value.isDevice())
    return value.toDevice().str();
  if (value.isList() || value.isTuple()) {
    c10::TypePtr element_type;
    if (type)
      if (auto list = type->cast<c10::ListType>())
        element_type = list->getElementType();
    Json list = Json::array();
    if (value.isList()) {
      for (const c10::IValue& element : value.toListRef())
        list.push_back(ivalueToJson(element, element_type));
    } else {
      for (const c10::IValue& element : value.toTupleRef().elements())
        list.push_back(ivalueToJson(element));
    }
    return list;
  }
  if (value.isGenericDict()) {
    Json object = Json::object();
    for (const auto& entry : value.toGenericDict())
      object[c10::str(entry.key())] = ivalueToJson(entry.value());
    return object;
  }
  if (value.isScalar())
    return c10::str(value);
  if (value.isObject())
    return "<" + value.type()->str() + ">";
  return c10::str(value);
}

} // namespace irscope::torchscript
