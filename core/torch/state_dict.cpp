#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/pytorch_file_kind.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"

#include <caffe2/serialize/inline_container.h>
#include <cstring>
#include <torch/csrc/jit/serialization/unpickler.h>

namespace irscope::torchscript {
namespace {

// libtorch 1.13's unpickler turns every collections.OrderedDict into None (it expects only the
// empty ones that tensors carry as backward hooks), and a state_dict is one. Pickle protocol 2
// refers to nothing by byte offset, so three edits make the state_dict a plain dict it can read:
// - the top-level "GLOBAL OrderedDict, BINPUT 0, EMPTY_TUPLE, REDUCE" becomes EMPTY_DICT;
// - each tensor's hooks, "BINGET 0, EMPTY_TUPLE, REDUCE" (OrderedDict()), become NONE;
// - the trailing BUILD that sets `_metadata` (module versions) is cut off: "...u}...sb." ->
// "...u.".
std::string asPlainDict(std::string pickle) {
  const std::string header =
      std::string("\x80\x02", 2) + "ccollections\nOrderedDict\n" + std::string("q\x00)R", 4);
  if (pickle.compare(0, header.size(), header) != 0)
    return pickle;
  const std::string key = std::string("X\x09\x00\x00\x00_metadata", 14);
  const size_t at = pickle.find(key);
  if (at != std::string::npos && pickle.compare(pickle.size() - 3, 3, "sb.") == 0) {
    for (size_t brace = at; brace > 1 && brace + 6 >= at; --brace) {
      if (pickle[brace - 1] == '}' && pickle[brace - 2] == 'u') {
        pickle.resize(brace - 1);
        pickle += '.';
        break;
      }
    }
  }
  std::string result = std::string("\x80\x02}", 3);
  const std::string hooks = std::string("h\x00)R", 4);
  for (size_t i = header.size(); i < pickle.size();) {
    if (pickle.compare(i, hooks.size(), hooks) == 0) {
      result += 'N';
      i += hooks.size();
    } else {
      result += pickle[i++];
    }
  }
  return result;
}

} // namespace

namespace impl {

std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& path) {
  const std::string file = path.string();
  const PyTorchFile kind = inspectPyTorchFile(path);
  if (kind.kind == PyTorchFileKind::TorchScript)
    throw ExtractionError(file, "is a TorchScript model, not a state_dict; its weights come "
                                "with it when you open or extract it");
  if (kind.kind != PyTorchFileKind::StateDict)
    throw ExtractionError(file, notTorchScriptProblem(kind));

  // torch.save's zip: the pickle in data.pkl, each tensor's storage in data/<key>.
  c10::IValue loaded;
  try {
    caffe2::serialize::PyTorchStreamReader reader(file);
    auto [data, size] = reader.getRecord("data.pkl");
    const std::string pickle = asPlainDict(std::string(static_cast<const char*>(data.get()), size));
    size_t offset = 0;
    auto read = [&](char* buffer, size_t wanted) {
      const size_t n = std::min(wanted, pickle.size() - offset);
      std::memcpy(buffer, pickle.data() + offset, n);
      offset += n;
      return n;
    };
    auto refuse_classes = [](const c10::QualifiedName& name) -> c10::StrongTypePtr {
      throw std::runtime_error("holds a " + name.qualifiedName() + ", which is not a tensor");
    };
    auto read_record = [&reader](const std::string& key) {
      return std::get<0>(reader.getRecord("data/" + key));
    };
    torch::jit::Unpickler unpickler(read, refuse_classes, nullptr, read_record,
                                    at::Device(at::kCPU));
    loaded = unpickler.parse_ivalue();
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

} // namespace impl
} // namespace irscope::torchscript
