#include "tests/models/model_zoo.h"

#include <array>
#include <cmath>
#include <functional>
#include <torch/torch.h>

namespace irscope::testing::zoo {
namespace {

using torch::jit::Module;

// One compilation unit per model, with mangling, so that two Linear instances get two types.
struct Builder {
  std::shared_ptr<torch::jit::CompilationUnit> unit =
      std::make_shared<torch::jit::CompilationUnit>();
  int64_t seed = 0;

  Module module(const std::string& class_name) {
    return Module(c10::QualifiedName("__torch__.zoo." + class_name), unit, true);
  }
  // A class under its Python name ("torchvision.ops.misc.Conv2dNormActivation"), as
  // torch.jit.script names it: "__torch__." in front, "___torch_mangle_N." before the class name
  // from the second instance on.
  Module pythonModule(const std::string& python_name) {
    return Module(c10::QualifiedName("__torch__." + python_name), unit, true);
  }
  torch::Tensor random(std::vector<int64_t> shape) {
    torch::manual_seed(seed++);
    return torch::randn(shape) * 0.1;
  }

  Module linear(int64_t in, int64_t out) {
    Module m = module("Linear");
    m.register_parameter("weight", random({out, in}), false);
    m.register_parameter("bias", random({out}), false);
    m.define("def forward(self, x):\n    return torch.linear(x, self.weight, self.bias)\n");
    return m;
  }
  Module conv2d(int64_t in, int64_t out, int64_t kernel, int64_t padding, int64_t stride = 1,
                bool bias = true, int64_t groups = 1) {
    Module m = module("Conv2d");
    m.register_parameter("weight", random({out, in / groups, kernel, kernel}), false);
    if (bias)
      m.register_parameter("bias", random({out}), false);
    const std::string p = std::to_string(padding);
    const std::string s = std::to_string(stride);
    m.define("def forward(self, x):\n    return torch.conv2d(x, self.weight, " +
             std::string(bias ? "self.bias" : "None") + ", [" + s + ", " + s + "], [" + p + ", " +
             p + "]" + (groups == 1 ? "" : ", [1, 1], " + std::to_string(groups)) + ")\n");
    return m;
  }
  Module batchNorm2d(int64_t channels) {
    Module m = module("BatchNorm2d");
    m.register_parameter("weight", torch::ones({channels}), false);
    m.register_parameter("bias", torch::zeros({channels}), false);
    m.register_buffer("running_mean", torch::zeros({channels}));
    m.register_buffer("running_var", torch::ones({channels}));
    m.register_buffer("num_batches_tracked", torch::zeros({}, torch::kLong));
    m.define("def forward(self, x):\n"
             "    return torch.batch_norm(x, self.weight, self.bias, self.running_mean, "
             "self.running_var, False, 0.1, 1e-05, True)\n");
    return m;
  }
  Module layerNorm(int64_t features) {
    Module m = module("LayerNorm");
    m.register_parameter("weight", torch::ones({features}), false);
    m.register_parameter("bias", torch::zeros({features}), false);
    m.define("def forward(self, x):\n    return torch.layer_norm(x, [" + std::to_string(features) +
             "], self.weight, self.bias, 1e-05)\n");
    return m;
  }
  Module stateless(const std::string& class_name, const std::string& expression) {
    Module m = module(class_name);
    m.define("def forward(self, x):\n    return " + expression + "\n");
    return m;
  }
  Module relu() { return stateless("ReLU", "torch.relu(x)"); }
  Module maxPool2() { return stateless("MaxPool2d", "torch.max_pool2d(x, [2, 2], [2, 2])"); }

  // nn.Sequential: children _0, _1, ... called in order.
  Module sequential(const std::vector<Module>& children) {
    return sequentialAs(module("Sequential"), children);
  }
  // nn.Sequential's forward on `m`, which may be of a subclass that keeps that forward
  // (torchvision's Conv2dNormActivation).
  Module sequentialAs(Module m, const std::vector<Module>& children) {
    std::string source = "def forward(self, x):\n";
    for (size_t i = 0; i < children.size(); ++i) {
      m.register_module("_" + std::to_string(i), children[i]);
      source += "    x = self._" + std::to_string(i) + ".forward(x)\n";
    }
    m.define(source + "    return x\n");
    return m;
  }

  // Multi-head attention over 4 heads of 16, as the Python zoo writes it by hand.
  Module attention(const std::string& class_name, bool cross) {
    Module m = module(class_name);
    for (const char* name : {"q_proj", "k_proj", "v_proj", "out_proj"})
      m.register_module(name, linear(64, 64));
    const std::string kv = cross ? "context" : "x";
    const std::string query = cross ? "query" : "x";
    m.define("def forward(self, " + query + (cross ? ", context" : "") + "):\n" +
             "    b = " + query +
             ".size(0)\n"
             "    t = " +
             query +
             ".size(1)\n"
             "    s = " +
             kv +
             ".size(1)\n"
             "    q = self.q_proj.forward(" +
             query +
             ").view(b, t, 4, 16).transpose(1, 2)\n"
             "    k = self.k_proj.forward(" +
             kv +
             ").view(b, s, 4, 16).transpose(1, 2)\n"
             "    v = self.v_proj.forward(" +
             kv +
             ").view(b, s, 4, 16).transpose(1, 2)\n"
             "    scores = torch.matmul(q, k.transpose(-2, -1)) / 4.0\n"
             "    weights = torch.softmax(scores, -1)\n"
             "    out = torch.matmul(weights, v).transpose(1, 2).contiguous().view(b, t, 64)\n"
             "    return self.out_proj.forward(out)\n");
    return m;
  }
};

} // namespace

ZooModel selfAttention() {
  Builder b;
  return {"SelfAttention", b.attention("SelfAttention", false), {{1, 16, 64}}, {"float32"}};
}

ZooModel crossAttention() {
  Builder b;
  return {"CrossAttention",
          b.attention("CrossAttention", true),
          {{1, 16, 64}, {1, 32, 64}},
          {"float32", "float32"}};
}

ZooModel transformerBlock() {
  Builder b;
  Module ffn = b.module("FeedForward");
  ffn.register_module("linear1", b.linear(64, 256));
  ffn.register_module("linear2", b.linear(256, 64));
  ffn.define("def forward(self, x):\n    return "
             "self.linear2.forward(torch.gelu(self.linear1.forward(x)))\n");
  Module m = b.module("TransformerBlock");
  m.register_module("self_attn", b.attention("SelfAttention", false));
  m.register_module("norm1", b.layerNorm(64));
  m.register_module("ffn", ffn);
  m.register_module("norm2", b.layerNorm(64));
  m.define("def forward(self, x):\n"
           "    x = self.norm1.forward(x + self.self_attn.forward(x))\n"
           "    return self.norm2.forward(x + self.ffn.forward(x))\n");
  return {"TransformerBlock", m, {{1, 16, 64}}, {"float32"}};
}

ZooModel siameseEncoder() {
  Builder b;
  Module m = b.module("SiameseEncoder");
  m.register_module(
      "encoder",
      b.sequential({b.conv2d(3, 32, 3, 1), b.relu(), b.maxPool2(), b.conv2d(32, 64, 3, 1), b.relu(),
                    b.maxPool2(), b.conv2d(64, 128, 3, 1), b.relu(),
                    b.stateless("AdaptiveAvgPool2d", "torch.adaptive_avg_pool2d(x, [1, 1])"),
                    b.stateless("Flatten", "torch.flatten(x, 1)"), b.linear(128, 128)}));
  m.define("def forward(self, x1, x2):\n    return self.encoder.forward(x1), "
           "self.encoder.forward(x2)\n");
  return {"SiameseEncoder", m, {{1, 3, 64, 64}, {1, 3, 64, 64}}, {"float32", "float32"}};
}

ZooModel multiTaskHead() {
  Builder b;
  Module m = b.module("MultiTaskHead");
  m.register_module(
      "backbone",
      b.sequential({b.conv2d(3, 32, 3, 1), b.batchNorm2d(32), b.relu(), b.maxPool2(),
                    b.conv2d(32, 64, 3, 1), b.batchNorm2d(64), b.relu(),
                    b.stateless("AdaptiveAvgPool2d", "torch.adaptive_avg_pool2d(x, [4, 4])")}));
  m.register_module("classifier", b.sequential({b.linear(1024, 128), b.relu(), b.linear(128, 10)}));
  m.register_module("aux_head", b.sequential({b.linear(1024, 64), b.relu(), b.linear(64, 4)}));
  m.define("def forward(self, x):\n"
           "    features = torch.flatten(self.backbone.forward(x), 1)\n"
           "    return self.classifier.forward(features), self.aux_head.forward(features)\n");
  return {"MultiTaskHead", m, {{1, 3, 32, 32}}, {"float32"}};
}

ZooModel recurrentUnroll() {
  Builder b;
  Module m = b.module("RecurrentUnroll");
  m.register_module("cell", b.linear(32, 32));
  // A real loop (prim::Loop), unrolled by running it, as a trace unrolls it.
  m.define("def forward(self, x):\n"
           "    h = x\n"
           "    for _ in range(5):\n"
           "        h = torch.tanh(self.cell.forward(h))\n"
           "    return h\n");
  return {"RecurrentUnroll", m, {{1, 32}}, {"float32"}};
}

ZooModel weightTying() {
  Builder b;
  Module embedding = b.module("Embedding");
  embedding.register_parameter("weight", b.random({100, 64}), false);
  embedding.define("def forward(self, x):\n    return torch.embedding(self.weight, x)\n");
  Module m = b.module("WeightTying");
  m.register_module("embedding", embedding);
  m.register_module("transform", b.sequential({b.linear(64, 64), b.relu(), b.linear(64, 64)}));
  m.register_parameter("output_bias", torch::zeros({100}), false);
  // The output projection reuses the embedding matrix.
  m.define("def forward(self, x):\n"
           "    h = self.transform.forward(self.embedding.forward(x))\n"
           "    return torch.linear(h, self.embedding.weight, self.output_bias)\n");
  return {"WeightTying", m, {{1, 16}}, {"int64"}};
}

ZooModel deepResNet() {
  Builder b;
  Module m = b.module("DeepResNet");
  m.register_module("conv1", b.conv2d(3, 32, 3, 1));
  m.register_module("bn1", b.batchNorm2d(32));
  m.register_module("relu", b.relu());
  for (int i = 1; i <= 3; ++i) {
    Module block = b.module("ResidualBlock");
    block.register_module("conv1", b.conv2d(32, 32, 3, 1));
    block.register_module("bn1", b.batchNorm2d(32));
    block.register_module("relu", b.relu());
    block.register_module("conv2", b.conv2d(32, 32, 3, 1));
    block.register_module("bn2", b.batchNorm2d(32));
    block.define("def forward(self, x):\n"
                 "    out = self.relu.forward(self.bn1.forward(self.conv1.forward(x)))\n"
                 "    out = self.bn2.forward(self.conv2.forward(out))\n"
                 "    return self.relu.forward(out + x)\n");
    m.register_module("res_block" + std::to_string(i), block);
  }
  m.register_module("avgpool",
                    b.stateless("AdaptiveAvgPool2d", "torch.adaptive_avg_pool2d(x, [1, 1])"));
  m.register_module("flatten", b.stateless("Flatten", "torch.flatten(x, 1)"));
  m.register_module("fc", b.linear(32, 10));
  m.define("def forward(self, x):\n"
           "    x = self.relu.forward(self.bn1.forward(self.conv1.forward(x)))\n"
           "    x = self.res_block3.forward(self.res_block2.forward(self.res_block1.forward(x)))\n"
           "    return self.fc.forward(self.flatten.forward(self.avgpool.forward(x)))\n");
  return {"DeepResNet", m, {{1, 3, 32, 32}}, {"float32"}};
}

ZooModel denseBlock() {
  Builder b;
  Module m = b.module("DenseBlock");
  m.register_module("conv1", b.conv2d(3, 32, 3, 1));
  m.register_module("bn1", b.batchNorm2d(32));
  m.register_module("relu", b.relu());
  for (int i = 1; i <= 4; ++i) {
    const int64_t in = 32 + 16 * (i - 1);
    Module layer = b.module("DenseLayer");
    layer.register_module("bn", b.batchNorm2d(in));
    layer.register_module("relu", b.relu());
    layer.register_module("conv", b.conv2d(in, 16, 3, 1));
    layer.define(
        "def forward(self, x):\n"
        "    return torch.cat([x, self.conv.forward(self.relu.forward(self.bn.forward(x)))], 1)\n");
    m.register_module("dense" + std::to_string(i), layer);
  }
  m.register_module(
      "transition",
      b.sequential({b.batchNorm2d(96), b.relu(), b.conv2d(96, 48, 1, 0),
                    b.stateless("AvgPool2d", "torch.avg_pool2d(x, [2, 2], [2, 2])")}));
  m.register_module("fc", b.linear(48, 10));
  m.define("def forward(self, x):\n"
           "    x = self.relu.forward(self.bn1.forward(self.conv1.forward(x)))\n"
           "    x = "
           "self.dense4.forward(self.dense3.forward(self.dense2.forward(self.dense1.forward(x))))\n"
           "    x = self.transition.forward(x)\n"
           "    return self.fc.forward(torch.flatten(torch.adaptive_avg_pool2d(x, [1, 1]), 1))\n");
  return {"DenseBlock", m, {{1, 3, 32, 32}}, {"float32"}};
}

namespace {

// One residual block of torchvision's ResNet: its modules registered on `block` in the order
// torchvision creates them (which fixes the seeded weights), and the source of forward's body up
// to `out`, before the residual add.
struct ResidualBlockKind {
  std::string class_name;
  int64_t expansion; // output channels per unit of stage width
  std::function<std::string(Builder&, Module&, int64_t in, int64_t width, int64_t stride)> build;
};

ResidualBlockKind basicBlock() {
  return {
      "BasicBlock", 1, [](Builder& b, Module& block, int64_t in, int64_t width, int64_t stride) {
        block.register_module("conv1", b.conv2d(in, width, 3, 1, stride, false));
        block.register_module("bn1", b.batchNorm2d(width));
        block.register_module("relu", b.relu());
        block.register_module("conv2", b.conv2d(width, width, 3, 1, 1, false));
        block.register_module("bn2", b.batchNorm2d(width));
        return std::string("    out = self.relu.forward(self.bn1.forward(self.conv1.forward(x)))\n"
                           "    out = self.bn2.forward(self.conv2.forward(out))\n");
      }};
}

ResidualBlockKind bottleneck() {
  return {"Bottleneck", 4,
          [](Builder& b, Module& block, int64_t in, int64_t width, int64_t stride) {
            block.register_module("conv1", b.conv2d(in, width, 1, 0, 1, false));
            block.register_module("bn1", b.batchNorm2d(width));
            block.register_module("conv2", b.conv2d(width, width, 3, 1, stride, false));
            block.register_module("bn2", b.batchNorm2d(width));
            block.register_module("conv3", b.conv2d(width, width * 4, 1, 0, 1, false));
            block.register_module("bn3", b.batchNorm2d(width * 4));
            block.register_module("relu", b.relu());
            return std::string(
                "    out = self.relu.forward(self.bn1.forward(self.conv1.forward(x)))\n"
                "    out = self.relu.forward(self.bn2.forward(self.conv2.forward(out)))\n"
                "    out = self.bn3.forward(self.conv3.forward(out))\n");
          }};
}

// torchvision's ResNet: the 7x7 stem and max pool, four stages (widths 64 to 512, each but the
// first starting with stride 2) of `blocks` residual blocks, a 1x1 adaptive pool and fc to 1000.
// A block whose shape changes adds its input through a downsample (1x1 conv and batch norm).
ZooModel resnet(const std::string& name, const std::array<int64_t, 4>& blocks,
                const ResidualBlockKind& kind) {
  Builder b;
  Module m = b.module("ResNet");
  m.register_module("conv1", b.conv2d(3, 64, 7, 3, 2, false));
  m.register_module("bn1", b.batchNorm2d(64));
  m.register_module("relu", b.relu());
  m.register_module("maxpool",
                    b.stateless("MaxPool2d", "torch.max_pool2d(x, [3, 3], [2, 2], [1, 1])"));
  int64_t in = 64;
  std::string body;
  for (int stage = 0; stage < 4; ++stage) {
    const int64_t width = 64 << stage;
    const int64_t out = width * kind.expansion;
    Module layer = b.module("Sequential");
    std::string layer_source = "def forward(self, x):\n";
    for (int64_t i = 0; i < blocks[stage]; ++i) {
      const int64_t stride = (i == 0 && stage > 0) ? 2 : 1;
      Module block = b.module(kind.class_name);
      const std::string residual = kind.build(b, block, in, width, stride);
      std::string identity = "x";
      if (stride != 1 || in != out) {
        block.register_module("downsample", b.sequential({b.conv2d(in, out, 1, 0, stride, false),
                                                          b.batchNorm2d(out)}));
        identity = "self.downsample.forward(x)";
      }
      block.define("def forward(self, x):\n" + residual + "    return self.relu.forward(out + " +
                   identity + ")\n");
      layer.register_module("_" + std::to_string(i), block);
      layer_source += "    x = self._" + std::to_string(i) + ".forward(x)\n";
      in = out;
    }
    layer.define(layer_source + "    return x\n");
    m.register_module("layer" + std::to_string(stage + 1), layer);
    body += "    x = self.layer" + std::to_string(stage + 1) + ".forward(x)\n";
  }
  m.register_module("fc", b.linear(in, 1000));
  m.define(
      "def forward(self, x):\n"
      "    x = self.maxpool.forward(self.relu.forward(self.bn1.forward(self.conv1.forward(x))))\n" +
      body +
      "    x = torch.flatten(torch.adaptive_avg_pool2d(x, [1, 1]), 1)\n"
      "    return self.fc.forward(x)\n");
  return {name, m, {{1, 3, 224, 224}}, {"float32"}};
}

} // namespace

ZooModel resnet50() {
  return resnet("ResNet50", {3, 4, 6, 3}, bottleneck());
}

ZooModel resnet18() {
  return resnet("ResNet18", {2, 2, 2, 2}, basicBlock());
}

namespace {

// torchvision's Conv2dNormActivation (ops/misc.py): an nn.Sequential subclass that keeps
// Sequential's forward, holding a conv without bias, a batch norm and, unless `activation` is
// empty, "RE" (ReLU) or "HS" (Hardswish).
Module convNormActivation(Builder& b, int64_t in, int64_t out, int64_t kernel, int64_t stride,
                          int64_t groups, const std::string& activation) {
  std::vector<Module> layers{b.conv2d(in, out, kernel, (kernel - 1) / 2, stride, false, groups),
                             b.batchNorm2d(out)};
  if (activation == "RE")
    layers.push_back(b.relu());
  else if (activation == "HS")
    layers.push_back(b.stateless("Hardswish", "torch.hardswish(x)"));
  return b.sequentialAs(b.pythonModule("torchvision.ops.misc.Conv2dNormActivation"), layers);
}

// torchvision's SqueezeExcitation with MobileNetV3's Hardsigmoid, its children registered in
// torchvision's order. forward calls the module's own _scale method, which TorchScript records
// as a call of "SELF".
Module squeezeExcitation(Builder& b, int64_t channels, int64_t squeeze) {
  Module m = b.pythonModule("torchvision.ops.misc.SqueezeExcitation");
  m.register_module("avgpool",
                    b.stateless("AdaptiveAvgPool2d", "torch.adaptive_avg_pool2d(x, [1, 1])"));
  m.register_module("fc1", b.conv2d(channels, squeeze, 1, 0));
  m.register_module("fc2", b.conv2d(squeeze, channels, 1, 0));
  m.register_module("activation", b.relu());
  m.register_module("scale_activation", b.stateless("Hardsigmoid", "torch.hardsigmoid(x)"));
  m.define("def _scale(self, x):\n"
           "    scale = self.avgpool.forward(x)\n"
           "    scale = self.activation.forward(self.fc1.forward(scale))\n"
           "    return self.scale_activation.forward(self.fc2.forward(scale))\n"
           "def forward(self, x):\n"
           "    return self._scale(x) * x\n");
  return m;
}

// torchvision's InvertedResidual (models/mobilenetv3.py): forward runs `block`, an
// nn.Sequential, and adds the input back only when the stride is 1 and the channels stay, so
// the others run no op of their own. `squeeze` 0 means no squeeze-and-excitation.
Module invertedResidual(Builder& b, int64_t in, int64_t kernel, int64_t expanded, int64_t out,
                        int64_t squeeze, const std::string& activation, int64_t stride) {
  std::vector<Module> layers;
  if (expanded != in)
    layers.push_back(convNormActivation(b, in, expanded, 1, 1, 1, activation));
  layers.push_back(convNormActivation(b, expanded, expanded, kernel, stride, expanded, activation));
  if (squeeze > 0)
    layers.push_back(squeezeExcitation(b, expanded, squeeze));
  layers.push_back(convNormActivation(b, expanded, out, 1, 1, 1, ""));
  Module m = b.pythonModule("torchvision.models.mobilenetv3.InvertedResidual");
  m.register_module(
      "block", b.sequentialAs(b.pythonModule("torch.nn.modules.container.Sequential"), layers));
  const bool residual = stride == 1 && in == out;
  m.define(std::string("def forward(self, x):\n    result = self.block.forward(x)\n") +
           (residual ? "    result += x\n" : "") + "    return result\n");
  return m;
}

} // namespace

ZooModel mobileNetV3Slice() {
  Builder b;
  auto sequential = [&](const std::vector<Module>& children) {
    return b.sequentialAs(b.pythonModule("torch.nn.modules.container.Sequential"), children);
  };
  Module m = b.pythonModule("torchvision.models.mobilenetv3.MobileNetV3");
  // mobilenet_v3_small's stem, its first three bottleneck settings with the third repeated (as
  // its features.4 and 5 repeat), and a last conv to 6x the channels.
  m.register_module("features", sequential({convNormActivation(b, 3, 16, 3, 2, 1, "HS"),
                                            invertedResidual(b, 16, 3, 16, 16, 8, "RE", 2),
                                            invertedResidual(b, 16, 3, 72, 24, 0, "RE", 2),
                                            invertedResidual(b, 24, 3, 88, 24, 0, "RE", 1),
                                            invertedResidual(b, 24, 3, 88, 24, 0, "RE", 1),
                                            convNormActivation(b, 24, 144, 1, 1, 1, "HS")}));
  m.register_module("avgpool",
                    b.stateless("AdaptiveAvgPool2d", "torch.adaptive_avg_pool2d(x, [1, 1])"));
  m.register_module("classifier",
                    sequential({b.linear(144, 64), b.stateless("Hardswish", "torch.hardswish(x)"),
                                b.linear(64, 10)}));
  m.define("def forward(self, x):\n"
           "    x = self.avgpool.forward(self.features.forward(x))\n"
           "    return self.classifier.forward(torch.flatten(x, 1))\n");
  return {"MobileNetV3Small", m, {{1, 3, 32, 32}}, {"float32"}};
}

ZooModel transformerEncoder(int layers, int64_t width, int64_t ffn, int64_t heads) {
  Builder b;
  const std::string head_dim = std::to_string(width / heads);
  const std::string h = std::to_string(heads);
  const std::string w = std::to_string(width);
  Module encoder = b.module("TransformerEncoder");
  std::string source = "def forward(self, src):\n    x = src\n";
  for (int i = 0; i < layers; ++i) {
    Module attention = b.module("MultiheadAttention");
    attention.register_module("in_proj", b.linear(width, 3 * width));
    attention.register_module("out_proj", b.linear(width, width));
    // One projection split three ways: a multi-output op read through getitems.
    attention.define("def forward(self, x):\n"
                     "    b = x.size(0)\n"
                     "    t = x.size(1)\n"
                     "    q, k, v = self.in_proj.forward(x).chunk(3, -1)\n"
                     "    q = q.view(b, t, " +
                     h + ", " + head_dim +
                     ").transpose(1, 2)\n"
                     "    k = k.view(b, t, " +
                     h + ", " + head_dim +
                     ").transpose(1, 2)\n"
                     "    v = v.view(b, t, " +
                     h + ", " + head_dim +
                     ").transpose(1, 2)\n"
                     "    scores = torch.matmul(q, k.transpose(-2, -1)) / " +
                     std::to_string(std::sqrt(double(width / heads))) +
                     "\n"
                     "    out = torch.matmul(torch.softmax(scores, -1), v)\n"
                     "    out = out.transpose(1, 2).contiguous().view(b, t, " +
                     w +
                     ")\n"
                     "    return self.out_proj.forward(out)\n");
    Module layer = b.module("TransformerEncoderLayer");
    layer.register_module("self_attn", attention);
    layer.register_module("linear1", b.linear(width, ffn));
    layer.register_module("linear2", b.linear(ffn, width));
    layer.register_module("norm1", b.layerNorm(width));
    layer.register_module("norm2", b.layerNorm(width));
    layer.define("def forward(self, x):\n"
                 "    x = self.norm1.forward(x + self.self_attn.forward(x))\n"
                 "    ff = self.linear2.forward(torch.relu(self.linear1.forward(x)))\n"
                 "    return self.norm2.forward(x + ff)\n");
    encoder.register_module("layer" + std::to_string(i), layer);
    source += "    x = self.layer" + std::to_string(i) + ".forward(x)\n";
  }
  encoder.define(source + "    return x\n");
  return {"Encoder" + std::to_string(layers), encoder, {{1, 128, width}}, {"float32"}};
}

ZooModel transformerDecoder(int layers) {
  Builder b;
  // nn.TransformerDecoder's layout: a `layers` list of post-norm decoder layers, each attending
  // to itself and then to `memory`, which every layer reads (through its k_proj and v_proj).
  Module list = b.module("ModuleList");
  std::string list_source = "def forward(self, x, memory):\n";
  for (int i = 0; i < layers; ++i) {
    Module layer = b.module("TransformerDecoderLayer");
    layer.register_module("self_attn", b.attention("MultiheadAttention", false));
    layer.register_module("multihead_attn", b.attention("MultiheadAttention", true));
    layer.register_module("linear1", b.linear(64, 128));
    layer.register_module("linear2", b.linear(128, 64));
    for (const char* norm : {"norm1", "norm2", "norm3"})
      layer.register_module(norm, b.layerNorm(64));
    layer.define("def forward(self, x, memory):\n"
                 "    x = self.norm1.forward(x + self.self_attn.forward(x))\n"
                 "    x = self.norm2.forward(x + self.multihead_attn.forward(x, memory))\n"
                 "    ff = self.linear2.forward(torch.relu(self.linear1.forward(x)))\n"
                 "    return self.norm3.forward(x + ff)\n");
    const std::string name = "_" + std::to_string(i);
    list.register_module(name, layer);
    list_source += "    x = self." + name + ".forward(x, memory)\n";
  }
  list.define(list_source + "    return x\n");
  Module decoder = b.module("TransformerDecoder");
  decoder.register_module("layers", list);
  decoder.define("def forward(self, tgt, memory):\n    return self.layers.forward(tgt, memory)\n");
  return {"decoder" + std::to_string(layers),
          decoder,
          {{1, 16, 64}, {1, 32, 64}},
          {"float32", "float32"}};
}

ZooModel fastPathEncoder(bool padding_mask) {
  Builder b;
  const int64_t width = 16, heads = 4, ffn = 32;
  // LayerNorm weights away from 1 and 0, so that using norm2's for norm1 would show.
  auto norm = [&]() {
    Module m = b.module("LayerNorm");
    m.register_parameter("weight", b.random({width}) + 1.0, false);
    m.register_parameter("bias", b.random({width}), false);
    return m;
  };
  const std::string mask_argument = padding_mask ? ", mask" : "";
  Module encoder = b.module("TransformerEncoder");
  std::string source = "def forward(self, src" + mask_argument + "):\n    x = src\n";
  // layer0 as nn.TransformerEncoderLayer's defaults (post-norm, relu), layer1 pre-norm with
  // gelu and another eps.
  for (const bool pre_norm : {false, true}) {
    Module attention = b.module("MultiheadAttention");
    attention.register_parameter("in_proj_weight", b.random({3 * width, width}), false);
    attention.register_parameter("in_proj_bias", b.random({3 * width}), false);
    attention.register_module("out_proj", b.linear(width, width));
    Module layer = b.module("TransformerEncoderLayer");
    layer.register_module("self_attn", attention);
    layer.register_module("linear1", b.linear(width, ffn));
    layer.register_module("linear2", b.linear(ffn, width));
    layer.register_module("norm1", norm());
    layer.register_module("norm2", norm());
    const std::string flag = pre_norm ? "True" : "False";
    layer.define(
        "def forward(self, src" + mask_argument +
        "):\n"
        "    return torch._transformer_encoder_layer_fwd(src, " +
        std::to_string(width) + ", " + std::to_string(heads) +
        ", self.self_attn.in_proj_weight, self.self_attn.in_proj_bias, "
        "self.self_attn.out_proj.weight, self.self_attn.out_proj.bias, " +
        flag + ", " + flag + ", " + (pre_norm ? "1e-06" : "1e-05") +
        ", self.norm1.weight, self.norm1.bias, self.norm2.weight, self.norm2.bias, "
        "self.linear1.weight, self.linear1.bias, self.linear2.weight, self.linear2.bias, " +
        (padding_mask ? "mask, 1" : "None, None") + ")\n");
    const std::string name = pre_norm ? "layer1" : "layer0";
    encoder.register_module(name, layer);
    source += "    x = self." + name + ".forward(x" + mask_argument + ")\n";
  }
  encoder.define(source + "    return x\n");
  ZooModel model{"FastPathEncoder", encoder, {{2, 5, width}}, {"float32"}};
  if (padding_mask) {
    model.input_shapes.push_back({2, 5});
    model.input_dtypes.push_back("int64");
  }
  return model;
}

std::vector<ZooModel> allModels() {
  return {selfAttention(),  crossAttention(), transformerBlock(),
          siameseEncoder(), multiTaskHead(),  recurrentUnroll(),
          weightTying(),    deepResNet(),     denseBlock()};
}

std::filesystem::path saveModel(const ZooModel& model, const std::filesystem::path& directory) {
  const std::filesystem::path path = directory / (model.name + ".pt");
  model.module.save(path.string());
  return path;
}

} // namespace irscope::testing::zoo
