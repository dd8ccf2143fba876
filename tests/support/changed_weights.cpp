#include "tests/support/changed_weights.h"

#include "io/safetensors.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace irscope::testing {

WeightChange scaledBy(float factor) {
  return [factor](std::vector<float>& values) {
    for (float& value : values)
      value *= factor;
  };
}

WeightChange reversedAndScaledBy(float factor) {
  return [factor](std::vector<float>& values) {
    std::reverse(values.begin(), values.end());
    for (float& value : values)
      value *= factor;
  };
}

void writeChangedWeights(const std::filesystem::path& source,
                         const std::map<std::string, WeightChange>& changes,
                         const std::filesystem::path& path) {
  io::SafetensorsFile file = io::readSafetensors(source);
  size_t changed = 0;
  for (auto& [name, data] : file.tensors) {
    const auto change = changes.find(name);
    if (change == changes.end())
      continue;
    if (data.dtype != "float32")
      throw std::runtime_error(name + " is " + data.dtype + ", not float32");
    std::vector<float> values(data.bytes.size() / sizeof(float));
    std::memcpy(values.data(), data.bytes.data(), values.size() * sizeof(float));
    change->second(values);
    std::memcpy(data.bytes.data(), values.data(), values.size() * sizeof(float));
    ++changed;
  }
  if (changed != changes.size())
    throw std::runtime_error(source.string() + " lacks a tensor to change");
  io::writeSafetensors(file, path);
}

} // namespace irscope::testing
