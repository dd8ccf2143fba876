// Writes one model of the C++ zoo as a TorchScript file, for opening it in the app or the CLI
// (screenshots of decoder48, say): `irscope_write_zoo_model decoder48 /tmp` writes
// /tmp/decoder48.pt and prints the --input-shape flags it needs.
#include "tests/models/model_zoo.h"

#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <string>

namespace {

using irscope::testing::zoo::ZooModel;
namespace zoo = irscope::testing::zoo;

// "decoder48" -> transformerDecoder(48); the others by the zoo's own model names.
std::function<ZooModel()> modelNamed(const std::string& name) {
  const std::string decoder = "decoder";
  if (name.rfind(decoder, 0) == 0 && name.size() > decoder.size()) {
    const int layers = std::atoi(name.c_str() + decoder.size());
    if (layers > 0)
      return [layers] { return zoo::transformerDecoder(layers); };
  }
  const std::map<std::string, std::function<ZooModel()>> named{
      {"resnet50", zoo::resnet50},
      {"resnet18", zoo::resnet18},
      {"mobilenet_v3_slice", zoo::mobileNetV3Slice}};
  if (auto it = named.find(name); it != named.end())
    return it->second;
  for (ZooModel& model : zoo::allModels())
    if (model.name == name)
      return [model] { return model; };
  return {};
}

std::string shapeFlag(const std::vector<int64_t>& shape, const std::string& dtype) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return dtype == "float32" ? text : text + ":" + dtype;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: irscope_write_zoo_model NAME DIRECTORY  (NAME: decoderN, resnet18, "
                 "resnet50, mobilenet_v3_slice, or a zoo model's name such as DeepResNet)\n";
    return 2;
  }
  const auto make = modelNamed(argv[1]);
  if (!make) {
    std::cerr << argv[1] << ": no such zoo model\n";
    return 2;
  }
  try {
    const ZooModel model = make();
    const auto path = zoo::saveModel(model, argv[2]);
    std::cout << path.string();
    for (size_t i = 0; i < model.input_shapes.size(); ++i)
      std::cout << " --input-shape " << shapeFlag(model.input_shapes[i], model.input_dtypes[i]);
    std::cout << "\n";
  } catch (const std::exception& error) {
    std::cerr << argv[2] << ": cannot write the model: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
