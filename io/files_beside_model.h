#pragma once
// What torch_ir's tools and irscope leave beside a model, by the model's name (io::modelStem):
// the inputs it was checked on and what it returned for them (NAME.in0.npy..., NAME.out0.npy...,
// as torch_ir's fixtures keep them), its TorchScript original (NAME.ts.pt, else NAME.pt) and a
// golden folder (NAME.golden/ with its metadata.json, as `irscope-cli golden model` writes it).
// `irscope-cli report` and the app's Run dialog both start from this.
#include <filesystem>
#include <vector>

namespace irscope::io {

struct FilesBesideModel {
  std::vector<std::filesystem::path> inputs;  // NAME.in0.npy, NAME.in1.npy, ... with no gap
  std::vector<std::filesystem::path> outputs; // NAME.out0.npy, ...
  std::filesystem::path torchscript;          // empty when there is none, or it is the model
  std::filesystem::path golden_folder;        // empty when there is none
};

FilesBesideModel filesBesideModel(const std::filesystem::path& model);

} // namespace irscope::io
