#include "core/torch/pytorch_file_kind.h"

#include "core/file_signature.h"
#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"

#include <array>
#include <caffe2/serialize/inline_container.h>
#include <fstream>
#include <system_error>

namespace irscope::torchscript {
namespace {

constexpr char kHowToSave[] =
    "save one with torch.jit.save(torch.jit.trace(model, example_inputs), 'model.pt') "
    "or torch.jit.save(torch.jit.script(model), 'model.pt')";

// A pickle starts with PROTO (0x80, version); the next opcode builds the top-level object. GLOBAL
// ('c') names its class as "module\nname\n"; EMPTY_DICT ('}') is a plain dict.
std::string topLevelClass(const std::string& pickle) {
  if (pickle.size() < 3 || static_cast<unsigned char>(pickle[0]) != 0x80)
    return "?";
  if (pickle[2] == '}')
    return "dict";
  if (pickle[2] != 'c')
    return "?";
  const size_t module_end = pickle.find('\n', 3);
  const size_t name_end =
      module_end == std::string::npos ? module_end : pickle.find('\n', module_end + 1);
  if (name_end == std::string::npos)
    return "?";
  return pickle.substr(3, module_end - 3) + "." +
         pickle.substr(module_end + 1, name_end - module_end - 1);
}

} // namespace

PyTorchFile inspectPyTorchFile(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  if (!std::filesystem::exists(file, error))
    throw ExtractionError(name, "no such file");
  if (!std::filesystem::is_regular_file(file, error))
    throw ExtractionError(name, "is not a regular file");
  if (std::filesystem::file_size(file, error) < 4)
    return {PyTorchFileKind::NotPyTorch, "it is shorter than 4 bytes"};
  const FileSignature signature = fileSignature(file);
  if (signature == FileSignature::Pickle)
    return {PyTorchFileKind::LegacyPickle, {}};
  if (signature != FileSignature::Zip)
    return {PyTorchFileKind::NotPyTorch, {}};

  try {
    caffe2::serialize::PyTorchStreamReader reader(name);
    if (reader.hasRecord("constants.pkl"))
      return {PyTorchFileKind::TorchScript, {}};
    for (const std::string& record : reader.getAllRecords())
      if (record.rfind("code/", 0) == 0)
        return {PyTorchFileKind::TorchScript, {}};
    if (!reader.hasRecord("data.pkl"))
      return {PyTorchFileKind::ZipNotPyTorch, {}};
    auto [data, size] = reader.getRecord("data.pkl");
    const std::string pickle(static_cast<const char*>(data.get()), size);
    const std::string top = topLevelClass(pickle);
    if (top == "collections.OrderedDict" || top == "dict")
      return {PyTorchFileKind::StateDict, {}};
    if (top.rfind("torch._utils", 0) == 0)
      return {PyTorchFileKind::OtherPickle, "a tensor"};
    if (top == "?")
      return {PyTorchFileKind::OtherPickle, "a Python object"};
    return {PyTorchFileKind::PickledModule, top};
  } catch (const c10::Error& e) {
    const std::string message = oneLineMessage(e);
    if (message.find("central directory") != std::string::npos ||
        message.find("file_ofs") != std::string::npos)
      throw ExtractionError(name, "the zip archive is truncated or damaged (" + message + ")");
    return {PyTorchFileKind::ZipNotPyTorch, message};
  }
}

std::string notTorchScriptProblem(const PyTorchFile& file) {
  switch (file.kind) {
  case PyTorchFileKind::TorchScript:
    return {};
  case PyTorchFileKind::StateDict:
    return std::string("is a torch.save state_dict (weights only, no graph), not a TorchScript "
                       "model; ") +
           kHowToSave;
  case PyTorchFileKind::PickledModule:
    return "is a pickled Python nn.Module (" + file.detail +
           ", saved with torch.save(model)), which only Python can load; " + kHowToSave;
  case PyTorchFileKind::OtherPickle:
    return "is a torch.save file holding " + file.detail + ", not a TorchScript model; " +
           kHowToSave;
  case PyTorchFileKind::LegacyPickle:
    return std::string("is a legacy (pre-1.6) torch.save pickle, not a TorchScript model; ") +
           kHowToSave;
  case PyTorchFileKind::ZipNotPyTorch:
    return "is a zip archive but not a PyTorch file (no code/, constants.pkl or data.pkl inside)";
  case PyTorchFileKind::NotPyTorch:
    return "is not a PyTorch file (TorchScript files are zip archives)" +
           (file.detail.empty() ? std::string() : ": " + file.detail);
  }
  return {};
}

} // namespace irscope::torchscript
