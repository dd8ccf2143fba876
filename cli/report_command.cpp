// irscope-cli report: torch_ir's test-suite Markdown reports (reference_formats.md §1.5) for
// models that irscope verifies itself, as `verify` does: DIR/NAME.md per model, then
// DIR/SUMMARY.md. A TorchScript model is extracted, its IR run and compared with the model's
// own outputs; an IR JSON model (or a .pt2, with its own weights and example inputs) is run
// with its weights and compared with the reference outputs beside it (NAME.out0.npy...,
// computed from NAME.in0.npy...), or else with NAME.ts.pt beside it, or else, honestly, with
// nothing.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/model_input_options.h"
#include "cli/output.h"
#include "cli/run_report.h"
#include "cli/shared_options.h"
#include "core/input_spec.h"
#include "core/torch/extraction_error.h"
#include "core/torch/ir_execution.h"
#include "core/torch/torchscript_extraction.h"
#include "core/verdict.h"
#include "core/verification.h"
#include "io/atomic_file.h"
#include "io/files_beside_model.h"
#include "io/load_error.h"
#include "io/model_report.h"
#include "io/model_source.h"
#include "io/npy.h"
#include "io/unique_modules_file.h"
#include "io/weights_file.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

namespace irscope::cli {
namespace {

namespace fs = std::filesystem;

struct ReportArguments {
  std::vector<std::string> models;
  std::string output_dir;
  std::string weights;
  ModelInputOptions inputs;
  std::vector<std::string> categories;
  int threads = 1;
  ir::Tolerance tolerance;
  double pcc = 0;
  CLI::Option* pcc_option = nullptr; // unless given, the threshold follows the dtype

  ir::VerdictRule rule() const {
    ir::VerdictRule rule{tolerance, std::nullopt};
    if (pcc_option->count())
      rule.pcc = pcc;
    return rule;
  }
};

// The report's view of the verdict.
io::ReportVerification reportVerification(const ir::VerificationReport& report,
                                          const ir::Verdict& verdict, const ir::VerdictRule& rule) {
  io::ReportVerification shown;
  shown.passed = verdict.status != ir::VerdictStatus::Failed;
  shown.max_diff = report.max_diff;
  shown.mean_diff = report.mean_diff;
  shown.outputs_compared = report.num_outputs;
  shown.allclose = report.is_valid;
  shown.verdict = ir::verdictName(verdict.status);
  shown.verdict_reason = verdict.reason;
  shown.notes = verdict.notes;
  shown.rule = ir::ruleText(rule);
  for (size_t i = 0; i < report.output_details.size() && i < verdict.outputs.size(); ++i) {
    const ir::OutputDetail& detail = report.output_details[i];
    const ir::TensorJudgement& judgement = verdict.outputs[i];
    shown.outputs.push_back({detail.index, detail.comparison.dtype, detail.is_close,
                             detail.max_diff, judgement.pcc_checked, detail.comparison.pcc,
                             judgement.pcc_threshold, judgement.passed});
  }
  return shown;
}

// Report names are file names in DIR; two models with one stem get NAME_2, NAME_3, ...
std::string uniqueName(const std::string& stem, std::set<std::string>& used) {
  if (used.insert(stem).second)
    return stem;
  for (size_t n = 2;; ++n) {
    std::string name = stem + "_" + std::to_string(n);
    if (used.insert(name).second)
      return name;
  }
}

// Everything a model is run and compared with, read before anything runs.
struct PreparedModel {
  ir::Graph graph;
  bool graph_read = false; // the model itself was read, whatever failed after it
  io::NamedTensors weights;
  std::vector<ir::TensorData> inputs;
  std::vector<std::string> input_files;
  std::string weights_file;
  std::optional<std::vector<ir::TensorData>> expected; // none: nothing to compare with
  std::string not_verified_reason;
};

// The inputs a model is checked on: NAME.in0.npy... beside it, else --inputs or --input-shape,
// else (TorchScript) shapes guessed from the first op reading each input, (.pt2) its example
// inputs or (IR JSON) its declared shapes, seeded.
io::ModelSourceOptions sourceOptions(const std::string& model, const ReportArguments& args,
                                     PreparedModel& prepared) {
  io::ModelSourceOptions options = modelSourceOptions(args.inputs);
  for (const fs::path& file : io::filesBesideModel(model).inputs)
    prepared.input_files.push_back(file.string());
  if (!prepared.input_files.empty()) {
    options.inputs.npy_files = prepared.input_files;
    options.inputs.specs.clear();
  } else {
    prepared.input_files = args.inputs.npy_files;
  }
  options.guess_input_shapes = true;
  options.want_inputs = true;
  options.want_weights = io::ModelSourceOptions::Weights::Required;
  return options;
}

void prepareTorchScript(const std::string& model, const ReportArguments& args,
                        PreparedModel& prepared) {
  // The model's own weights, whatever --weights says for the IR JSON models.
  io::ModelSource source = io::loadModel(model, sourceOptions(model, args, prepared));
  prepared.graph = std::move(source.model.graph);
  prepared.graph_read = true;
  prepared.weights = std::move(source.weights);
  prepared.inputs = std::move(source.inputs);
  prepared.weights_file = source.weights_file;
  prepared.expected = std::move(source.outputs);
}

void prepareIr(const std::string& model, const ReportArguments& args, PreparedModel& prepared) {
  io::ModelSourceOptions options = sourceOptions(model, args, prepared);
  options.weights = args.weights;
  io::ModelSource source = io::loadModel(model, options);
  prepared.graph = std::move(source.model.graph);
  prepared.graph_read = true;
  prepared.weights = std::move(source.weights);
  prepared.weights_file = source.weights_file;
  prepared.inputs = std::move(source.inputs);

  // Expected outputs only mean something for the inputs they were computed from.
  const io::FilesBesideModel beside = io::filesBesideModel(model);
  const bool expected_usable =
      !beside.outputs.empty() && (!beside.inputs.empty() || prepared.graph.inputs.empty());
  if (expected_usable) {
    std::vector<ir::TensorData> expected;
    for (const fs::path& file : beside.outputs)
      expected.push_back(io::readNpy(file));
    prepared.expected = std::move(expected);
  } else if (!beside.torchscript.empty()) {
    torchscript::ExtractionOptions options;
    options.input_values = prepared.inputs;
    prepared.expected = torchscript::extractTorchScript(beside.torchscript, options).outputs;
  } else {
    const std::string stem = io::modelStem(model);
    prepared.not_verified_reason =
        beside.outputs.empty()
            ? "the IR ran, but there was nothing to compare its outputs with: no " + stem +
                  ".out0.npy... (with the " + stem + ".in0.npy... they came from) and no " + stem +
                  ".ts.pt beside " + model
            : "the IR ran, but there was nothing to compare its outputs with: " + stem +
                  ".out0.npy is beside " + model + ", but no " + stem +
                  ".in0.npy to say what it was computed from, and no " + stem + ".ts.pt";
  }
}

// The model's report, and whether something about it could not be read or run.
struct Outcome {
  io::ModelResult result;
  std::optional<ir::Graph> graph;
  bool unreadable = false;
};

Outcome reportModel(const std::string& model, const std::string& name,
                    const ReportArguments& args) {
  const auto start = std::chrono::steady_clock::now();
  Outcome outcome;
  io::ModelResult& result = outcome.result;
  result.name = name;
  result.categories = args.categories;
  try {
    PreparedModel prepared;
    try {
      if (io::modelKindOf(model) == io::ModelKind::TorchScript)
        prepareTorchScript(model, args, prepared);
      else
        prepareIr(model, args, prepared);
    } catch (...) {
      // What could be read still goes into the report, as torch_ir's does when only the
      // verification failed.
      if (prepared.graph_read) {
        result.statistics = io::irStatistics(prepared.graph);
        outcome.graph = std::move(prepared.graph);
      }
      throw;
    }
    result.statistics = io::irStatistics(prepared.graph);
    const ir::Graph& graph = outcome.graph.emplace(std::move(prepared.graph));

    torchscript::ExecutionOptions options;
    options.model_file = model;
    options.weights_file = prepared.weights_file;
    options.input_files = prepared.input_files;
    options.threads = args.threads;
    const torchscript::ExecutionResult run =
        torchscript::executeIr(graph, prepared.weights, prepared.inputs, options);
    if (run.first_non_finite)
      std::cerr << "note: " << nonFiniteMessage(model, graph, *run.first_non_finite) << '\n';
    if (prepared.expected) {
      for (size_t i = 0; i < prepared.expected->size() && i < run.outputs.size(); ++i) {
        const std::string problem =
            ir::comparabilityProblem(run.outputs[i], (*prepared.expected)[i]);
        if (!problem.empty())
          throw std::runtime_error(model + ": the IR's output " + std::to_string(i) +
                                   " cannot be compared with the expected one: " + problem);
      }
      ir::VerificationReport report;
      ir::compareOutputs(*prepared.expected, run.outputs, args.tolerance, report);
      const ir::VerdictRule rule = args.rule();
      const ir::Verdict verdict = ir::decideVerdict(report, rule);
      result.verification = reportVerification(report, verdict, rule);
      const bool passed = verdict.status != ir::VerdictStatus::Failed;
      result.status = passed ? io::ModelStatus::Passed : io::ModelStatus::Failed;
      if (!passed)
        result.error = verdict.reason;
    } else {
      result.status = io::ModelStatus::NotVerified;
      result.not_verified_reason = prepared.not_verified_reason;
    }
  } catch (const std::exception& error) {
    result.status = io::ModelStatus::Failed;
    result.error = error.what();
    outcome.unreadable = true;
    reportError(error.what());
  }
  result.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

std::string progressLine(const io::ModelResult& result) {
  char duration[32];
  std::snprintf(duration, sizeof duration, " (%.3fs)", result.duration_seconds);
  switch (result.status) {
  case io::ModelStatus::Passed: {
    char diff[32];
    std::snprintf(diff, sizeof diff, "%.2e", result.verification->max_diff);
    std::string pcc;
    for (const io::ReportVerification::Output& output : result.verification->outputs)
      if (output.pcc_checked) {
        char figure[64];
        std::snprintf(figure, sizeof figure, "%.8g (needs >= %g)", output.pcc,
                      output.pcc_threshold);
        pcc += (pcc.empty() ? ", PCC " : ", ") + std::string(figure);
      }
    return result.name + ": PASSED, max difference " + diff + pcc + duration;
  }
  case io::ModelStatus::NotVerified:
    return result.name + ": NOT VERIFIED" + duration;
  case io::ModelStatus::Failed:
    break;
  }
  return result.name + ": FAILED: " + result.error + duration;
}

int runReport(const ReportArguments& args) {
  // A malformed shape is a wrong command line, not a model's failure.
  try {
    args.inputs.choice();
  } catch (const std::invalid_argument& error) {
    reportError(std::string("--input-shape: ") + error.what());
    return kExitUnreadable;
  }
  const fs::path directory = args.output_dir;
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    reportError(args.output_dir + ": cannot create the folder: " + error.message());
    return kExitUnreadable;
  }

  std::vector<io::ModelResult> results;
  // SUMMARY.md is the summary's: a model called SUMMARY gets SUMMARY_2.md.
  std::set<std::string> names{"SUMMARY"};
  bool unreadable = false, failed = false;
  try {
    for (const std::string& model : args.models) {
      Outcome outcome = reportModel(model, uniqueName(io::modelStem(model), names), args);
      unreadable = unreadable || outcome.unreadable;
      failed = failed || outcome.result.status == io::ModelStatus::Failed;
      // Written as each model is done, so that a long run shows its progress in DIR.
      io::writeFileAtomically(directory / (outcome.result.name + ".md"),
                              io::modelReportMarkdown(outcome.result,
                                                      outcome.graph ? &*outcome.graph : nullptr,
                                                      io::isoTimestampNow()));
      std::cout << progressLine(outcome.result) << '\n';
      results.push_back(std::move(outcome.result));
    }
    const fs::path summary = directory / "SUMMARY.md";
    io::writeFileAtomically(
        summary, io::summaryMarkdown(results, io::isoTimestampNow(), ir::ruleText(args.rule())));
    std::cout << "Test reports generated in: " << directory.string() << '\n'
              << "Summary: " << summary.string() << '\n'
              << "Rule: " << ir::ruleText(args.rule()) << '\n';
  } catch (const std::exception& write_error) {
    reportError(write_error.what());
    return kExitUnreadable;
  }
  if (unreadable)
    return kExitUnreadable;
  return failed ? kExitInvalid : kExitOk;
}

} // namespace

Action addReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArguments>();
  CLI::App* command = app.add_subcommand(
      "report", "Verify models and write torch_ir's Markdown test reports: DIR/NAME.md per model "
                "and DIR/SUMMARY.md, by verify's rule (see irscope-cli verify --help); exit 0 "
                "when all pass, 1 when one fails, 2 when one cannot be read");
  command
      ->add_option("MODEL", args->models,
                   std::string(kModelsArgumentHelp) +
                       ". TorchScript is compared with itself, the others with NAME.out0.npy... "
                       "(from NAME.in0.npy...) or NAME.ts.pt beside each")
      ->required();
  command->add_option("-o,--output", args->output_dir, "Folder for the reports")->required();
  addWeightsOption(*command, args->weights);
  // NAME.in0.npy... beside a model wins; a TorchScript model's shapes are guessed without them.
  addModelInputOptions(*command, args->inputs, true);
  command
      ->add_option("--category", args->categories,
                   "A category of every model, for SUMMARY.md's Results by Category; repeat "
                   "for several")
      ->allow_extra_args(false);
  addThreadsOption(*command, args->threads);
  addToleranceOptions(*command, args->tolerance);
  args->pcc_option = addPccOption(*command, args->pcc);
  return [args] { return runReport(*args); };
}

} // namespace irscope::cli
