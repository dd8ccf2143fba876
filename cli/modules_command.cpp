// irscope-cli modules: tt-model-analysis's unique modules of a model, written as
// unique_modules.json in the reference's schema. TorchScript and .pt2 give module paths; IR JSON
// must carry them (irscope's extraction writes module_path per node).
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_with_modules.h"
#include "cli/output.h"
#include "io/atomic_file.h"
#include "io/unique_modules_file.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct ModulesArguments {
  std::string model;
  ModelInputOptions inputs;
  std::string output_dir;
};

int runModules(const ModulesArguments& args) {
  try {
    const ModelWithModules loaded = loadModelWithModules(args.model, "", args.inputs, false);
    const ir::UniqueModules& modules = loaded.modules;
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
      "modules", "Find a model's unique modules (as tt-model-analysis does) and write "
                 "unique_modules.json");
  command
      ->add_option("MODEL", args->model,
                   std::string(kModelArgumentHelp) + "; IR JSON must carry module paths")
      ->required();
  addModelInputOptions(*command, args->inputs);
  command->add_option("-o,--output", args->output_dir, "Folder for unique_modules.json")
      ->required();
  return [args] { return runModules(*args); };
}

} // namespace irscope::cli
