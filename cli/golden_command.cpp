// irscope-cli golden sweep | verify | model: the PyTorch reference outputs (the conv2d/matmul
// sweep of generate_torch_reference_outputs.py) and a model's golden inputs and outputs (step 1.1
// of the bring-up guide), written, checked across machines, and made for one model.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "io/golden_sweep_folder.h"
#include "io/golden_verification.h"
#include "io/model_golden_folder.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace irscope::cli {
namespace {

struct SweepArguments {
  std::string output_dir;
  std::vector<int64_t> channels;
  std::vector<std::string> dtypes;
  uint64_t seed = 42;
  int threads = 1;
};

int runSweep(const SweepArguments& args) {
  io::SweepConfig config;
  config.settings.seed = args.seed;
  if (!args.channels.empty())
    config.input_channels = args.channels;
  if (!args.dtypes.empty())
    config.dtypes = args.dtypes;
  try {
    io::writeSweepFolder(
        args.output_dir, config, args.threads, [](const io::SweepProgress& progress) {
          std::fprintf(stderr, "[%zu/%zu] %s ic=%lld in %.2f s\n", progress.done, progress.total,
                       progress.dtype.c_str(), static_cast<long long>(progress.input_channels),
                       progress.seconds);
        });
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  std::cerr << "Wrote " << args.output_dir << " ("
            << config.dtypes.size() * config.input_channels.size() << " cases)\n";
  return kExitOk;
}

struct VerifyGoldenArguments {
  std::string directory;
  bool regenerate = false;
  int threads = 1;
};

int runGoldenVerify(const VerifyGoldenArguments& args) {
  io::GoldenVerification totals;
  try {
    totals = io::verifyGoldenFolder(
        args.directory, {args.regenerate, args.threads}, [](const io::GoldenCheck& check) {
          const std::string what =
              check.dtype.empty() ? check.label
                                  : check.dtype + " ic=" + std::to_string(check.input_channels) +
                                        " (" + check.label + ")";
          std::cout << (check.passed() ? "✓ " : "✗ ") << what << "\n";
          for (const std::string& problem : check.problems)
            std::cout << "    " << problem << "\n";
          std::cout.flush();
        });
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  const double gigabytes = static_cast<double>(totals.bytes_hashed) / 1e9;
  char rate[96];
  std::snprintf(rate, sizeof rate, "%.2f GB hashed in %.2f s (%.2f GB/s)", gigabytes,
                totals.seconds, totals.seconds > 0 ? gigabytes / totals.seconds : 0.0);
  const char* unit = totals.sweep ? "cases" : "files";
  if (totals.failed == 0)
    std::cout << "All " << totals.checks << " " << unit << " verified"
              << (args.regenerate && totals.sweep ? ", inputs regenerated on this machine" : "")
              << "; " << rate << "\n";
  else
    std::cout << totals.failed << " of " << totals.checks << " " << unit << " failed; " << rate
              << "\n";
  return totals.failed == 0 ? kExitOk : kExitInvalid;
}

struct ModelGoldenArguments {
  std::string model;
  std::string weights;
  ModelInputOptions inputs;
  std::string output_dir;
  std::string dtype;
  bool nodes = false;
  int threads = 1;
};

int runModelGolden(const ModelGoldenArguments& args) {
  try {
    io::ModelGoldenRequest request;
    request.model = args.model;
    request.weights = args.weights;
    request.inputs = args.inputs.choice();
    request.dtype = args.dtype;
    request.nodes = args.nodes;
    request.threads = args.threads;
    request.output_dir = args.output_dir;
    const io::ModelGoldenSummary written = io::writeModelGolden(request);
    std::cerr << "Wrote " << args.output_dir << ": " << written.inputs << " input"
              << (written.inputs == 1 ? "" : "s") << ", " << written.outputs << " output"
              << (written.outputs == 1 ? "" : "s")
              << (args.nodes ? ", " + std::to_string(written.nodes) + " node outputs"
                             : std::string())
              << ", golden_data.pt, metadata.json\n";
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  return kExitOk;
}

} // namespace

Action addGoldenCommand(CLI::App& app) {
  CLI::App* golden = app.add_subcommand(
      "golden", "Reference data: the conv2d/matmul sweep, a model's golden inputs and outputs, "
                "and hash checks");
  golden->require_subcommand(1);

  auto sweep_args = std::make_shared<SweepArguments>();
  CLI::App* sweep =
      golden->add_subcommand("sweep", "Write the conv2d/matmul reference sweep (the layout of "
                                      "generate_torch_reference_outputs.py) to a folder");
  sweep->add_option("-o,--output", sweep_args->output_dir, "Folder to write")->required();
  sweep->add_option("--channels", sweep_args->channels, "Input-channel counts, e.g. 8,16,32")
      ->delimiter(',')
      ->check(CLI::Range(int64_t{1}, int64_t{65536}));
  sweep->add_option("--dtypes", sweep_args->dtypes, "Dtypes, e.g. bfloat16,float32")
      ->delimiter(',')
      ->check(CLI::IsMember({"bfloat16", "float32", "float16"}));
  sweep->add_option("--seed", sweep_args->seed, "Seed of the generator")->capture_default_str();
  addThreadsOption(*sweep, sweep_args->threads);

  auto verify_args = std::make_shared<VerifyGoldenArguments>();
  CLI::App* verify = golden->add_subcommand(
      "verify", "Recompute every hash of a golden folder; --regenerate also redraws the inputs");
  verify->add_option("DIR", verify_args->directory, "A sweep or model golden folder")->required();
  verify->add_flag("--regenerate", verify_args->regenerate,
                   "Draw the sweep's inputs again from config.json and compare their hashes");
  addThreadsOption(*verify, verify_args->threads);

  auto model_args = std::make_shared<ModelGoldenArguments>();
  CLI::App* model = golden->add_subcommand(
      "model", "Write a model's golden inputs and outputs (.npy, golden_data.pt, metadata.json)");
  model->add_option("MODEL", model_args->model, kModelArgumentHelp)->required();
  addWeightsOption(*model, model_args->weights);
  addModelInputOptions(*model, model_args->inputs);
  model->add_option("-o,--output", model_args->output_dir, "Folder to write")->required();
  addDtypeOption(*model, model_args->dtype);
  model->add_flag("--nodes", model_args->nodes, "Also write every intermediate tensor");
  addThreadsOption(*model, model_args->threads);

  return [=]() -> int {
    if (sweep->parsed())
      return runSweep(*sweep_args);
    if (verify->parsed())
      return runGoldenVerify(*verify_args);
    return runModelGolden(*model_args);
  };
}

} // namespace irscope::cli
