#include "core/torch/golden_data_file.h"

#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"

#include <torch/csrc/jit/serialization/pickle.h>

namespace irscope::torchscript::impl {

namespace {

c10::IValue tensorOrList(const std::vector<ir::TensorData>& tensors) {
  if (tensors.size() == 1)
    return toTensor(tensors.front());
  c10::List<at::Tensor> list;
  for (const ir::TensorData& tensor : tensors)
    list.push_back(toTensor(tensor));
  return list;
}

} // namespace

std::string goldenDataFile(const std::vector<ir::TensorData>& inputs,
                           const std::vector<ir::TensorData>& outputs) {
  try {
    c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
    dict.insert("input", tensorOrList(inputs));
    dict.insert("output", tensorOrList(outputs));
    const std::vector<char> bytes = torch::jit::pickle_save(dict);
    return std::string(bytes.begin(), bytes.end());
  } catch (const std::exception& error) {
    throw ExtractionError("golden_data.pt", oneLineMessage(error));
  }
}

} // namespace irscope::torchscript::impl
