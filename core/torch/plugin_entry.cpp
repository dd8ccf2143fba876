// The one symbol libirscope_torch.so exports (everything else is hidden).
#include "core/torch/torch_plugin.h"

extern "C" __attribute__((visibility("default"))) const irscope::torchscript::TorchPlugin*
irscope_torch_plugin() {
  using namespace irscope::torchscript;
  static const TorchPlugin plugin{
      kTorchPluginAbi,           &impl::extractTorchScript,    &impl::describeInputs,
      &impl::readStateDict,      &impl::torchVersion,          &impl::executeIr,
      &impl::randomInputs,       &impl::computeSweepCase,      &impl::goldenDataFile,
      &impl::readStateDictBytes, &impl::readSavedTensorsBytes, &impl::prepareIr,
      &impl::runPreparedIr};
  return &plugin;
}
