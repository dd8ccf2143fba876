#include "core/torch/state_dict.h"

#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/pytorch_file_kind.h"
#include "core/torch/tensor_conversion.h"

#include <torch/serialize.h>

#include <fstream>
#include <iterator>

namespace irscope::torchscript {

std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& path) {
  const std::string file = path.string();
  const PyTorchFile kind = inspectPyTorchFile(path);
  if (kind.kind == PyTorchFileKind::TorchScript)
    throw ExtractionError(file, "is a TorchScript model, not a state_dict; its weights come "
                                "with it when you open or extract it");
  if (kind.kind != PyTorchFileKind::StateDict)
    throw ExtractionError(file, notTorchScriptProblem(kind));

  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  c10::IValue loaded;
  try {
    loaded = torch::pickle_load(bytes);
  } catch (const std::exception& error) {
    throw ExtractionError(file, "cannot read the state_dict: " + oneLineMessage(error));
  }
  if (!loaded.isGenericDict())
    throw ExtractionError(file, "holds a " + loaded.type()->str() + ", not a state_dict");

  std::vector<std::pair<std::string, ir::TensorData>> tensors;
  for (const auto& entry : loaded.toGenericDict()) {
    if (!entry.key().isString())
      throw ExtractionError(file, "a state_dict key is a " + entry.key().type()->str() +
                                      ", not a string");
    const std::string& name = entry.key().toStringRef();
    if (!entry.value().isTensor())
      throw ExtractionError(file, "'" + name + "' holds a " + entry.value().type()->str() +
                                      ", not a tensor");
    tensors.emplace_back(name, toTensorData(entry.value().toTensor()));
  }
  return tensors;
}

} // namespace irscope::torchscript
