#pragma once
// A tensor's name as a file name: torch_ir names are identifiers, but a file may say anything.
#include <string>

namespace irscope::io {

// "layer1.0.conv1" -> "layer1.0.conv1.npy"; separators and "." / ".." cannot escape the folder.
std::string npyFileNameFor(std::string tensor_name);

} // namespace irscope::io
