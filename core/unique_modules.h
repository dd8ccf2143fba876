#pragma once
// Seed 001's first step, from an IR with module paths (an extracted TorchScript model): every
// module instance with its shapes and parameters, grouped into unique modules by the reference's
// key (reference_formats.md §2.1): class, sorted input shapes, sorted output shapes and the
// parameters as sorted JSON. Containers (Sequential, ModuleList, ModuleDict) are never merged.
#include "core/graph.h"
#include "core/json.h"
#include "core/module_tree.h"
#include "core/topology.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace irscope::ir {

struct ModuleInstance {
  std::string path;   // "layer1.0.conv1"; the root is "full_model"
  std::string parent; // "" for the root, "full_model" for its children
  std::string class_name;
  bool container = false;
  std::vector<std::string> input_shapes; // "1x3x224x224"
  std::vector<std::string> output_shapes;
  std::vector<std::string> input_dtypes; // "float32"
  std::vector<std::string> output_dtypes;
  Json parameters = Json::object(); // of the 23 attributes, those that can be known
  // For a module of unknown class (module paths inferred from weight names, or a holder the
  // extractor saw run no op), the op types of its last call: two such modules that run different
  // ops are not copies, whatever their shapes. Empty when the class is known.
  std::string unknown_class_ops;
  std::vector<int> groups; // ModuleTree groups of its calls ("relu", "relu@2")
  int last_call = -1;      // the one of `groups` whose shapes it keeps; -1 for the root
};

struct UniqueModule {
  std::string id;                       // "mod_004_conv1"
  size_t instance = 0;                  // the first instance, in named_modules() order
  std::vector<std::string> occurrences; // every instance's path, the first first
};

struct UniqueModules {
  std::string model_class;
  std::vector<ModuleInstance> instances; // named_modules() order: pre-order, root first
  std::vector<UniqueModule> modules;     // in order of first instance
};

// Throws std::invalid_argument when no node has a module path.
UniqueModules findUniqueModules(const Graph& graph, const Topology& topology,
                                const ModuleTree& modules);

// Sequential, ModuleList and ModuleDict: modules that only hold others and are never merged.
bool isContainerClass(std::string_view class_name);

// The nodes of an instance's last call (its `last_call` group and the groups nested in it), or
// of the whole graph for the root, in topological order. getitem nodes are included: a sub-IR
// cut without them would feed a multi-output op's consumers from outside.
std::vector<int32_t> callNodes(const Graph& graph, const Topology& topology,
                               const ModuleTree& modules, const ModuleInstance& instance);

// The reference's key of an instance, and its id for the i-th unique module.
std::string uniquenessKey(const ModuleInstance& instance);
std::string moduleId(size_t index, const std::string& path);

// Positions of the dots that separate a module path's segments: dots inside [..] belong to an
// index ("blocks[0.5]"), as ttchop's get_parent_path reads them.
std::vector<size_t> pathSegmentDots(const std::string& path);

// "full_model.layer1" style parent of a dotted path, as the reference computes it.
std::string parentPath(const std::string& path);

} // namespace irscope::ir
