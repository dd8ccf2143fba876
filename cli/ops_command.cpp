// irscope-cli ops: model_tracer's operations master file, made from models and read back the way
// tt-metal's model_tracer/analyze_operations.py reads it (io/ops_master.h).
//
//   irscope-cli ops MODEL.json... [-o ops_master.json [--merge]]
//   irscope-cli ops --master F (--query OP | --list | --stats | --sweep OP [-o vectors.json])
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "io/ops_master.h"

#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct OpsArguments {
  std::vector<std::string> models;
  std::string output;
  bool merge = false;
  std::string master;
  std::string query;
  bool list = false;
  bool stats = false;
  std::string sweep;
  ModelInputOptions inputs;
};

int runBuild(const OpsArguments& args) {
  try {
    std::vector<io::OpsModel> models;
    io::ModelSourceOptions options = modelSourceOptions(args.inputs);
    options.check_structure = false; // the master records what the file holds
    for (const std::string& model : args.models)
      models.emplace_back(model, io::loadModel(model, options).model.graph);
    io::OpsJson existing;
    const bool merging = args.merge && !args.output.empty() && std::filesystem::exists(args.output);
    if (merging)
      existing = io::readOpsMaster(args.output);
    io::OpsMasterChanges changes;
    const io::OpsJson master =
        io::buildOpsMaster(models, merging ? &existing : nullptr, {}, &changes);
    if (merging && !changes.changed) {
      std::cerr << args.output << " already holds every configuration of "
                << (models.size() == 1 ? "this model" : "these models") << "; left unchanged\n";
      return kExitOk;
    }
    writeOutput(args.output, io::opsMasterText(master));
    if (!args.output.empty())
      std::cerr << "Wrote " << args.output << ": " << master["metadata"]["unique_operations"]
                << " operations, " << master["metadata"]["total_configurations"]
                << " configurations (" << changes.new_configurations << " new, "
                << changes.new_executions << " new executions)\n";
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  return kExitOk;
}

int runSweep(const OpsArguments& args, const io::OpsJson& master) {
  const std::vector<std::string> matches = io::findOperations(master, args.sweep);
  if (matches.size() != 1) {
    std::string problem = args.master + ": ";
    if (matches.empty()) {
      problem += "no operation matches '" + args.sweep + "'";
    } else {
      problem += "'" + args.sweep + "' matches " + std::to_string(matches.size()) +
                 " operations (" + matches[0] + ", " + matches[1] +
                 (matches.size() > 2 ? ", ..." : "") + "); give one";
    }
    reportError(problem);
    return kExitUnreadable;
  }
  const io::OpsJson vectors = io::sweepVectors(master, matches[0]);
  try {
    writeOutput(args.output, vectors.dump(2) + "\n");
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  if (!args.output.empty())
    std::cerr << "Wrote " << args.output << ": " << vectors["vectors"].size() << " vectors of "
              << matches[0] << "\n";
  return kExitOk;
}

int runQuery(const OpsArguments& args) {
  const bool sweeping = !args.sweep.empty();
  // analyze_operations.py says what it loads before loading it; the sweep's stdout is JSON.
  if (!sweeping)
    std::cout << "📂 Loading master file: " << args.master << std::endl;
  io::OpsJson master;
  try {
    master = io::readOpsMaster(args.master);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  if (sweeping)
    return runSweep(args, master);
  std::cout << "✅ Loaded " << master["operations"].size() << " operations\n";
  if (args.stats) {
    std::cout << io::renderStatistics(master);
    return kExitOk;
  }
  if (args.list) {
    std::cout << io::renderOperationList(master);
    return kExitOk;
  }
  const std::vector<std::string> matches = io::findOperations(master, args.query);
  if (matches.empty()) {
    std::cout << io::renderNoMatch(master, args.query) << std::flush;
    reportError(args.master + ": no operation matches '" + args.query + "'");
    return kExitUnreadable;
  }
  for (size_t i = 0; i < matches.size(); ++i) {
    std::cout << io::renderOperation(master, matches[i]);
    if (i + 1 < matches.size())
      std::cout << "\n" << std::string(80, '=') << "\n";
  }
  return kExitOk;
}

} // namespace

Action addOpsCommand(CLI::App& app) {
  auto args = std::make_shared<OpsArguments>();
  CLI::App* command = app.add_subcommand(
      "ops", "Collect the op configurations of models into tt-metal's operations master JSON "
             "(model_tracer's), or query such a file as model_tracer/analyze_operations.py does");
  auto* models = command->add_option("MODEL", args->models, kModelsArgumentHelp);
  addModelInputOptions(*command, args->inputs, true);
  command->add_option("-o,--output", args->output,
                      "Write the master (or, with --sweep, the vectors) here, atomically; default "
                      "stdout");
  auto* merge = command->add_flag("--merge", args->merge,
                                  "Merge into the -o file if it exists instead of replacing it");
  auto* master = command->add_option("--master", args->master, "A master file to read")
                     ->excludes(models)
                     ->excludes(merge);
  auto* query =
      command->add_option("--query", args->query,
                          "Print the configurations of an op: its name, 'aten.OP.default' for "
                          "OP, or any name containing it");
  auto* list = command->add_flag("--list", args->list, "List the operations by category");
  auto* stats = command->add_flag("--stats", args->stats, "Print the master's statistics");
  auto* sweep = command->add_option(
      "--sweep", args->sweep, "Write one test vector per configuration of an op, by config_hash");
  for (CLI::Option* option : {query, list, stats, sweep})
    option->needs(master);
  command->callback([args, query, list, stats, sweep] {
    if (args->master.empty()) {
      if (args->models.empty())
        throw CLI::ValidationError("give MODEL files, or --master with --query, --list, "
                                   "--stats or --sweep");
      if (args->merge && args->output.empty())
        throw CLI::ValidationError("--merge needs -o: the master file to merge into");
      return;
    }
    const size_t modes = query->count() + list->count() + stats->count() + sweep->count();
    if (modes != 1)
      throw CLI::ValidationError("--master needs exactly one of --query, --list, --stats, "
                                 "--sweep");
    if (!args->output.empty() && sweep->count() == 0)
      throw CLI::ValidationError("-o goes with MODEL files or --sweep");
  });
  return [args]() { return args->master.empty() ? runBuild(*args) : runQuery(*args); };
}

} // namespace irscope::cli
