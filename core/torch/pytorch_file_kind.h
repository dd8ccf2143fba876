#pragma once
// What a .pt file holds, told apart before libtorch is asked to load it, so that each kind of
// wrong file gets its own message instead of libtorch's deserialization trace.
#include <filesystem>
#include <string>

namespace irscope::torchscript {

enum class PyTorchFileKind {
  TorchScript,   // torch.jit.save: code/ and constants.pkl inside a zip
  StateDict,     // torch.save(model.state_dict())
  PickledModule, // torch.save(model): needs the Python class to load
  OtherPickle,   // torch.save of something else (a tensor, a dict of non-tensors)
  LegacyPickle,  // torch.save(..., _use_new_zipfile_serialization=False)
  ZipNotPyTorch, // a zip archive without PyTorch's layout
  NotPyTorch,    // anything else
};

struct PyTorchFile {
  PyTorchFileKind kind = PyTorchFileKind::NotPyTorch;
  std::string detail; // e.g. the pickled class, for the message
};

// Throws ExtractionError for a file that cannot be opened or a zip that is damaged/truncated.
PyTorchFile inspectPyTorchFile(const std::filesystem::path& file);

// The one-line problem for a file that is not TorchScript, with how to make one.
std::string notTorchScriptProblem(const PyTorchFile& file);

} // namespace irscope::torchscript
