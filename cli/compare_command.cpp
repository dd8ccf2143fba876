// irscope-cli compare: how closely actual .npy outputs agree with expected ones, file by file.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/shared_options.h"
#include "core/json_number.h"
#include "core/numeric_agreement.h"
#include "core/shape.h"
#include "core/tensor_values.h"
#include "core/verdict.h"
#include "io/load_error.h"
#include "io/npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

namespace irscope::cli {
namespace {

namespace fs = std::filesystem;

struct CompareArguments {
  std::string actual;
  std::string expected;
  std::string dtype;
  ir::Tolerance tolerance;
  double pcc = 0;
  CLI::Option* pcc_option = nullptr; // unless given, each pair's dtype chooses the threshold
  bool json = false;
};

// One expected file and its actual counterpart.
struct FilePair {
  std::string name; // the file name in folder mode, ACTUAL in file mode
  fs::path actual;
  fs::path expected;
  bool missing = false; // no such file in the ACTUAL folder
  ir::NumericAgreement agreement;
  double pcc_threshold = 0;
  std::string note; // why allclose did not decide; empty when it did

  bool passed() const { return !missing && agreement.passed; }
};

struct Comparison {
  std::vector<FilePair> pairs;
  std::vector<std::string> not_compared; // .npy files in the ACTUAL folder only
};

std::string number(double value, int precision = 6) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*g", precision, value);
  return text;
}

ir::TensorData readComparable(const fs::path& path) {
  ir::TensorData tensor = io::readNpy(path);
  if (!ir::hasUlp(tensor.dtype))
    throw io::LoadError(path.string(), "a " + tensor.dtype +
                                           " array cannot be compared; only float and integer "
                                           "arrays can");
  return tensor;
}

// measureAgreement fails a pair outside allclose; under verify's rule allclose does not decide
// for an expected array below atol, nor below the dtype's rounding: then NaN and PCC do.
void applyVerdictRule(FilePair& pair, const ir::TensorData& expected, const std::string& dtype,
                      const CompareArguments& args) {
  ir::NumericAgreement& r = pair.agreement;
  if (!r.shapes_match)
    return;
  double max_abs = 0;
  for (const double value : ir::valuesAsDouble(ir::viewOf(expected)))
    if (std::isfinite(value))
      max_abs = std::max(max_abs, std::fabs(value));
  if (max_abs < args.tolerance.atol)
    pair.note = "every expected value is below atol (max |expected| " + number(max_abs) + " < " +
                number(args.tolerance.atol) + "), so allclose cannot tell; decided by PCC and NaN";
  else if (args.tolerance.rtol < ir::unitRoundoff(dtype))
    pair.note = "rtol " + number(args.tolerance.rtol) + " is below " + dtype + "'s rounding (" +
                number(ir::unitRoundoff(dtype), 3) +
                "), so allclose is printed but PCC and NaN "
                "decide";
  if (pair.note.empty() || r.allclose)
    return;
  // The problems other than allclose's still stand.
  std::string problem;
  size_t start = 0;
  const std::string& all = r.problem;
  while (start <= all.size()) {
    size_t end = all.find("; ", start);
    if (end == std::string::npos)
      end = all.size();
    const std::string part = all.substr(start, end - start);
    if (!part.empty() && part.rfind("not allclose", 0) != 0)
      problem += (problem.empty() ? "" : "; ") + part;
    start = end + 2;
  }
  r.problem = problem;
  r.passed = problem.empty();
}

void measure(FilePair& pair, const ir::AgreementOptions& given, const CompareArguments& args) {
  const ir::TensorData actual = readComparable(pair.actual);
  const ir::TensorData expected = readComparable(pair.expected);
  ir::AgreementOptions options = given;
  // verify's rule (core/verdict.h): the PCC threshold of the pair's lower-precision dtype
  // unless --pcc gives one, and allclose counts only where it can tell: not below atol, not
  // below the dtype's rounding.
  const std::string dtype = ir::lowerPrecisionDtype(
      options.dtype.empty() ? ir::lowerPrecisionDtype(actual.dtype, expected.dtype) : options.dtype,
      ir::lowerPrecisionDtype(actual.dtype, expected.dtype));
  if (!options.pcc_threshold)
    options.pcc_threshold = ir::defaultPcc(dtype);
  try {
    pair.agreement = ir::measureAgreement(actual, expected, options);
    pair.pcc_threshold = *options.pcc_threshold;
    applyVerdictRule(pair, expected, dtype, args);
  } catch (const std::invalid_argument& error) {
    throw io::LoadError(pair.expected.string(), error.what());
  }
}

// The names of the *.npy files directly in `folder`, sorted.
std::vector<std::string> npyFilesIn(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    if (it->path().extension() == ".npy" && it->is_regular_file(ignored))
      names.push_back(it->path().filename().string());
  }
  if (error)
    throw io::LoadError(folder.string(), "cannot list the folder: " + error.message());
  std::sort(names.begin(), names.end());
  return names;
}

void requireFolder(const std::string& path, const std::string& other) {
  std::error_code ignored;
  if (fs::is_directory(path, ignored))
    return;
  if (!fs::exists(path, ignored))
    throw io::LoadError(path, "no such file or folder");
  throw io::LoadError(path, "is a file but " + other +
                                " is a folder; give two .npy files or two folders");
}

Comparison compare(const CompareArguments& args, const ir::AgreementOptions& options) {
  Comparison comparison;
  std::error_code ignored;
  if (!fs::is_directory(args.actual, ignored) && !fs::is_directory(args.expected, ignored)) {
    FilePair pair{args.actual, args.actual, args.expected, false, {}, 0, ""};
    measure(pair, options, args);
    comparison.pairs.push_back(std::move(pair));
    return comparison;
  }
  requireFolder(args.actual, args.expected);
  requireFolder(args.expected, args.actual);
  const std::vector<std::string> expected = npyFilesIn(args.expected);
  if (expected.empty())
    throw io::LoadError(args.expected, "the folder holds no .npy files");
  const std::vector<std::string> actual = npyFilesIn(args.actual);
  const std::set<std::string> actual_names(actual.begin(), actual.end());
  const std::set<std::string> expected_names(expected.begin(), expected.end());
  for (const std::string& name : expected) {
    FilePair pair{name, fs::path(args.actual) / name, fs::path(args.expected) / name, false, {}, 0,
                  ""};
    if (actual_names.count(name))
      measure(pair, options, args); // one pair in memory at a time
    else
      pair.missing = true;
    comparison.pairs.push_back(std::move(pair));
  }
  for (const std::string& name : actual)
    if (!expected_names.count(name))
      comparison.not_compared.push_back(name);
  return comparison;
}

ir::VerdictRule rule(const CompareArguments& args) {
  ir::VerdictRule rule{args.tolerance, std::nullopt};
  if (args.pcc_option->count())
    rule.pcc = args.pcc;
  return rule;
}

void printText(const Comparison& comparison, const CompareArguments& args) {
  std::ostringstream out;
  size_t passed = 0;
  for (const FilePair& pair : comparison.pairs) {
    passed += pair.passed();
    if (pair.missing) {
      out << pair.name << ": FAIL: missing from " << args.actual << '\n';
      continue;
    }
    const ir::NumericAgreement& r = pair.agreement;
    out << pair.name << ": " << (r.passed ? "PASS" : "FAIL: " + r.problem) << '\n';
    if (!r.shapes_match)
      continue;
    out << "  shape " << ir::formatShapeList(r.expected_shape) << ", " << r.count << " elements\n";
    out << "  abs diff max " << number(r.max_abs_diff) << ", mean " << number(r.mean_abs_diff)
        << "; rel diff max " << number(r.max_rel_diff) << '\n';
    out << "  PCC " << number(r.pcc, 8) << " (needs >= " << number(pair.pcc_threshold) << "); ULP ("
        << r.ulp_dtype << ") mean " << number(r.ulp_mean) << ", max " << number(r.ulp_max) << '\n';
    out << "  allclose "
        << (r.allclose ? "yes"
                       : "no, " + std::to_string(r.not_close) + " of " + std::to_string(r.count) +
                             " elements outside")
        << " (rtol " << number(args.tolerance.rtol) << ", atol " << number(args.tolerance.atol)
        << ")\n";
    if (!pair.note.empty())
      out << "  note: " << pair.note << '\n';
    if (r.actual_nan || r.actual_inf || r.expected_nan || r.expected_inf)
      out << "  NaN/Inf: actual " << r.actual_nan << '/' << r.actual_inf << ", expected "
          << r.expected_nan << '/' << r.expected_inf << '\n';
  }
  if (!comparison.not_compared.empty()) {
    out << "not compared (not in " << args.expected << "):";
    for (const std::string& name : comparison.not_compared)
      out << ' ' << name;
    out << '\n';
  }
  out << passed << " of " << comparison.pairs.size() << " passed\n";
  out << "Rule: " << ir::ruleText(rule(args)) << '\n';
  std::cout << out.str();
}

void printJson(const Comparison& comparison, const CompareArguments& args, bool all_passed) {
  Json files = Json::array();
  for (const FilePair& pair : comparison.pairs) {
    Json file = {{"name", pair.name},
                 {"actual", pair.actual.string()},
                 {"expected", pair.expected.string()},
                 {"missing", pair.missing}};
    if (pair.missing) {
      file["passed"] = false;
      file["problem"] = "missing from " + args.actual;
    } else {
      const Json fields = ir::toJson(pair.agreement); // items() must not outlive it
      for (const auto& [key, value] : fields.items())
        file[key] = value;
      file["pcc_threshold"] = jsonNumber(pair.pcc_threshold);
      file["note"] = pair.note;
    }
    files.push_back(std::move(file));
  }
  Json json = Json::object();
  json["files"] = std::move(files);
  json["not_compared"] = comparison.not_compared;
  json["rtol"] = jsonNumber(args.tolerance.rtol);
  json["atol"] = jsonNumber(args.tolerance.atol);
  json["pcc_threshold"] = args.pcc_option->count() ? jsonNumber(args.pcc) : Json(nullptr);
  json["rule"] = ir::ruleText(rule(args));
  json["passed"] = all_passed;
  std::cout << json.dump(2) << '\n';
}

int runCompare(const CompareArguments& args) {
  if (!args.dtype.empty() && !ir::hasUlp(args.dtype)) {
    reportError("--dtype: '" + args.dtype +
                "' has no ULP; use float32, bfloat16, float16, float64 or an integer dtype");
    return kExitUnreadable;
  }
  ir::AgreementOptions options;
  options.dtype = args.dtype;
  options.rtol = args.tolerance.rtol;
  options.atol = args.tolerance.atol;
  if (args.pcc_option->count())
    options.pcc_threshold = args.pcc;
  Comparison comparison;
  try {
    comparison = compare(args, options);
  } catch (const std::exception& error) {
    reportError(error.what());
    return kExitUnreadable;
  }
  const bool all_passed = std::all_of(comparison.pairs.begin(), comparison.pairs.end(),
                                      [](const FilePair& pair) { return pair.passed(); });
  if (args.json)
    printJson(comparison, args, all_passed);
  else
    printText(comparison, args);
  // Arrays of different shapes cannot be compared at all: that is bad input, not a failed
  // comparison, and it gets its one line and exit 2 (after the report, which says the rest).
  for (const FilePair& pair : comparison.pairs)
    if (!pair.missing && !pair.agreement.shapes_match) {
      reportError(pair.actual.string() + ": shape " +
                  ir::formatShapeList(pair.agreement.actual_shape) + " does not match " +
                  pair.expected.string() + "'s " +
                  ir::formatShapeList(pair.agreement.expected_shape));
      return kExitUnreadable;
    }
  return all_passed ? kExitOk : kExitInvalid;
}

} // namespace

Action addCompareCommand(CLI::App& app) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* command = app.add_subcommand(
      "compare", "Compare actual .npy outputs with expected ones (two files, or two folders by "
                 "file name) by verify's rule (see irscope-cli verify --help); exit 0 when all "
                 "agree, 1 when not, 2 when something cannot be read or shapes differ");
  command->add_option("ACTUAL", args->actual, "Actual .npy file, or folder of them")->required();
  command->add_option("EXPECTED", args->expected, "Expected .npy file, or folder of them")
      ->required();
  command->add_option("--dtype", args->dtype,
                      "Measure ULP in this dtype (default: EXPECTED's; bfloat16 for float32 files "
                      "holding bfloat16 values)");
  addToleranceOptions(*command, args->tolerance);
  args->pcc_option = addPccOption(*command, args->pcc);
  addJsonFlag(*command, args->json);
  return [args]() { return runCompare(*args); };
}

} // namespace irscope::cli
