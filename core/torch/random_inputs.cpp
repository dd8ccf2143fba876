#include "core/torch/random_inputs.h"

#include "core/torch/tensor_conversion.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <stdexcept>

namespace irscope::torchscript {

std::vector<at::Tensor> randomTensors(const std::vector<ir::InputSpec>& specs, uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  const auto float_options = at::TensorOptions().dtype(at::kFloat);
  std::vector<at::Tensor> tensors;
  for (const ir::InputSpec& spec : specs) {
    const auto type = scalarTypeNamed(spec.dtype);
    if (!type)
      throw std::invalid_argument("libtorch has no dtype " + spec.dtype);
    if (at::isFloatingType(*type) || at::isComplexType(*type))
      tensors.push_back(at::randn(spec.shape, generator, float_options).to(*type));
    else
      tensors.push_back(at::randint(0, 2, spec.shape, generator, float_options).to(*type));
  }
  return tensors;
}

} // namespace irscope::torchscript
