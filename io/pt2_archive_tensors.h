#pragma once
// The tensors of the newer PT2 archive layout (PyTorch >= 2.7): a JSON config per model in
// data/weights/ (and data/constants/) that names each tensor's file in that folder and its
// dtype, sizes, strides and storage offset; each file holds the raw little-endian storage bytes
// (or, with use_pickle, a torch.save of the tensor). TorchBind and opaque objects (pickled,
// without tensor_meta) are not tensors and are left out.
#include "core/tensor_data.h"
#include "io/zip_archive.h"

#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

// Reads the config at `config_entry` and every tensor it lists from the entries beside it in
// `folder` (both full entry names, folder ending in '/'). Names are the config's keys (state_dict
// names). Throws LoadError naming the archive: a malformed config, a file that is missing or
// smaller than its sizes and strides need, an unknown dtype.
std::vector<std::pair<std::string, ir::TensorData>>
readPt2ArchiveTensors(const ZipArchive& archive, const std::string& config_entry,
                      const std::string& folder);

} // namespace irscope::io
