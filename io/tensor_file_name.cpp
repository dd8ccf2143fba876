#include "io/tensor_file_name.h"

namespace irscope::io {

std::string npyFileNameFor(std::string name) {
  for (char& c : name)
    if (c == '/' || c == '\\' || c == '\0')
      c = '_';
  if (name.empty() || name == "." || name == "..")
    name = "_" + name;
  return name + ".npy";
}

} // namespace irscope::io
