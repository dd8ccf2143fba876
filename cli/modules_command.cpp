// irscope-cli modules: seed 001's unique modules of a model, written as unique_modules.json in
// the reference's schema. A TorchScript file is extracted first (that is what gives module
// paths); IR JSON must carry them (irscope's extraction writes module_path per node).
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "core/input_spec.h"
#include "core/module_tree.h"
#include "core/torch/torchscript_extraction.h"
#include "core/unique_modules.h"
#include "io/atomic_file.h"
#include "io/input_file.h"
#include "io/model_file.h"
#include "io/unique_modules_file.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct ModulesArguments {
  std::string model;
  std::vector<std::string> input_shapes;
  std::string output_dir;
};

int runModules(const ModulesArguments& args) {
  try {
    io::OpenedModel model;
    if (io::isZipArchive(args.model)) {
      torchscript::ExtractionOptions options;
      for (const std::string& text : args.input_shapes)
        options.input_specs.push_back(ir::parseInputSpec(text));
      model =
          io::checkModel(torchscript::extractTorchScript(args.model, options).graph, args.model);
    } else {
      model = io::openModel(args.model);
    }
    const ir::ModuleTree tree = ir::buildModuleTree(model.graph, model.topology);
    ir::UniqueModules modules;
    try {
      modules = ir::findUniqueModules(model.graph, model.topology, tree);
    } catch (const std::invalid_argument& error) {
      throw std::runtime_error(args.model + ": " + error.what());
    }
    std::error_code error;
    std::filesystem::create_directories(args.output_dir, error);
    if (error)
      throw std::runtime_error(args.output_dir + ": cannot create the folder: " + error.message());
    const std::filesystem::path file =
        std::filesystem::path(args.output_dir) / "unique_modules.json";
    io::writeFileAtomically(
        file, io::uniqueModulesJson(modules, args.model, io::isoTimestampNow()).dump(2) + "\n");
    std::cerr << "Wrote " << file.string() << ": " << modules.instances.size() << " modules, "
              << modules.modules.size() << " unique\n";
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  return kExitOk;
}

} // namespace

Action addModulesCommand(CLI::App& app) {
  auto args = std::make_shared<ModulesArguments>();
  CLI::App* command = app.add_subcommand(
      "modules", "Find a model's unique modules (seed 001) and write unique_modules.json");
  command->add_option("MODEL", args->model, "TorchScript file, or IR JSON with module paths")
      ->required();
  command
      ->add_option("--input-shape", args->input_shapes,
                   "A TorchScript model's input shapes, e.g. 1x3x224x224")
      ->take_all();
  command->add_option("-o,--output", args->output_dir, "Folder for unique_modules.json")
      ->required();
  return [args] { return runModules(*args); };
}

} // namespace irscope::cli
