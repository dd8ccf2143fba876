#pragma once
// NumPy's .npy format (versions 1 to 3), as numpy.save writes it: the golden inputs and outputs
// that the Python tools exchange. Only little-endian, C-order arrays of the dtypes irscope
// knows; anything else is refused with a message that says what it is.
#include "core/tensor_data.h"

#include <filesystem>
#include <string>

namespace irscope::io {

using ir::TensorData;

// Throws LoadError naming the file and the problem.
TensorData readNpy(const std::filesystem::path& path);

// The SHA-256 of a .npy file's array data (its C-order little-endian bytes), read in pieces
// rather than whole: what golden-data checks compare. Throws LoadError as readNpy does.
struct NpyDigest {
  std::string dtype;
  ir::Shape shape;
  size_t data_bytes = 0;
  std::string sha256; // lower-case hex
};
NpyDigest npyDataSha256(const std::filesystem::path& path);

// The file numpy.save would write for this array (format 1.0), written atomically.
std::string npyBytes(const TensorData& tensor);
void writeNpy(const TensorData& tensor, const std::filesystem::path& path);

} // namespace irscope::io
