#pragma once
// Copies of DeepResNet's weights with some tensors changed, for verdict tests: the same model
// and inputs, other numbers.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace irscope::testing {

using WeightChange = std::function<void(std::vector<float>&)>;

WeightChange scaledBy(float factor);
// Other weights of the same size and distribution: the same values in reverse order.
WeightChange reversedAndScaledBy(float factor);

// Writes a copy of `source` (.safetensors) to `path` with each named float32 tensor changed;
// throws std::runtime_error when a named tensor is missing or not float32.
void writeChangedWeights(const std::filesystem::path& source,
                         const std::map<std::string, WeightChange>& changes,
                         const std::filesystem::path& path);

} // namespace irscope::testing
